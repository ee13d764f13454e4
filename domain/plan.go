package domain

import (
	"fmt"
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
	if err := payableCheck(inv, req.Mode); err != nil {
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
			return plan, fmt.Errorf("%w: invoice %s has a checkout payment of %s still open until %s; it cannot be withdrawn, so wait until it is paid or expires",
				ErrNotPayable, inv.Number, p.Amount, p.ExpiresAt.Format("15:04"))
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

func payableCheck(inv Invoice, mode Mode) error {
	owed := inv.Outstanding(mode)
	switch {
	case inv.Kind == KindCreditNote:
		return fmt.Errorf("%w: %s is a credit note: money goes to the customer, not from them", ErrNotPayable, inv.Number)
	case !MollieSupports(inv.Currency):
		return fmt.Errorf("%w: Mollie does not take payments in %s (invoice %s); collect it another way", ErrNotPayable, inv.Currency, inv.Number)
	case owed.IsZero() && inv.Total.IsZero():
		return fmt.Errorf("%w: invoice %s is for %s: there is nothing to pay", ErrNotPayable, inv.Number, inv.Total)
	case owed.IsZero():
		return fmt.Errorf("%w: invoice %s is fully paid", ErrNotPayable, inv.Number)
	case owed.IsNegative():
		return fmt.Errorf("%w: invoice %s was overpaid by %s: nothing is owed", ErrNotPayable, inv.Number, owed.Neg())
	}
	return nil
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
