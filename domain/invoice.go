package domain

import (
	"time"
)

// InvoiceKind tells an invoice from a credit note; credit notes are never paid
// through Mollie.
type InvoiceKind string

const (
	KindInvoice    InvoiceKind = "invoice"
	KindCreditNote InvoiceKind = "credit_note"
)

// Invoice is one document the bookkeeper collects money for.
type Invoice struct {
	ID          int64
	Number      string
	Customer    string
	Email       string
	Currency    string
	Total       Money // what the document asks in all (incl. rounding)
	PaidOutside Money // received outside Mollie: prepaid on the document, or recorded by hand
	IssueDate   time.Time
	DueDate     time.Time  // the net due date; zero when the document names none
	Discounts   []Discount // early-payment discounts (Skonto), earliest first
	Kind        InvoiceKind
	SourceFile  string
	SourceLine  int // line of the record in its source file, for messages
	ImportedAt  time.Time
	UpdatedAt   time.Time

	// Live and Test are what went through Mollie in each mode. They are kept
	// apart so that a test payment never settles an invoice in live mode.
	Live Settlement
	Test Settlement

	// LastPayment is the invoice's newest payment row, of any mode; nil if none.
	LastPayment *PaymentRef
}

// Settlement is what Mollie reports for an invoice's payments in one mode.
type Settlement struct {
	Paid        Money
	Refunded    Money
	ChargedBack Money
}

// Net is the money that stayed with the merchant.
func (s Settlement) Net() Money { return s.Paid.Sub(s.Refunded).Sub(s.ChargedBack) }

// PaymentRef is the short form of a payment row shown beside an invoice.
type PaymentRef struct {
	ID       int64
	MollieID string
	Kind     PaymentKind
	Mode     Mode
	Status   Status
	URL      string
}

// Settlement returns the Mollie figures for the given mode.
func (inv Invoice) Settlement(mode Mode) Settlement {
	if mode == ModeLive {
		return inv.Live
	}
	return inv.Test
}

// Outstanding is total − paid outside Mollie − net paid through Mollie in the
// given mode. It is negative for credits and overpayments.
func (inv Invoice) Outstanding(mode Mode) Money {
	return inv.Total.Sub(inv.PaidOutside).Sub(inv.Settlement(mode).Net())
}

// Paid is everything received for the invoice in the given mode.
func (inv Invoice) Paid(mode Mode) Money {
	return inv.PaidOutside.Add(inv.Settlement(mode).Net())
}

// Payable reports whether a payment may be requested for the invoice.
func (inv Invoice) Payable(mode Mode) bool {
	return inv.Kind != KindCreditNote && inv.Outstanding(mode).IsPositive()
}

// Overdue reports whether money is still owed after the due date.
func (inv Invoice) Overdue(mode Mode, today time.Time) bool {
	return !inv.DueDate.IsZero() && inv.DueDate.Before(startOfDay(today)) && inv.Payable(mode)
}

// Validate checks what every importer and every hand edit must satisfy.
// It returns the problems per field so importers can report them per
// record.
func (inv Invoice) Validate() []FieldError {
	var errs []FieldError
	add := func(field string, err *Error) {
		if err != nil {
			errs = append(errs, FieldError{Field: field, Err: err})
		}
	}
	if inv.Number == "" {
		add(FieldNumber, Fail(WhyNoNumber))
	}
	add(FieldNumber, numberProblem(inv.Number))
	add(FieldCurrency, currencyProblem(inv.Currency))
	add(FieldTotal, boundsProblem(inv.Total))
	add(FieldPaid, boundsProblem(inv.PaidOutside))
	if inv.Total.Currency != inv.Currency {
		add(FieldTotal, Fail(WhyAmountInOther, inv.Total.Currency, inv.Currency))
	}
	if inv.PaidOutside.Currency != "" && inv.PaidOutside.Currency != inv.Currency {
		add(FieldPaid, Fail(WhyAmountInOther, inv.PaidOutside.Currency, inv.Currency))
	}
	if inv.Kind != KindInvoice && inv.Kind != KindCreditNote {
		add(FieldKind, Fail(WhyInvoiceKind, string(inv.Kind)))
	}
	for _, d := range inv.Discounts {
		if d.Hundredths < 1 || d.Hundredths > MaxDiscountHundredths || d.Until.IsZero() {
			add(FieldDiscount, Fail(WhyBadDiscount, d.Percent(), d.Until.Format(time.DateOnly)))
		}
	}
	return errs
}

// The fields of an invoice as problems name them; people read them
// through the catalogue as "field.<name>".
const (
	FieldNumber    = "number"
	FieldCustomer  = "customer"
	FieldEmail     = "email"
	FieldCurrency  = "currency"
	FieldTotal     = "total"
	FieldPaid      = "paid"
	FieldOpen      = "outstanding"
	FieldIssueDate = "issue_date"
	FieldDueDate   = "due_date"
	FieldKind      = "kind"
	FieldDiscount  = "discount"
)

// FieldError is one problem with one field of a record: the field's name
// (a Field constant) and the reason.
type FieldError struct {
	Field string
	Err   *Error
}

func (e FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap lets the edge find the reason inside.
func (e FieldError) Unwrap() error { return e.Err }

// ImportResult says what an import changed.
type ImportResult struct {
	Added     int
	Updated   int
	Unchanged int
}

// ExternalPayment is money received outside Mollie (bank transfer, cash),
// recorded by hand. Entries are never edited or deleted: a mistake is
// corrected by a counter-entry of the opposite amount that names the entry
// it reverses.
type ExternalPayment struct {
	ID            int64 // set by the store
	InvoiceNumber string
	Amount        Money
	Note          string
	Actor         string
	At            time.Time
	Reverses      int64 // the entry this one reverses; 0 for money received
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Date is the calendar date of t as a UTC midnight, the form invoice dates take.
func Date(t time.Time) time.Time { return startOfDay(t) }
