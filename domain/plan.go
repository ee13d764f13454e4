package domain

import (
	"time"
	"unicode/utf8"
)

// PaymentRequest is what a bookkeeper asks for when pressing pay.
type PaymentRequest struct {
	Kind           PaymentKind
	Mode           Mode
	Actor          string
	Now            time.Time
	IdempotencyKey string     // fresh UUID v4 for a new intent
	Expiry         LinkExpiry // how long a new link stays valid
}

// PlanPayment decides, from an invoice and its payments, whether to reuse the
// active payment, replace it, or write a new intent for the outstanding amount.
// It refuses what cannot be paid with a message that says why.
func PlanPayment(inv Invoice, payments []Payment, req PaymentRequest) (Plan, error) {
	plan := Plan{Invoice: inv}
	if err := inv.PayableWhy(req.Mode); err != nil {
		return plan, err
	}
	owed := inv.Outstanding(req.Mode)
	for i := range payments {
		p := payments[i]
		if !p.Active() || p.Mode != req.Mode {
			continue
		}
		switch {
		case p.Status == StatusCreating:
			plan.Reuse = &p
		case !p.ExpiresAt.IsZero() && !req.Now.Before(p.ExpiresAt):
			plan.Replace = &p // ran out; Mollie will not take money on it
		case p.Amount == owed && p.Kind == req.Kind:
			plan.Reuse = &p
		case p.Kind == KindLink:
			plan.Replace = &p
		default:
			return plan, Fail(WhyCheckoutOpen, inv.Number, p.Amount, p.ExpiresAt).In(ErrNotPayable)
		}
		return plan, nil
	}
	var expires time.Time
	if req.Kind == KindLink {
		expires = LinkExpiresAt(inv, req.Expiry, req.Now)
	}
	plan.New = &Payment{
		InvoiceID:      inv.ID,
		InvoiceNumber:  inv.Number,
		Kind:           req.Kind,
		Mode:           req.Mode,
		IdempotencyKey: req.IdempotencyKey,
		Description:    Description(inv),
		Amount:         owed,
		Status:         StatusCreating,
		Actor:          req.Actor,
		CreatedAt:      req.Now,
		ExpiresAt:      expires,
	}
	return plan, nil
}

// PayableWhy says why no payment can be requested for inv in mode (an
// Error in the class ErrNotPayable), or nil when one can. It is the one
// payability rule: every interface asks it instead of deciding itself.
func (inv Invoice) PayableWhy(mode Mode) error {
	owed := inv.Outstanding(mode)
	var why *Error
	switch {
	case inv.Kind == KindCreditNote:
		why = Fail(WhyCreditNote, inv.Number)
	case !MollieSupports(inv.Currency):
		why = Fail(WhyCurrency, inv.Number, inv.Currency)
	case owed.IsZero() && inv.Total.IsZero():
		why = Fail(WhyZeroInvoice, inv.Number)
	case owed.IsZero():
		why = Fail(WhyFullyPaid, inv.Number)
	case owed.IsNegative():
		why = Fail(WhyOverpaid, inv.Number, owed.Neg())
	default:
		return nil
	}
	return why.In(ErrNotPayable)
}

// Description is what Mollie shows the customer and on statements: the
// invoice number first, then the customer, within Mollie's 255 characters.
func Description(inv Invoice) string {
	d := inv.Number
	if inv.Customer != "" {
		d += " – " + inv.Customer
	}
	return truncateRunes(d, 255)
}

func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// LinkExpiresAt computes a new link's expiry under the setting; zero: never.
// A link never expires before the end of the net due day: a customer who
// pays on time must find the link working.
func LinkExpiresAt(inv Invoice, e LinkExpiry, now time.Time) time.Time {
	var dueEnd time.Time
	if !inv.DueDate.IsZero() {
		dueEnd = inv.DueDate.Add(24*time.Hour - time.Second) // valid through the whole due day
	}
	switch {
	case e.Days > 0:
		end := now.Add(time.Duration(e.Days) * 24 * time.Hour).Truncate(time.Second)
		if dueEnd.After(end) {
			return dueEnd
		}
		return end
	case e.DueDate && dueEnd.After(now):
		return dueEnd
	}
	return time.Time{}
}
