package importer

import (
	"math"
	"path"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// xmlDoc turns the collected values of one e-invoice into an invoice.
type xmlDoc struct {
	file   string
	line   int // of the document element
	schema *xmlSchema
	values map[string]xmlValue
	terms  []map[string]xmlValue // one map per payment term
	probs  []Problem
	// warnings are odd but acceptable things, shown without refusing.
	warnings []Problem
}

func (doc *xmlDoc) warn(line int, field string, says domain.Text) {
	if line == 0 {
		line = doc.line
	}
	doc.warnings = append(doc.warnings, Problem{File: doc.file, Line: line, Field: field, Says: says})
}

func (doc *xmlDoc) bad(line int, field string, says domain.Text) {
	if line == 0 {
		line = doc.line
	}
	doc.probs = append(doc.probs, Problem{File: doc.file, Line: line, Field: field, Says: says})
}

// first returns the value at the first of the paths the document has.
func (doc *xmlDoc) first(paths ...string) (xmlValue, bool) {
	for _, p := range paths {
		if v, ok := doc.values[p]; ok && v.text != "" {
			return v, true
		}
	}
	return xmlValue{}, false
}

func (doc *xmlDoc) invoice() (domain.Invoice, []Problem) {
	s := doc.schema
	inv := domain.Invoice{Kind: domain.KindInvoice, SourceFile: doc.file, SourceLine: doc.line}
	if s.creditNote || creditNoteCodes[doc.values[s.typeCode].text] || creditNoteTitle(doc.values[s.docName].text) {
		inv.Kind = domain.KindCreditNote
	}
	inv.Number = doc.values[s.number].text
	if inv.Number == "" {
		doc.bad(0, domain.FieldNumber, domain.Say("import.xml.no_number", element(s.number)))
	}
	if v, ok := doc.first(s.customer...); ok {
		inv.Customer = oneLine(v.text)
	} else {
		doc.bad(0, domain.FieldCustomer, domain.Say("import.xml.no_buyer", element(s.customer[0])))
	}
	inv.Email = doc.email()
	inv.IssueDate = doc.date(domain.FieldIssueDate, s.issueDate)
	inv.DueDate, inv.Discounts = doc.paymentTerms(inv.IssueDate)
	doc.money(&inv)
	return inv, doc.probs
}

// creditNoteTitle tells a credit note by its title where the type code
// says invoice, as French "Avoir" documents often do.
func creditNoteTitle(title string) bool {
	k, err := parseKind(title)
	return err == nil && title != "" && k == domain.KindCreditNote
}

// email is the buyer contact's address, else the buyer's electronic address
// when that is an email.
func (doc *xmlDoc) email() string {
	v, ok := doc.first(doc.schema.email...)
	if !ok {
		v, ok = doc.first(doc.schema.endpoint)
		if !ok || !strings.EqualFold(v.attr("schemeID"), "EM") {
			return ""
		}
	}
	if err := checkEmail(v.text); err != nil {
		doc.bad(v.line, domain.FieldEmail, textOf(err))
	}
	return v.text
}

func (doc *xmlDoc) date(field string, paths ...string) time.Time {
	v, ok := doc.first(paths...)
	if !ok {
		return time.Time{}
	}
	return doc.dateOf(v, field)
}

// dateOf reads a date value in the schema's form; a refusal is a problem
// of the field.
func (doc *xmlDoc) dateOf(v xmlValue, field string) time.Time {
	var t time.Time
	var err error
	if doc.schema.compactDates {
		t, err = parseCompactDate(v)
	} else {
		t, err = parseXMLDate(v.text)
	}
	if err != nil {
		doc.bad(v.line, field, textOf(err))
	}
	return t
}

// money maps the document's totals so that what paydesk asks for equals
// what the document says is due: paid outside Mollie is the prepaid amount,
// and the total is the amount due plus the prepaid amount, which is the
// grand total plus rounding. A negative prepaid amount is money the
// customer owes on top, not money paid: it stays in the total. A document
// whose grand total is negative is a credit note, kept with positive amounts
// the way credit notes are written.
func (doc *xmlDoc) money(inv *domain.Invoice) {
	s := doc.schema
	cur, ok := doc.first(s.currency)
	switch {
	case !ok:
		doc.bad(0, domain.FieldCurrency, domain.Say("import.xml.no_currency", element(s.currency)))
		return
	case !domain.ValidCurrency(cur.text):
		doc.bad(cur.line, domain.FieldCurrency, textOf(domain.Fail(domain.WhyCurrencyCode, cur.text)))
		return
	}
	inv.Currency = cur.text
	payable, okPayable := doc.amount(domain.FieldTotal, s.payable, cur.text, true)
	prepaid, okPrepaid := doc.amount(domain.FieldPaid, s.prepaid, cur.text, false)
	rounding, okRounding := doc.amount(domain.FieldTotal, s.rounding, cur.text, false)
	grand, okGrand := doc.amount(domain.FieldTotal, s.grandTotal, cur.text, false)
	if !okPayable || !okPrepaid || !okRounding || !okGrand {
		return
	}
	expected, ok := addMoney(grand, rounding)
	if ok && !doc.has(s.prepaid) && doc.withoutPrepaid() && doc.has(s.grandTotal) && expected.Sub(payable).IsPositive() {
		// MINIMUM and BASIC WL documents have no prepaid element: what the
		// grand total asks beyond the amount due was paid already.
		prepaid = expected.Sub(payable)
	}
	total, ok1 := addMoney(payable, prepaid)
	switch {
	case !ok || !ok1:
		doc.bad(doc.values[s.payable].line, domain.FieldTotal, domain.Say("import.xml.too_large"))
		return
	case doc.has(s.grandTotal) && total != expected:
		doc.bad(doc.values[s.payable].line, domain.FieldTotal, domain.Say("import.xml.totals",
			element(s.grandTotal), grand.Value(), element(s.rounding), rounding.Value(), element(s.prepaid), prepaid.Value(),
			expected.Sub(prepaid).Value(), element(s.payable), payable.Value()))
		return
	}
	if prepaid.IsNegative() {
		total, prepaid = payable, domain.Zero(cur.text)
	}
	if total.IsNegative() && inv.Kind == domain.KindInvoice {
		inv.Kind = domain.KindCreditNote
		total, prepaid = total.Neg(), prepaid.Neg()
		if prepaid.IsNegative() { // a refund of a prepayment on a credit note is nothing paid
			total, prepaid = total.Add(prepaid), domain.Zero(cur.text)
		}
	}
	inv.Total, inv.PaidOutside = total, prepaid
}

// withoutPrepaid reports whether the document's profile has no prepaid
// amount at all (Factur-X / ZUGFeRD MINIMUM and BASIC WL).
func (doc *xmlDoc) withoutPrepaid() bool {
	g := strings.ToLower(doc.values[doc.schema.guideline].text)
	return strings.HasSuffix(g, ":minimum") || strings.HasSuffix(g, ":basicwl")
}

func (doc *xmlDoc) has(p string) bool {
	_, ok := doc.first(p)
	return ok
}

// amount reads an amount element; an optional one that is absent is zero.
func (doc *xmlDoc) amount(field, p, currency string, required bool) (domain.Money, bool) {
	v, ok := doc.first(p)
	if !ok {
		if required {
			doc.bad(0, field, domain.Say("import.xml.missing", element(p)))
			return domain.Money{}, false
		}
		return domain.Zero(currency), true
	}
	if c := v.attr("currencyID"); c != "" && c != currency {
		doc.bad(v.line, field, domain.Say("import.xml.other_currency", element(p), c, currency))
		return domain.Money{}, false
	}
	m, err := parseXMLAmount(v.text, currency)
	if err != nil {
		doc.bad(v.line, field, domain.Say("import.xml.amount", element(p), textOf(err)))
		return domain.Money{}, false
	}
	return m, true
}

// parseXMLAmount reads an xs:decimal ("100", "12.5", "-225.14") exactly. More
// decimals than the currency has are refused unless they are zeros: paydesk
// would otherwise ask for an amount the document does not state.
func parseXMLAmount(s, currency string) (domain.Money, error) {
	t, sign := s, ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		sign, t = strings.TrimPrefix(t[:1], "+"), t[1:]
	}
	whole, frac, _ := strings.Cut(t, ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return domain.Money{}, refuse("import.xml.not_decimal", s)
	}
	frac = strings.TrimRight(frac, "0")
	d := domain.Decimals(currency)
	if len(frac) > d {
		return domain.Money{}, domain.Fail(domain.WhyAmountDecimals, s, currency, d).In(domain.ErrInvalidAmount)
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	value := sign + whole
	if d > 0 {
		value += "." + frac + strings.Repeat("0", d-len(frac))
	}
	m, err := domain.ParseMollieValue(value, currency)
	if err != nil {
		// The form is checked above; only the size can be wrong here.
		return domain.Money{}, domain.Fail(domain.WhyAmountTooLarge, s).In(domain.ErrInvalidAmount)
	}
	return m, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// addMoney adds two amounts of one currency, refusing to overflow.
func addMoney(a, b domain.Money) (domain.Money, bool) {
	if (b.Minor > 0 && a.Minor > math.MaxInt64-b.Minor) || (b.Minor < 0 && a.Minor < math.MinInt64-b.Minor) {
		return domain.Money{}, false
	}
	return a.Add(b), true
}

// parseXMLDate reads an xs:date, whose optional time zone does not change
// the calendar day the document means.
func parseXMLDate(s string) (time.Time, error) {
	day, zone := s, ""
	if len(s) > 10 {
		day, zone = s[:10], s[10:]
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || !validZone(zone) {
		return time.Time{}, refuse("import.xml.not_date", s)
	}
	return checkYear(s, t)
}

func validZone(z string) bool {
	if z == "" || z == "Z" {
		return true
	}
	_, err := time.Parse("-07:00", z)
	return err == nil
}

// parseCompactDate reads a CII DateTimeString; format 102 (CCYYMMDD) is the
// one EN 16931 allows for dates.
func parseCompactDate(v xmlValue) (time.Time, error) {
	if f := v.attr("format"); f != "" && f != "102" {
		return time.Time{}, refuse("import.xml.date_format", v.text, f)
	}
	t, err := time.Parse("20060102", v.text)
	if err != nil {
		return time.Time{}, refuse("import.xml.not_date_102", v.text)
	}
	return checkYear(v.text, t)
}

// element names an element in messages by its local name.
func element(p string) string { return path.Base(p) }
