package molliesim

import (
	"net/http"
	"time"
)

const docsPaymentLinks = "https://docs.mollie.com/reference/list-payment-links"

func (s *Server) createLink(c *call) response {
	f, aerr := decodeFields(c.body)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	l, aerr := s.linkFromFields(f, now)
	if aerr != nil {
		return errorResponse(aerr)
	}
	l.mode, l.createdAt = c.mode, now
	s.addLinkLocked(l)
	return jsonResponse(http.StatusCreated, s.linkBody(l, c.base))
}

func (s *Server) linkFromFields(f fields, now time.Time) (*link, *apiError) {
	var l link
	var aerr *apiError
	if aerr = f.check(createLinkParams); aerr != nil {
		return nil, aerr
	}
	if aerr = f.refuseAPIKeyFields(); aerr != nil {
		return nil, aerr
	}
	if l.description, aerr = f.description(); aerr != nil {
		return nil, aerr
	}
	if l.amount, l.minimum, aerr = linkAmounts(f); aerr != nil {
		return nil, aerr
	}
	if l.redirectURL, aerr = f.redirectURL("redirectUrl"); aerr != nil {
		return nil, aerr
	}
	if l.webhookURL, aerr = f.webhookURL(s.opts.AllowLoopbackWebhooks); aerr != nil {
		return nil, aerr
	}
	if l.expiresAt, aerr = f.expiresAt(now); aerr != nil {
		return nil, aerr
	}
	if l.reusable, aerr = f.boolean("reusable"); aerr != nil {
		return nil, aerr
	}
	if l.allowedMethods, aerr = f.methods("allowedMethods"); aerr != nil {
		return nil, aerr
	}
	return &l, nil
}

// linkAmounts reads a link's amount, which Mollie's document makes
// optional: without it "the customer will be prompted to enter an amount",
// at least minimumAmount, which "is only allowed when there is no amount
// provided" (entity-payment-link).
func linkAmounts(f fields) (amount, minimum money, aerr *apiError) {
	if f.has("amount") {
		if f.has("minimumAmount") {
			return money{}, money{}, unprocessable("minimumAmount", "The minimum amount is only allowed when no amount is given")
		}
		amount, aerr = f.money("amount")
		return amount, money{}, aerr
	}
	if f.has("minimumAmount") {
		minimum, aerr = f.money("minimumAmount")
	}
	return money{}, minimum, aerr
}

// findLinkLocked finds a link visible to the caller's mode.
func (s *Server) findLinkLocked(c *call) (*link, *apiError) {
	l, ok := s.links[c.id()]
	if !ok || l.deleted || l.mode != c.mode {
		return nil, notFound("No payment link exists with token " + c.id() + ".")
	}
	return l, nil
}

func (s *Server) getLink(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	l, aerr := s.findLinkLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	return jsonResponse(http.StatusOK, s.linkBody(l, c.base))
}

// updateLink changes what the document's update-payment-link operation
// declares and the simulator models: the description, archived and the
// allowed methods. Anything else is refused (see updateLinkParams).
func (s *Server) updateLink(c *call) response {
	f, aerr := decodeFields(c.body)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	l, aerr := s.findLinkLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if aerr := f.check(updateLinkParams); aerr != nil {
		return errorResponse(aerr)
	}
	if aerr := f.refuseAPIKeyFields(); aerr != nil {
		return errorResponse(aerr)
	}
	description := l.description
	if _, ok := f["description"]; ok {
		if description, aerr = f.description(); aerr != nil {
			return errorResponse(aerr)
		}
	}
	archived := l.archived
	if f.has("archived") {
		if archived, aerr = f.boolean("archived"); aerr != nil {
			return errorResponse(aerr)
		}
	}
	methods := l.allowedMethods
	if _, ok := f["allowedMethods"]; ok {
		if methods, aerr = f.methods("allowedMethods"); aerr != nil {
			return errorResponse(aerr)
		}
	}
	l.description, l.archived, l.allowedMethods = description, archived, methods
	return jsonResponse(http.StatusOK, s.linkBody(l, c.base))
}

// deleteLink removes a link nobody has opened or paid; others must be
// archived instead.
func (s *Server) deleteLink(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	l, aerr := s.findLinkLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if l.opened || !l.paidAt.IsZero() || len(l.payments) > 0 {
		return errorResponse(unprocessable("", "The payment link cannot be deleted because it has been opened or paid; archive it instead"))
	}
	l.deleted = true
	return response{status: http.StatusNoContent}
}

func (s *Server) listLinks(c *call) response {
	q, aerr := parseListQuery(c.r, false)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	order := s.linkOrder[c.mode]
	start := q.start(len(order))
	if q.from != "" {
		l, ok := s.links[q.from]
		if !ok || l.mode != c.mode {
			return errorResponse(badRequest("from", "The cursor "+q.from+" does not refer to a payment link"))
		}
		start = l.seq
	}
	pg := cut(order, start, q, func(l *link) bool { return !l.deleted }, func(l *link) string { return l.id })
	return listResponse(c, q, "payment_links", docsPaymentLinks, pg, func(l *link) any { return s.linkBody(l, c.base) })
}

func (s *Server) listLinkPayments(c *call) response {
	q, aerr := parseListQuery(c.r, true)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	l, aerr := s.findLinkLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	start := q.start(len(l.payments))
	if q.from != "" {
		p, ok := s.payments[q.from]
		if !ok || p.link != l {
			return errorResponse(badRequest("from", "The cursor "+q.from+" does not refer to a payment of this link"))
		}
		start = p.linkSeq
	}
	pg := cut(l.payments, start, q, func(*payment) bool { return true }, func(p *payment) string { return p.id })
	return listResponse(c, q, "payments", docsPayments, pg, func(p *payment) any { return s.paymentBody(p, c.base) })
}
