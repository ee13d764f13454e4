package domain

import "time"

// PaymentKind is how the customer is asked to pay.
type PaymentKind string

// PaymentMethod is the Mollie payment method a customer paid with, such as
// "banktransfer", as a fact of a Text: readers see its name, as in the
// panes, not Mollie's identifier.
type PaymentMethod string

const (
	// KindLink is a Mollie payment link: long-lived, single use, for invoices.
	KindLink PaymentKind = "link"
	// KindCheckout is a Payments API checkout: for a customer paying right now.
	KindCheckout PaymentKind = "checkout"
)

// ParsePaymentKind accepts "link" and "checkout".
func ParsePaymentKind(s string) (PaymentKind, bool) {
	switch PaymentKind(s) {
	case KindLink, KindCheckout:
		return PaymentKind(s), true
	}
	return "", false
}

// Mode is Mollie's test or live mode; the API key's prefix decides it.
type Mode string

const (
	ModeTest Mode = "test"
	ModeLive Mode = "live"
)

// Status is a payment's state. Mollie's values are kept as Mollie spells them,
// unknown ones included; paydesk adds "creating" (intent written, Mollie not yet
// confirmed) and "archived" (a link paydesk replaced or that was archived).
type Status string

const (
	StatusCreating   Status = "creating"
	StatusOpen       Status = "open"
	StatusPending    Status = "pending"
	StatusAuthorized Status = "authorized"
	StatusPaid       Status = "paid"
	StatusCanceled   Status = "canceled"
	StatusExpired    Status = "expired"
	StatusFailed     Status = "failed"
	StatusArchived   Status = "archived"
)

// Final reports whether the status can never change again.
func (s Status) Final() bool {
	switch s {
	case StatusPaid, StatusCanceled, StatusExpired, StatusFailed, StatusArchived:
		return true
	}
	return false
}

// Known reports whether paydesk knows the status; unknown ones are shown raw.
func (s Status) Known() bool {
	switch s {
	case StatusCreating, StatusOpen, StatusPending, StatusAuthorized:
		return true
	}
	return s.Final()
}

// Payment is one Mollie object paydesk created for an invoice: a payment link
// (pl_…) with the attempts customers made under it, or a checkout payment (tr_…).
type Payment struct {
	ID             int64
	InvoiceID      int64
	InvoiceNumber  string
	Kind           PaymentKind
	Mode           Mode
	MollieID       string // empty while creating
	IdempotencyKey string
	Description    string
	Amount         Money
	URL            string
	Status         Status
	Method         string
	Actor          string

	CreatedAt  time.Time // when paydesk wrote the intent
	ExpiresAt  time.Time
	PaidAt     time.Time
	CanceledAt time.Time
	ExpiredAt  time.Time
	FailedAt   time.Time

	AmountRefunded    Money
	AmountChargedBack Money

	// CheckedAt is when the newest applied observation was fetched from
	// Mollie; an observation fetched earlier is never applied over it.
	CheckedAt time.Time
	Attempts  []Attempt
}

// Active reports whether the payment still occupies its invoice's one slot.
func (p Payment) Active() bool { return !p.Status.Final() }

// CompletedAt is when the payment reached its final status, or zero.
func (p Payment) CompletedAt() time.Time {
	switch p.Status {
	case StatusPaid:
		return p.PaidAt
	case StatusCanceled:
		return p.CanceledAt
	case StatusExpired:
		return p.ExpiredAt
	case StatusFailed:
		return p.FailedAt
	}
	return time.Time{}
}

// LastAttempt is the newest attempt under a link, if any.
func (p Payment) LastAttempt() (Attempt, bool) {
	var last Attempt
	found := false
	for _, a := range p.Attempts {
		if !found || a.CreatedAt.After(last.CreatedAt) {
			last, found = a, true
		}
	}
	return last, found
}

// HasAttempt tells whether the tr_… id is one of the link's known attempts.
func (p Payment) HasAttempt(id string) bool {
	for _, a := range p.Attempts {
		if a.MollieID == id {
			return true
		}
	}
	return false
}

// Attempt is a payment (tr_…) a customer started under a payment link.
type Attempt struct {
	MollieID          string
	Status            Status
	Method            string
	Amount            Money
	AmountRefunded    Money
	AmountChargedBack Money
	CreatedAt         time.Time
	PaidAt            time.Time
	CanceledAt        time.Time
	ExpiredAt         time.Time
	FailedAt          time.Time
}

// Settle adds up what a set of payments of one invoice moved, per mode.
func Settle(currency string, payments []Payment) (live, test Settlement) {
	zero := Settlement{Paid: Zero(currency), Refunded: Zero(currency), ChargedBack: Zero(currency)}
	live, test = zero, zero
	for _, p := range payments {
		s := p.settlement(currency)
		if p.Mode == ModeLive {
			live = live.add(s)
		} else {
			test = test.add(s)
		}
	}
	return live, test
}

func (s Settlement) add(o Settlement) Settlement {
	return Settlement{Paid: s.Paid.Add(o.Paid), Refunded: s.Refunded.Add(o.Refunded), ChargedBack: s.ChargedBack.Add(o.ChargedBack)}
}

// settlement counts paid attempts; a link reported paid whose attempts were
// not seen yet counts with its own amount so the invoice settles at once.
func (p Payment) settlement(currency string) Settlement {
	s := Settlement{Paid: Zero(currency), Refunded: Zero(currency), ChargedBack: Zero(currency)}
	if p.Amount.Currency != "" && p.Amount.Currency != currency {
		return s
	}
	sawPaidAttempt := false
	for _, a := range p.Attempts {
		if a.Status != StatusPaid {
			continue
		}
		sawPaidAttempt = true
		s.Paid = s.Paid.Add(a.Amount)
		s.Refunded = s.Refunded.Add(a.AmountRefunded)
		s.ChargedBack = s.ChargedBack.Add(a.AmountChargedBack)
	}
	if !sawPaidAttempt && p.Status == StatusPaid {
		s.Paid = s.Paid.Add(p.Amount)
		s.Refunded = s.Refunded.Add(p.AmountRefunded)
		s.ChargedBack = s.ChargedBack.Add(p.AmountChargedBack)
	}
	return s
}
