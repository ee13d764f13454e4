package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// column is an invoice field a CSV column can hold.
type column int

const (
	colNumber column = iota
	colCustomer
	colEmail
	colCurrency
	colTotal
	colPaid
	colOutstanding
	colIssueDate
	colDueDate
	colKind
	numColumns
)

// fieldNames are the columns as problems name them (domain's field names,
// put into words at the edge).
var fieldNames = [numColumns]string{domain.FieldNumber, domain.FieldCustomer, domain.FieldEmail, domain.FieldCurrency,
	domain.FieldTotal, domain.FieldPaid, domain.FieldOpen, domain.FieldIssueDate, domain.FieldDueDate, domain.FieldKind}

// mapNames are the field names --map takes, with the spaces left out.
var mapNames = [numColumns]string{"number", "customer", "email", "currency", "total", "paid", "outstanding", "issued", "due", "kind"}

// headerWords are the column titles understood: paydesk's own in English,
// German and Dutch, and those of the invoicing tools' exports (Invoice
// Ninja, Xero, QuickBooks, Zoho Invoice, Moneybird, Exact Online,
// lexoffice, sevDesk, WeFact). They are matched in the folded form
// headerKey produces, so "*InvoiceNumber", "Invoice Number" and
// "invoice_number" meet.
var headerWords = map[column][]string{
	colNumber: {"number", "invoice", "invoice number", "invoice no", "invoice nr", "invoice #", "no", "nr", "#", "num",
		"rechnungsnummer", "rechnungsnr", "rechnung", "rechnung nr", "rechnungs nr", "re nr", "belegnummer", "belegnr", "nummer",
		"factuurnummer", "factuurnr", "factuur", "factuur nr", "invoice id", "invoice invoice number"},
	colCustomer: {"customer", "customer name", "client", "client name", "name", "contact", "contact name", "account name",
		"kunde", "kundenname", "kunden name", "debitor", "kontakt", "kontaktname", "firma", "empfanger",
		"klant", "klantnaam", "naam", "debiteur", "relatie", "bedrijfsnaam", "debiteurnaam", "naam debiteur"},
	colEmail:    {"email", "mail", "email address", "emailadresse", "emailadres", "client email", "customer email", "contact email"},
	colCurrency: {"currency", "currency code", "client currency", "ccy", "wahrung", "waehrung", "valuta", "munteenheid"},
	colTotal: {"total", "amount", "total amount", "invoice total", "invoice amount", "gross amount", "total incl tax",
		"betrag", "gesamtbetrag", "rechnungsbetrag", "bruttobetrag", "summe", "brutto", "betrag brutto", "gesamt brutto",
		"bedrag", "totaal", "totaalbedrag", "factuurbedrag", "totaal incl btw", "bedrag incl btw", "incl btw"},
	colPaid: {"paid", "amount paid", "paid amount", "paid to date", "invoice paid to date", "invoice amount paid", "payments",
		"bezahlt", "gezahlt", "bezahlter betrag", "bereits bezahlt",
		"betaald", "betaald bedrag", "reeds betaald", "voldaan"},
	colOutstanding: {"outstanding", "amount due", "invoice amount due", "balance", "invoice balance", "balance due", "open balance", "open amount", "due amount",
		"offener betrag", "offen", "offener saldo", "restbetrag", "noch offen",
		"openstaand", "openstaand bedrag", "openstaand saldo", "nog te betalen", "saldo"},
	colIssueDate: {"issue date", "date", "invoice date", "issued", "issued on", "date issued",
		"rechnungsdatum", "datum", "belegdatum", "ausstellungsdatum", "factuurdatum"},
	colDueDate: {"due date", "invoice due date", "due", "due on", "payment due", "fallig", "faellig", "fallig am", "falligkeit", "falligkeitsdatum",
		"zahlbar bis", "vervaldatum", "vervaldag", "uiterste betaaldatum"},
	colKind: {"kind", "type", "document type", "invoice type", "art", "belegart", "dokumentart", "rechnungsart",
		"soort", "documentsoort"},
}

// weakWords yield to any other title for the same field: Zoho writes both
// "Invoice ID" (its own key) and "Invoice Number".
var weakWords = map[string]bool{"invoiceid": true, "saldo": true}

var headerIndex = func() map[string]column {
	m := make(map[string]column)
	for c, words := range headerWords {
		for _, w := range words {
			m[compact(w)] = c
		}
	}
	return m
}()

// headerFolder makes "Fälligkeits-Datum", "FAELLIGKEITSDATUM ", "*DueDate"
// and a macOS decomposed "Fälligkeitsdatum" meet: umlauts lose their dots,
// punctuation becomes space.
var headerFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "\u0308", "",
	"_", " ", "-", " ", "\u00a0", " ", ".", " ", "*", " ", "(", " ", ")", " ", "/", " ", ":", " ")

func headerKey(title string) string {
	s := headerFolder.Replace(strings.ToLower(title))
	return strings.Join(strings.Fields(s), " ")
}

// compact is a folded title without spaces, so that CamelCase titles
// ("InvoiceAmountDue") meet spaced ones ("Invoice amount due").
func compact(title string) string { return strings.ReplaceAll(headerKey(title), " ", "") }

// requiredTitles suggest a title for a missing required column.
var requiredTitles = map[column][3]string{
	colNumber:   {"number", "Rechnungsnummer", "factuurnummer"},
	colCustomer: {"customer", "Kunde", "klant"},
	colTotal:    {"total", "Betrag", "bedrag"},
}

// header is where each field sits in the rows of one file.
type header struct {
	index  [numColumns]int // -1: no such column
	titles []string
	width  int
	line   int
}

// Key is the header set a remembered mapping is kept under: the folded
// titles in order.
func (h *header) Key() string { return headerSet(h.titles) }

func headerSet(titles []string) string {
	keys := make([]string, len(titles))
	for i, t := range titles {
		keys[i] = compact(t)
	}
	return strings.Join(keys, ",")
}

// known counts the titles paydesk recognises.
func known(rec []string) int {
	n := 0
	for _, t := range rec {
		if _, ok := headerIndex[compact(t)]; ok {
			n++
		}
	}
	return n
}

func readHeader(file string, line int, rec []string, mapping map[string]string) (*header, []Problem) {
	h := &header{width: len(rec), line: line, titles: slices.Clone(rec)}
	for c := range h.index {
		h.index[c] = -1
	}
	probs := h.applyMap(file, mapping)
	weak := [numColumns]bool{}
	for i, title := range rec {
		key := compact(title)
		c, ok := headerIndex[key]
		if !ok || h.mapped(i) || mapping[mapNames[c]] != "" {
			continue // columns paydesk does not need are allowed
		}
		prev := h.index[c]
		switch {
		case prev < 0:
		case weakWords[key]:
			continue
		case weak[c]:
		default:
			probs = append(probs, Problem{File: file, Line: line, Field: fieldNames[c], Says: domain.Say("import.csv.two_columns",
				strings.TrimSpace(rec[prev]), strings.TrimSpace(title), domain.Say("field."+fieldNames[c]), mapNames[c])})
			continue
		}
		h.index[c], weak[c] = i, weakWords[key]
	}
	if known(rec) == 0 && len(mapping) == 0 {
		return nil, []Problem{{File: file, Line: line, Says: domain.Say("import.csv.no_header", fmt.Sprintf("%q", rec))}}
	}
	for _, c := range []column{colNumber, colCustomer, colTotal} {
		if h.index[c] < 0 {
			t := requiredTitles[c]
			probs = append(probs, Problem{File: file, Line: line, Field: fieldNames[c], Says: domain.Say("import.csv.missing_column",
				domain.Say("field."+fieldNames[c]), t[0], t[1], t[2], mapNames[c])})
		}
	}
	return h, probs
}

// applyMap places the fields --map names (field → column title).
func (h *header) applyMap(file string, mapping map[string]string) []Problem {
	var probs []Problem
	for field, title := range mapping {
		c := slices.Index(mapNames[:], field)
		if c < 0 {
			probs = append(probs, Problem{File: file, Line: h.line, Says: domain.Say("import.map.unknown_field", field, strings.Join(mapNames[:], ", "))})
			continue
		}
		i := slices.IndexFunc(h.titles, func(t string) bool { return strings.EqualFold(strings.TrimSpace(t), title) })
		if i < 0 {
			probs = append(probs, Problem{File: file, Line: h.line, Field: fieldNames[c], Says: domain.Say("import.map.no_column",
				domain.Say("field."+fieldNames[c]), title, fmt.Sprintf("%q", h.titles))})
			continue
		}
		h.index[c] = i
	}
	return probs
}

func (h *header) mapped(i int) bool { return slices.Contains(h.index[:], i) }

// Mapping lists which column each field is read from.
func (h *header) Mapping() []ColumnMap {
	var m []ColumnMap
	for c, i := range h.index {
		if i >= 0 {
			m = append(m, ColumnMap{Field: fieldNames[c], Column: strings.TrimSpace(h.titles[i])})
		}
	}
	return m
}

// fits reports whether a row has the header's shape; empty cells beyond the
// header's width, which spreadsheets like to leave, are tolerated.
func (h *header) fits(rec []string) bool {
	if len(rec) < h.width {
		return false
	}
	for _, v := range rec[h.width:] {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// cell is a trimmed value, "" when the file has no such column.
func (h *header) cell(rec []string, c column) string {
	if i := h.index[c]; i >= 0 {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (h *header) has(c column) bool { return h.index[c] >= 0 }

// RememberedFrom is Options.Remembered over the mappings kept as text by
// lookup (the form ParseMap reads): a mapping that cannot be read, or a
// failed lookup, counts as none, so the file is read as if never mapped
// and its header problem says what to map.
func RememberedFrom(lookup func(headerSet string) (string, error)) func(string) map[string]string {
	return func(set string) map[string]string {
		s, err := lookup(set)
		if err != nil || s == "" {
			return nil
		}
		m, err := ParseMap(s)
		if err != nil {
			return nil
		}
		return m
	}
}

// ParseMap reads --map's "number=Belegnr,total=Summe" into field → column
// title. Field names are paydesk's (number, customer, email, currency,
// total, paid, outstanding, issued, due, kind).
func ParseMap(s string) (map[string]string, error) {
	m := make(map[string]string)
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		field, title, ok := strings.Cut(part, "=")
		field, title = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(title)
		if !ok || title == "" {
			return nil, refuse("import.map.pair", part)
		}
		if !slices.Contains(mapNames[:], field) {
			return nil, refuse("import.map.not_field", field, strings.Join(mapNames[:], ", "))
		}
		if _, dup := m[field]; dup {
			return nil, refuse("import.map.twice", field)
		}
		m[field] = title
	}
	if len(m) == 0 {
		return nil, refuse("import.map.empty")
	}
	return m, nil
}

// FormatMap writes a mapping the way ParseMap reads it, fields in order.
func FormatMap(m map[string]string) string {
	var parts []string
	for _, f := range mapNames {
		if t, ok := m[f]; ok {
			parts = append(parts, f+"="+t)
		}
	}
	return strings.Join(parts, ",")
}
