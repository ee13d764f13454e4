package molliesim

import (
	"encoding/json"
	"net/http"
)

const docsPayments = "https://docs.mollie.com/reference/list-payments"

func (s *Server) createPayment(c *call) response {
	f, aerr := decodeFields(c.body)
	if aerr != nil {
		return errorResponse(aerr)
	}
	p, aerr := s.paymentFromFields(f)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	p.mode, p.createdAt, p.status = c.mode, now, statusOpen
	p.expiresAt = now.Add(checkoutLifetime)
	s.addPaymentLocked(p)
	return jsonResponse(http.StatusCreated, s.paymentBody(p, c.base))
}

func (s *Server) paymentFromFields(f fields) (*payment, *apiError) {
	var p payment
	var aerr *apiError
	if aerr = f.check(createPaymentParams); aerr != nil {
		return nil, aerr
	}
	if aerr = f.refuseAPIKeyFields(); aerr != nil {
		return nil, aerr
	}
	if p.amount, aerr = f.amount(); aerr != nil {
		return nil, aerr
	}
	if p.description, aerr = f.description(); aerr != nil {
		return nil, aerr
	}
	if p.redirectURL, aerr = f.redirectURL("redirectUrl"); aerr != nil {
		return nil, aerr
	}
	if p.redirectURL == "" {
		return nil, unprocessable("redirectUrl", "The redirect URL is required for this payment")
	}
	if p.cancelURL, aerr = f.redirectURL("cancelUrl"); aerr != nil {
		return nil, aerr
	}
	if p.webhookURL, aerr = f.webhookURL(s.opts.AllowLoopbackWebhooks); aerr != nil {
		return nil, aerr
	}
	if p.metadata, aerr = f.metadata(); aerr != nil {
		return nil, aerr
	}
	if p.locale, aerr = f.locale(); aerr != nil {
		return nil, aerr
	}
	methods, aerr := f.methods("method")
	if aerr != nil {
		return nil, aerr
	}
	// With a list of methods the customer still chooses among them.
	if len(methods) == 1 {
		p.method = methods[0]
	}
	if p.metadata == nil {
		p.metadata = json.RawMessage("null")
	}
	return &p, nil
}

// findPaymentLocked finds a payment visible to the caller's mode.
func (s *Server) findPaymentLocked(c *call) (*payment, *apiError) {
	p, ok := s.payments[c.id()]
	if !ok || p.mode != c.mode {
		return nil, notFound("No payment exists with token " + c.id() + ".")
	}
	return p, nil
}

func (s *Server) getPayment(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	return jsonResponse(http.StatusOK, s.paymentBody(p, c.base))
}

// cancelPayment cancels what Mollie lets a merchant cancel: bank-transfer
// payments not yet completed.
func (s *Server) cancelPayment(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if !p.cancelable() {
		return errorResponse(unprocessable("", "The payment cannot be canceled"))
	}
	s.changeStatusLocked(p, statusCanceled, now)
	return jsonResponse(http.StatusOK, s.paymentBody(p, c.base))
}

func (s *Server) listPayments(c *call) response {
	q, aerr := parseListQuery(c.r, true)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	order := s.payOrder[c.mode]
	start := q.start(len(order))
	if q.from != "" {
		p, ok := s.payments[q.from]
		if !ok || p.mode != c.mode {
			return errorResponse(badRequest("from", "The cursor "+q.from+" does not refer to a payment"))
		}
		start = p.seq
	}
	pg := cut(order, start, q, func(*payment) bool { return true }, func(p *payment) string { return p.id })
	return listResponse(c, q, "payments", docsPayments, pg, func(p *payment) any { return s.paymentBody(p, c.base) })
}
