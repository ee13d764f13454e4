package domain

import (
	"strings"
	"time"
)

// InvoiceState is where an invoice stands, in the one vocabulary every view
// uses: the table, --json, the --status filter, the tabs and the interface.
// It is about the invoice's money; the status of its current payment at
// Mollie (open, pending, paid, …) is a separate field.
type InvoiceState string

const (
	StateUnpaid   InvoiceState = "unpaid"           // money is owed, not yet due, no payment open
	StateOverdue  InvoiceState = "overdue"          // money is owed after the due date
	StateAwaiting InvoiceState = "awaiting_payment" // money is owed and a payment is open for it
	StatePaid     InvoiceState = "paid"             // nothing is owed
	StateOverpaid InvoiceState = "overpaid"         // more than the total came in
	StateCredit   InvoiceState = "credit"           // a credit note: money goes to the customer
)

// InvoiceStates lists every state, in the order views show them.
var InvoiceStates = []InvoiceState{StateUnpaid, StateOverdue, StateAwaiting, StatePaid, StateOverpaid, StateCredit}

// State is the invoice's one word. Overdue goes before awaiting payment:
// an open link does not make a late invoice less late.
func (inv Invoice) State(mode Mode, today time.Time) InvoiceState {
	owed := inv.Outstanding(mode)
	switch {
	case inv.Kind == KindCreditNote:
		return StateCredit
	case owed.IsNegative():
		return StateOverpaid
	case !owed.IsPositive():
		return StatePaid
	case inv.Overdue(mode, today):
		return StateOverdue
	case inv.awaiting(mode):
		return StateAwaiting
	}
	return StateUnpaid
}

// awaiting reports whether a payment of the mode is open for the invoice.
func (inv Invoice) awaiting(mode Mode) bool {
	lp := inv.LastPayment
	return lp != nil && lp.Mode == mode && !lp.Status.Final()
}

// Is reports whether the invoice belongs under a filter named by a state.
// Filters are wider than the one word: unpaid is everything still owed
// (overdue and awaiting payment included), paid includes overpaid, and
// awaiting payment includes an overdue invoice with a payment open.
func (inv Invoice) Is(filter InvoiceState, mode Mode, today time.Time) bool {
	switch filter {
	case StateUnpaid:
		return inv.Payable(mode)
	case StatePaid:
		owed := inv.Outstanding(mode)
		return inv.Kind != KindCreditNote && (owed.IsNegative() || owed.IsZero() && inv.Total.IsPositive())
	case StateAwaiting:
		return inv.Payable(mode) && inv.awaiting(mode)
	case StateOverdue:
		return inv.Overdue(mode, today)
	}
	return inv.State(mode, today) == filter
}

// ParseInvoiceState reads a state as people type it: any case, with '-',
// '_' or a space between words ("awaiting payment").
func ParseInvoiceState(s string) (InvoiceState, error) {
	norm := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, st := range InvoiceStates {
		if string(st) == norm {
			return st, nil
		}
	}
	names := make([]string, len(InvoiceStates))
	for i, st := range InvoiceStates {
		names[i] = string(st)
	}
	return "", Fail(WhyInvoiceState, s, strings.Join(names, ", "))
}
