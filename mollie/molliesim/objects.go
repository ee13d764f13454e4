package molliesim

import (
	"encoding/json"
	"math/rand/v2"
	"time"
)

// Payment statuses as Mollie spells them.
const (
	statusOpen       = "open"
	statusPending    = "pending"
	statusAuthorized = "authorized"
	statusPaid       = "paid"
	statusCanceled   = "canceled"
	statusExpired    = "expired"
	statusFailed     = "failed"
)

// checkoutLifetime is how long a Payments API checkout stays open.
const checkoutLifetime = 15 * time.Minute

// payment is a tr_… object: a checkout payment, or an attempt a customer
// started under a payment link.
type payment struct {
	id          string
	mode        string
	createdAt   time.Time
	amount      money
	description string
	status      string
	method      string // "" until the customer chose one
	metadata    json.RawMessage
	locale      string
	redirectURL string
	cancelURL   string
	webhookURL  string
	link        *link // nil for a checkout payment

	expiresAt    time.Time
	authorizedAt time.Time
	paidAt       time.Time
	canceledAt   time.Time
	expiredAt    time.Time
	failedAt     time.Time
	settleAt     time.Time // when a pending payment becomes paid

	refunded    int64 // of refunds neither failed nor canceled
	chargedBack int64 // of chargebacks not reversed
	refunds     []*refund
	chargebacks []*chargeback

	seq     int // index in Server.payOrder[mode]
	linkSeq int // index in link.payments
}

// link is a pl_… payment link.
type link struct {
	id             string
	mode           string
	createdAt      time.Time
	description    string
	amount         money // no currency: the customer enters an amount
	minimum        money // for such a link, the least they may enter; may be unset
	redirectURL    string
	webhookURL     string
	expiresAt      time.Time // zero: never
	reusable       bool
	allowedMethods []string
	archived       bool
	opened         bool // a customer looked at it or started paying
	deleted        bool // kept as a tombstone so cursors stay valid
	paidAt         time.Time
	payments       []*payment // attempts, oldest first
	seq            int        // index in Server.linkOrder[mode]
}

func (p *payment) final() bool {
	switch p.status {
	case statusPaid, statusCanceled, statusExpired, statusFailed:
		return true
	}
	return false
}

// cancelable follows Mollie: only bank-transfer-like payments that have not
// completed can be canceled by the merchant.
func (p *payment) cancelable() bool {
	return p.method == "banktransfer" && (p.status == statusOpen || p.status == statusPending)
}

// remaining is Mollie's amountRemaining: what can still be refunded.
func (p *payment) remaining() int64 { return p.amount.minor - p.refunded - p.chargedBack }

// refundable tells whether refunds are available for the payment: "Most
// payment methods support refunds. Refunds are not available for some
// payment methods, however, such as paysafecard and gift cards"
// (https://docs.mollie.com/payments/refunds). Such a payment has no
// amountRefunded and no amountRemaining, which Mollie's document sends
// "only when refunds are available for this payment".
func (p *payment) refundable() bool { return p.method != "giftcard" && p.method != "paysafecard" }

// payable tells whether a customer can still start paying the link.
func (l *link) payable(now time.Time) bool {
	if l.archived || l.deleted || l.expired(now) {
		return false
	}
	return l.reusable || l.paidAt.IsZero()
}

func (l *link) expired(now time.Time) bool {
	return !l.expiresAt.IsZero() && !now.Before(l.expiresAt)
}

// newIDLocked makes a fresh random id; ids are not derived from the seed so
// that a restarted simulator never repeats ids a database already holds.
func (s *Server) newIDLocked(prefix string, n int) string {
	for {
		id := prefix + randomToken(rand.IntN, n)
		if _, taken := s.payments[id]; taken {
			continue
		}
		if _, taken := s.links[id]; taken {
			continue
		}
		if _, taken := s.refunds[id]; taken {
			continue
		}
		if _, taken := s.chargebacks[id]; taken {
			continue
		}
		return id
	}
}

// addLinkLocked stores a new link and tells the simulated customers.
func (s *Server) addLinkLocked(l *link) {
	l.id = s.newIDLocked("pl_", 21)
	l.seq = len(s.linkOrder[l.mode])
	s.linkOrder[l.mode] = append(s.linkOrder[l.mode], l)
	s.links[l.id] = l
	s.notifyCustomersLocked(l.id)
}

// addPaymentLocked stores a new payment (and, for an attempt, files it
// under its link) and schedules its expiry.
func (s *Server) addPaymentLocked(p *payment) {
	p.id = s.newIDLocked("tr_", 10)
	p.seq = len(s.payOrder[p.mode])
	s.payOrder[p.mode] = append(s.payOrder[p.mode], p)
	s.payments[p.id] = p
	if p.link != nil {
		p.linkSeq = len(p.link.payments)
		p.link.payments = append(p.link.payments, p)
		p.link.opened = true
	} else {
		s.notifyCustomersLocked(p.id)
	}
	s.scheduleLocked(p.expiresAt, evExpire, p)
}

// openAmount tells whether the customer enters the amount.
func (l *link) openAmount() bool { return l.amount.currency == "" }

// asked says what the link asks, for its pages.
func (l *link) asked() string {
	switch {
	case !l.openAmount():
		return l.amount.String()
	case l.minimum.currency != "":
		return "at least " + l.minimum.String()
	}
	return "an amount of your choice"
}

// newAttemptLocked starts a payment under l, as when a customer clicks Pay
// on the link's page. It expires like a checkout, or with its link. On a
// link without an amount the customer pays what they entered.
func (s *Server) newAttemptLocked(l *link, now time.Time, entered money) *payment {
	expires := now.Add(checkoutLifetime)
	if !l.expiresAt.IsZero() && l.expiresAt.Before(expires) {
		expires = l.expiresAt
	}
	p := &payment{
		mode:        l.mode,
		createdAt:   now,
		amount:      entered,
		description: l.description,
		status:      statusOpen,
		redirectURL: l.redirectURL,
		webhookURL:  l.webhookURL,
		link:        l,
		expiresAt:   expires,
		metadata:    json.RawMessage("null"),
	}
	s.addPaymentLocked(p)
	return p
}
