package molliesim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

var (
	errUnknownObject = errors.New("no such payment or payment link")
	errNotAllowed    = errors.New("not allowed")
)

// outcomes a customer (or the checkout form) can choose.
var outcomes = []string{statusPaid, statusFailed, statusCanceled, statusExpired, statusPending, statusAuthorized}

// methods the hosted pages offer; the API accepts a few more.
var pageMethods = []string{"ideal", "creditcard", "banktransfer", "paypal", "bancontact"}

var apiMethods = append(slices.Clone(pageMethods),
	"applepay", "belfius", "directdebit", "eps", "giftcard", "kbc", "klarna",
	"przelewy24", "twint", "trustly", "billie", "riverty", "in3", "satispay")

// next lists where each non-final status may go. Final statuses go nowhere.
var next = map[string][]string{
	statusOpen:       outcomes,
	statusPending:    {statusPaid, statusFailed, statusCanceled, statusExpired},
	statusAuthorized: {statusPaid, statusFailed, statusCanceled, statusExpired},
}

// notifying statuses make Mollie call the webhook; open and pending do not.
func notifying(status string) bool {
	switch status {
	case statusPaid, statusFailed, statusCanceled, statusExpired, statusAuthorized:
		return true
	}
	return false
}

// Pay is what a customer does on the hosted page. For a pl_… id a new tr_…
// attempt is started under the link first; for a tr_… id the payment itself
// moves. outcome is one of paid, failed, canceled, expired, pending
// ("pending, then paid later") or authorized; method e.g. "ideal" ("" keeps
// the payment's method, or picks one).
//
// On a link without a fixed amount the customer pays its minimumAmount;
// PayAmount enters another.
func (s *Server) Pay(id, outcome, method string) (string, error) {
	return s.PayAmount(id, "", outcome, method)
}

// PayAmount is Pay with the amount a customer enters on a payment link
// that asks none (a Mollie value string, "25.00"); "" for a link that has
// an amount, or to pay the minimum.
func (s *Server) PayAmount(id, value, outcome, method string) (string, error) {
	if !slices.Contains(outcomes, outcome) {
		return "", fmt.Errorf("pay %s: unknown outcome %q: %w", id, outcome, errNotAllowed)
	}
	if method != "" && !slices.Contains(apiMethods, method) {
		return "", fmt.Errorf("pay %s: unknown method %q: %w", id, method, errNotAllowed)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	p, err := s.payTargetLocked(id, value, now)
	if err != nil {
		return "", err
	}
	if !slices.Contains(next[p.status], outcome) {
		return "", fmt.Errorf("pay %s: payment %s is %s: %w", id, p.id, p.status, errNotAllowed)
	}
	p.method = chooseMethod(p.method, method, outcome)
	s.changeStatusLocked(p, outcome, now)
	return p.id, nil
}

// payTargetLocked finds the payment a customer action applies to,
// starting a new attempt when id is a payable link.
func (s *Server) payTargetLocked(id, value string, now time.Time) (*payment, error) {
	if strings.HasPrefix(id, "pl_") {
		l, ok := s.links[id]
		if !ok || l.deleted {
			return nil, fmt.Errorf("pay %s: %w", id, errUnknownObject)
		}
		if !l.payable(now) {
			return nil, fmt.Errorf("pay %s: the payment link is no longer payable: %w", id, errNotAllowed)
		}
		entered, err := enteredAmount(l, value)
		if err != nil {
			return nil, fmt.Errorf("pay %s: %w", id, err)
		}
		return s.newAttemptLocked(l, now, entered), nil
	}
	p, ok := s.payments[id]
	if !ok {
		return nil, fmt.Errorf("pay %s: %w", id, errUnknownObject)
	}
	return p, nil
}

// enteredAmount is what a customer pays on l: its amount, or on a link
// without one the value entered, never below the minimum.
func enteredAmount(l *link, value string) (money, error) {
	switch {
	case !l.openAmount() && value == "":
		return l.amount, nil
	case !l.openAmount():
		return money{}, fmt.Errorf("the link asks %s; no amount can be entered: %w", l.amount, errNotAllowed)
	case value == "" && l.minimum.currency == "":
		return money{}, fmt.Errorf("the link asks no amount; enter one: %w", errNotAllowed)
	case value == "":
		return l.minimum, nil
	}
	// Without a minimum nothing names a currency: the simulator's
	// customers pay in euros then.
	currency := cmp.Or(l.minimum.currency, "EUR")
	n, err := parseValue(currency, value)
	if err != nil || n <= 0 || n < l.minimum.minor {
		return money{}, fmt.Errorf("%q is not a positive %s amount of at least %s: %w", value, currency, l.minimum.value(), errNotAllowed)
	}
	return money{currency, n}, nil
}

func chooseMethod(current, chosen, outcome string) string {
	switch {
	case chosen != "":
		return chosen
	case current != "":
		return current
	case outcome == statusPending:
		return "banktransfer"
	}
	return "ideal"
}

// changeStatusLocked moves p to status as of at, keeps its link's paidAt in
// step, schedules a pending payment's settlement and queues the webhook.
func (s *Server) changeStatusLocked(p *payment, status string, at time.Time) {
	p.status = status
	switch status {
	case statusPending:
		p.settleAt = at.Add(s.opts.PendingSettleAfter)
		s.scheduleLocked(p.settleAt, evSettle, p)
	case statusAuthorized:
		p.authorizedAt = at
	case statusPaid:
		p.paidAt = at
		if p.link != nil && p.link.paidAt.IsZero() {
			p.link.paidAt = at
		}
	case statusCanceled:
		p.canceledAt = at
	case statusExpired:
		p.expiredAt = at
	case statusFailed:
		p.failedAt = at
	}
	if notifying(status) {
		s.enqueueWebhookLocked(p)
	}
}

// Refund refunds part or all of a paid payment. amountValue is a Mollie
// value string in the payment's currency ("12.50"). The refund is created
// as refunded; SetRefundStatus moves it on. The payment stays paid.
func (s *Server) Refund(paymentID string, amountValue string) error {
	_, err := s.CreateRefund(paymentID, amountValue)
	return err
}

// CreateRefund is Refund that tells the new refund's id.
func (s *Server) CreateRefund(paymentID string, amountValue string) (string, error) {
	return s.reverse(paymentID, amountValue, false)
}

// Chargeback records a chargeback on a paid payment, like Refund.
func (s *Server) Chargeback(paymentID string, amountValue string) error {
	_, err := s.CreateChargeback(paymentID, amountValue)
	return err
}

// CreateChargeback is Chargeback that tells the new chargeback's id.
func (s *Server) CreateChargeback(paymentID string, amountValue string) (string, error) {
	return s.reverse(paymentID, amountValue, true)
}

func (s *Server) reverse(id, value string, chargeback bool) (string, error) {
	what := "refund"
	if chargeback {
		what = "chargeback"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	p, ok := s.payments[id]
	if !ok {
		return "", fmt.Errorf("%s %s: %w", what, id, errUnknownObject)
	}
	if p.status != statusPaid {
		return "", fmt.Errorf("%s %s: the payment is %s, not paid: %w", what, id, p.status, errNotAllowed)
	}
	if !chargeback && !p.refundable() {
		return "", fmt.Errorf("refund %s: refunds are not available for payments by %s: %w", id, p.method, errNotAllowed)
	}
	n, err := parseValue(p.amount.currency, value)
	if err != nil || n <= 0 {
		return "", fmt.Errorf("%s %s: invalid amount %q for %s: %w", what, id, value, p.amount.currency, errNotAllowed)
	}
	if n > p.remaining() {
		return "", fmt.Errorf("%s %s: %s exceeds the remaining %s: %w", what, id,
			money{p.amount.currency, n}, money{p.amount.currency, p.remaining()}, errNotAllowed)
	}
	var newID string
	if chargeback {
		newID = s.addChargebackLocked(p, n, now).id
	} else {
		newID = s.addRefundLocked(p, n, "", nil, refundRefunded, now).id
	}
	s.enqueueWebhookLocked(p)
	return newID, nil
}
