package importer

import (
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// row turns one CSV record into an invoice, collecting every problem of the
// record instead of stopping at the first.
type row struct {
	h     *header
	rec   []string
	file  string
	line  int
	order string // of the file's dates: DayFirst or MonthFirst
	probs []Problem
}

func (r *row) bad(c column, says domain.Text) {
	r.probs = append(r.probs, Problem{File: r.file, Line: r.line, Field: fieldNames[c], Says: says})
}

func (r *row) cell(c column) string { return r.h.cell(r.rec, c) }

// invoice reads a record whose shape fits the header.
func (h *header) invoice(file string, line int, rec []string, order string) (domain.Invoice, []Problem) {
	r := row{h: h, rec: rec, file: file, line: line, order: order}
	inv := domain.Invoice{
		Number:     r.cell(colNumber),
		Customer:   oneLine(r.cell(colCustomer)),
		Email:      r.cell(colEmail),
		Kind:       domain.KindInvoice,
		SourceFile: file,
		SourceLine: line,
	}
	if inv.Number == "" {
		r.bad(colNumber, textOf(domain.Fail(domain.WhyNoNumber)))
	}
	if inv.Customer == "" {
		r.bad(colCustomer, domain.Say("import.no_customer"))
	}
	if inv.Email != "" {
		if err := checkEmail(inv.Email); err != nil {
			r.bad(colEmail, textOf(err))
		}
	}
	inv.IssueDate = r.date(colIssueDate)
	inv.DueDate = r.date(colDueDate)
	if h.has(colKind) {
		kind, err := parseKind(r.cell(colKind))
		if err != nil {
			r.bad(colKind, textOf(err))
		}
		inv.Kind = kind
	}
	r.money(&inv)
	return inv, r.probs
}

// money reads currency, total and paid. A negative total is a credit note:
// it is kept as the positive document amount with the credit note kind, the
// way UBL and CII write credit notes, and a paid amount beside it follows.
func (r *row) money(inv *domain.Invoice) {
	inv.Currency = "EUR"
	if r.h.has(colCurrency) {
		inv.Currency = strings.ToUpper(r.cell(colCurrency))
		switch {
		case inv.Currency == "":
			r.bad(colCurrency, domain.Say("import.no_currency"))
			return
		case !domain.ValidCurrency(inv.Currency):
			r.bad(colCurrency, textOf(domain.Fail(domain.WhyCurrencyCode, r.cell(colCurrency))))
			return
		}
	}
	total, okTotal := r.amount(colTotal, inv.Currency)
	paid, okPaid := domain.Zero(inv.Currency), true
	if s := r.cell(colPaid); s != "" {
		paid, okPaid = r.amount(colPaid, inv.Currency)
	}
	if !okTotal || !okPaid {
		return
	}
	if s := r.cell(colOutstanding); s != "" {
		// The tool's own open amount is what is still owed: what the total
		// asks beyond it was paid, whether or not a paid column says so.
		open, ok := r.amount(colOutstanding, inv.Currency)
		if !ok {
			return
		}
		settled := total.Sub(open)
		if r.cell(colPaid) != "" && settled != paid {
			r.bad(colOutstanding, domain.Say("import.open_mismatch", open.Value(), total.Value(), paid.Value(), total.Sub(paid).Value()))
			return
		}
		paid = settled
	}
	switch {
	case total.IsNegative() && paid.IsPositive():
		r.bad(colPaid, domain.Say("import.paid_sign", paid.Value(), total.Value()))
	case total.IsNegative():
		inv.Kind = domain.KindCreditNote
		total, paid = total.Neg(), paid.Neg()
	case paid.IsNegative():
		r.bad(colPaid, domain.Say("import.paid_negative", paid.Value()))
	}
	inv.Total, inv.PaidOutside = total, paid
}

// amount parses a cell as people write amounts; the currency's own symbol
// or code around the number is allowed ("€ 1.234,56", "1234.56 EUR").
func (r *row) amount(c column, currency string) (domain.Money, bool) {
	s := r.cell(c)
	if s == "" {
		r.bad(c, textOf(domain.Fail(domain.WhyAmountEmpty)))
		return domain.Money{}, false
	}
	m, err := domain.ParseMoney(stripCurrency(normaliseSign(s), currency), currency)
	if err != nil {
		r.bad(c, textOf(err))
		return domain.Money{}, false
	}
	return m, true
}

func (r *row) date(c column) time.Time {
	s := r.cell(c)
	if s == "" {
		return time.Time{}
	}
	t, err := parseDate(s, r.order)
	if err != nil {
		r.bad(c, textOf(err))
	}
	return t
}

// currencySymbols are the signs written beside amounts of a currency.
var currencySymbols = map[string][]string{
	"EUR": {"€"}, "GBP": {"£"}, "USD": {"US$", "$"}, "JPY": {"¥", "円"}, "CHF": {"SFr.", "Fr."},
}

// stripCurrency removes the currency's code or symbol from either end of an
// amount, keeping a sign written in front of it ("-€ 12,50").
func stripCurrency(s, currency string) string {
	if isDigit(s[len(s)-1]) && (isDigit(s[0]) || (s[0] == '-' || s[0] == '+') && len(s) > 1 && isDigit(s[1])) {
		return s // the common case: digits at both ends, nothing to strip
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = s[:1], strings.TrimSpace(s[1:])
	}
	if rest, ok := cutAffix(s, currency); ok {
		return sign + rest
	}
	for _, sym := range currencySymbols[currency] {
		if rest, ok := cutAffix(s, sym); ok {
			return sign + rest
		}
	}
	return sign + s
}

func cutAffix(s, affix string) (string, bool) {
	if rest, ok := strings.CutPrefix(s, affix); ok {
		return strings.TrimSpace(rest), true
	}
	if rest, ok := strings.CutSuffix(s, affix); ok {
		return strings.TrimSpace(rest), true
	}
	return s, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
