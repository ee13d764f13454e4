package molliesim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Refunds and chargebacks are resources of their own, as in Mollie's
// document: /v2/payments/{id}/refunds, /v2/payments/{id}/chargebacks and the
// lists of all of them under /v2/refunds and /v2/chargebacks.

const (
	docsRefunds     = "https://docs.mollie.com/reference/list-refunds"
	docsChargebacks = "https://docs.mollie.com/reference/list-chargebacks"
)

// Refund statuses as the document's refund-status spells them.
const (
	refundQueued     = "queued"
	refundPending    = "pending"
	refundProcessing = "processing"
	refundRefunded   = "refunded"
	refundFailed     = "failed"
	refundCanceled   = "canceled"
)

// refund is a re_… object. A failed or canceled refund gives its amount
// back to the payment's amountRemaining.
type refund struct {
	id          string
	payment     *payment
	amount      money
	description string
	metadata    json.RawMessage
	status      string
	createdAt   time.Time
	seq         int // index in Server.refundOrder[mode]
	paySeq      int // index in payment.refunds
}

// counts tells whether the refund still takes money from the payment.
func (r *refund) counts() bool { return r.status != refundFailed && r.status != refundCanceled }

// chargeback is a chb_… object; a reversed one gives its amount back.
type chargeback struct {
	id         string
	payment    *payment
	amount     money
	createdAt  time.Time
	reversedAt time.Time
	seq        int
	paySeq     int
}

// addRefundLocked takes n from what p can still give back and stores a
// refund with status.
func (s *Server) addRefundLocked(p *payment, n int64, description string, metadata json.RawMessage, status string, now time.Time) *refund {
	if metadata == nil {
		metadata = json.RawMessage("null")
	}
	r := &refund{id: s.newIDLocked("re_", 10), payment: p, amount: money{p.amount.currency, n},
		description: description, metadata: metadata, status: status, createdAt: now}
	r.seq, r.paySeq = len(s.refundOrder[p.mode]), len(p.refunds)
	s.refundOrder[p.mode] = append(s.refundOrder[p.mode], r)
	p.refunds = append(p.refunds, r)
	s.refunds[r.id] = r
	p.refunded += n
	return r
}

func (s *Server) addChargebackLocked(p *payment, n int64, now time.Time) *chargeback {
	cb := &chargeback{id: s.newIDLocked("chb_", 6), payment: p, amount: money{p.amount.currency, n}, createdAt: now}
	cb.seq, cb.paySeq = len(s.chargebackOrder[p.mode]), len(p.chargebacks)
	s.chargebackOrder[p.mode] = append(s.chargebackOrder[p.mode], cb)
	p.chargebacks = append(p.chargebacks, cb)
	s.chargebacks[cb.id] = cb
	p.chargedBack += n
	return cb
}

// SetRefundStatus moves a refund to one of Mollie's refund statuses. Moving
// it to failed or canceled gives its amount back to the payment; Mollie then
// calls the payment's webhook, as it does for every refund change.
func (s *Server) SetRefundStatus(refundID, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	r, ok := s.refunds[refundID]
	if !ok {
		return fmt.Errorf("refund %s: %w", refundID, errUnknownObject)
	}
	switch status {
	case refundQueued, refundPending, refundProcessing, refundRefunded, refundFailed, refundCanceled:
	default:
		return fmt.Errorf("refund %s: unknown status %q: %w", refundID, status, errNotAllowed)
	}
	if !r.counts() {
		return fmt.Errorf("refund %s is already %s: %w", refundID, r.status, errNotAllowed)
	}
	r.status = status
	if !r.counts() {
		r.payment.refunded -= r.amount.minor
	}
	s.enqueueWebhookLocked(r.payment)
	return nil
}

// ReverseChargeback marks a chargeback reversed (the bank gave the money
// back to the merchant): it gets a reversedAt and no longer counts in the
// payment's amountChargedBack.
func (s *Server) ReverseChargeback(chargebackID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	cb, ok := s.chargebacks[chargebackID]
	if !ok {
		return fmt.Errorf("chargeback %s: %w", chargebackID, errUnknownObject)
	}
	if !cb.reversedAt.IsZero() {
		return fmt.Errorf("chargeback %s is already reversed: %w", chargebackID, errNotAllowed)
	}
	cb.reversedAt = now
	cb.payment.chargedBack -= cb.amount.minor
	s.enqueueWebhookLocked(cb.payment)
	return nil
}

type refundBody struct {
	Resource    string          `json:"resource"`
	ID          string          `json:"id"`
	Mode        string          `json:"mode"`
	Description string          `json:"description"`
	Amount      amountJSON      `json:"amount"`
	Metadata    json.RawMessage `json:"metadata"`
	PaymentID   string          `json:"paymentId"`
	Status      string          `json:"status"`
	CreatedAt   string          `json:"createdAt"`
	Links       map[string]ref  `json:"_links"`
}

// refundJSON renders a refund; only one fetched alone carries a
// documentation link (the document's list-entity-refund declares none).
func refundJSON(r *refund, base string, alone bool) refundBody {
	b := refundBody{
		Resource: "refund", ID: r.id, Mode: r.payment.mode, Description: r.description,
		Amount: r.amount.json(), Metadata: r.metadata, PaymentID: r.payment.id, Status: r.status,
		CreatedAt: stamp(r.createdAt),
		Links: map[string]ref{
			"self":    {Href: base + "/v2/payments/" + r.payment.id + "/refunds/" + r.id, Type: halJSON},
			"payment": {Href: base + "/v2/payments/" + r.payment.id, Type: halJSON},
		},
	}
	if alone {
		b.Links["documentation"] = ref{Href: "https://docs.mollie.com/reference/get-refund", Type: textHTML}
	}
	return b
}

type chargebackBody struct {
	Resource   string         `json:"resource"`
	ID         string         `json:"id"`
	Amount     amountJSON     `json:"amount"`
	PaymentID  string         `json:"paymentId"`
	CreatedAt  string         `json:"createdAt"`
	ReversedAt *string        `json:"reversedAt"`
	Links      map[string]ref `json:"_links"`
}

func chargebackJSON(cb *chargeback, base string, alone bool) chargebackBody {
	b := chargebackBody{
		Resource: "chargeback", ID: cb.id, Amount: cb.amount.json(), PaymentID: cb.payment.id,
		CreatedAt: stamp(cb.createdAt), ReversedAt: nullStamp(cb.reversedAt),
		Links: map[string]ref{
			"self":    {Href: base + "/v2/payments/" + cb.payment.id + "/chargebacks/" + cb.id, Type: halJSON},
			"payment": {Href: base + "/v2/payments/" + cb.payment.id, Type: halJSON},
		},
	}
	if alone {
		b.Links["documentation"] = ref{Href: "https://docs.mollie.com/reference/get-chargeback", Type: textHTML}
	}
	return b
}

// createRefund refunds part or all of a paid payment. Mollie starts a
// refund as pending (queued when the balance is short, which the simulator
// never is): https://docs.mollie.com/reference/create-refund.
func (s *Server) createRefund(c *call) response {
	f, aerr := decodeFields(c.body)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if aerr := f.check(createRefundParams); aerr != nil {
		return errorResponse(aerr)
	}
	if aerr := f.refuseAPIKeyFields(); aerr != nil {
		return errorResponse(aerr)
	}
	amount, aerr := f.amount()
	if aerr != nil {
		return errorResponse(aerr)
	}
	description, aerr := f.str("description")
	if aerr != nil {
		return errorResponse(aerr)
	}
	metadata, aerr := f.metadata()
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	switch {
	case p.status != statusPaid:
		return errorResponse(unprocessable("", "The payment is "+p.status+" and cannot be refunded"))
	case !p.refundable():
		return errorResponse(unprocessable("", "Refunds are not available for payments by "+p.method))
	case amount.currency != p.amount.currency:
		return errorResponse(unprocessable("amount.currency", "The refund must be in the payment's currency"))
	case amount.minor > p.remaining():
		return errorResponse(unprocessable("amount", "The amount is higher than the amount that can be refunded"))
	}
	r := s.addRefundLocked(p, amount.minor, description, metadata, refundPending, now)
	s.enqueueWebhookLocked(p)
	return jsonResponse(http.StatusCreated, refundJSON(r, c.base, true))
}

// findRefundLocked finds a refund of the payment in the path.
func (s *Server) findRefundLocked(c *call) (*refund, *apiError) {
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	id := c.r.PathValue("refundId")
	r, ok := s.refunds[id]
	if !ok || r.payment != p {
		return nil, notFound("No refund exists with token " + id + ".")
	}
	return r, nil
}

func (s *Server) getRefund(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	r, aerr := s.findRefundLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	return jsonResponse(http.StatusOK, refundJSON(r, c.base, true))
}

// cancelRefund cancels a refund Mollie has not started paying out: only a
// queued or pending one (https://docs.mollie.com/reference/cancel-refund).
func (s *Server) cancelRefund(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	r, aerr := s.findRefundLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if r.status != refundQueued && r.status != refundPending {
		return errorResponse(unprocessable("", "The refund is "+r.status+" and can no longer be canceled"))
	}
	r.status = refundCanceled
	r.payment.refunded -= r.amount.minor
	s.enqueueWebhookLocked(r.payment)
	return response{status: http.StatusNoContent}
}

func (s *Server) listPaymentRefunds(c *call) response {
	q, aerr := parseListQuery(c.r, false)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	at := func(id string) (int, bool) {
		r, ok := s.refunds[id]
		if !ok || r.payment != p {
			return 0, false
		}
		return r.paySeq, true
	}
	return listEvery(c, q, p.refunds, at, "a refund of this payment", "refunds", docsRefunds,
		func(r *refund) string { return r.id }, func(r *refund) any { return refundJSON(r, c.base, false) })
}

func (s *Server) listAllRefunds(c *call) response {
	q, aerr := parseListQuery(c.r, true)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	at := func(id string) (int, bool) {
		r, ok := s.refunds[id]
		if !ok || r.payment.mode != c.mode {
			return 0, false
		}
		return r.seq, true
	}
	return listEvery(c, q, s.refundOrder[c.mode], at, "a refund", "refunds", docsRefunds,
		func(r *refund) string { return r.id }, func(r *refund) any { return refundJSON(r, c.base, false) })
}

func (s *Server) getChargeback(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	id := c.r.PathValue("chargebackId")
	cb, ok := s.chargebacks[id]
	if !ok || cb.payment != p {
		return errorResponse(notFound("No chargeback exists with token " + id + "."))
	}
	return jsonResponse(http.StatusOK, chargebackJSON(cb, c.base, true))
}

func (s *Server) listPaymentChargebacks(c *call) response {
	q, aerr := parseListQuery(c.r, false)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	p, aerr := s.findPaymentLocked(c)
	if aerr != nil {
		return errorResponse(aerr)
	}
	at := func(id string) (int, bool) {
		cb, ok := s.chargebacks[id]
		if !ok || cb.payment != p {
			return 0, false
		}
		return cb.paySeq, true
	}
	return listEvery(c, q, p.chargebacks, at, "a chargeback of this payment", "chargebacks", docsChargebacks,
		func(cb *chargeback) string { return cb.id }, func(cb *chargeback) any { return chargebackJSON(cb, c.base, false) })
}

func (s *Server) listAllChargebacks(c *call) response {
	q, aerr := parseListQuery(c.r, true)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	at := func(id string) (int, bool) {
		cb, ok := s.chargebacks[id]
		if !ok || cb.payment.mode != c.mode {
			return 0, false
		}
		return cb.seq, true
	}
	return listEvery(c, q, s.chargebackOrder[c.mode], at, "a chargeback", "chargebacks", docsChargebacks,
		func(cb *chargeback) string { return cb.id }, func(cb *chargeback) any { return chargebackJSON(cb, c.base, false) })
}
