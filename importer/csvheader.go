package importer

import (
	"fmt"
	"strings"
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
	colIssueDate
	colDueDate
	colKind
	numColumns
)

// fieldNames are the columns as problems name them.
var fieldNames = [numColumns]string{"number", "customer", "email", "currency", "total", "paid", "issue date", "due date", "kind"}

// headerWords are the column titles understood, in English, German and
// Dutch, in the folded form that headerKey produces.
var headerWords = map[column][]string{
	colNumber: {"number", "invoice", "invoice number", "invoice no", "invoice nr", "invoice #", "invoice id", "no", "nr", "#",
		"rechnungsnummer", "rechnungsnr", "rechnung", "rechnung nr", "rechnungs nr", "belegnummer", "belegnr", "nummer",
		"factuurnummer", "factuurnr", "factuur", "factuur nr"},
	colCustomer: {"customer", "customer name", "client", "client name", "name",
		"kunde", "kundenname", "kunden name", "debitor",
		"klant", "klantnaam", "naam", "debiteur"},
	colEmail: {"email", "e mail", "mail", "email address", "e mail address",
		"e mail adresse", "emailadresse", "emailadres", "e mail adres", "e mailadres"},
	colCurrency: {"currency", "currency code", "ccy", "wahrung", "waehrung", "valuta", "munteenheid"},
	colTotal: {"total", "amount", "total amount", "invoice total", "invoice amount", "gross amount",
		"betrag", "gesamtbetrag", "rechnungsbetrag", "bruttobetrag", "summe",
		"bedrag", "totaal", "totaalbedrag", "factuurbedrag"},
	colPaid: {"paid", "amount paid", "paid amount", "bezahlt", "gezahlt", "bezahlter betrag", "bereits bezahlt",
		"betaald", "betaald bedrag", "reeds betaald", "voldaan"},
	colIssueDate: {"issue date", "date", "invoice date", "issued", "issued on", "date issued",
		"rechnungsdatum", "datum", "belegdatum", "ausstellungsdatum", "factuurdatum"},
	colDueDate: {"due date", "due", "due on", "payment due", "fallig", "faellig", "fallig am", "falligkeit", "falligkeitsdatum",
		"zahlbar bis", "vervaldatum", "vervaldag", "uiterste betaaldatum"},
	colKind: {"kind", "type", "document type", "invoice type", "art", "belegart", "dokumentart", "rechnungsart",
		"soort", "documentsoort"},
}

var headerIndex = func() map[string]column {
	m := make(map[string]column)
	for c, words := range headerWords {
		for _, w := range words {
			m[w] = c
		}
	}
	return m
}()

// headerFolder makes "Fälligkeits-Datum", "FAELLIGKEITSDATUM " and a macOS
// decomposed "Fälligkeitsdatum" meet: umlauts lose their dots, separators
// become spaces.
var headerFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "\u0308", "",
	"_", " ", "-", " ", "\u00a0", " ")

func headerKey(title string) string {
	s := headerFolder.Replace(strings.ToLower(title))
	s = strings.TrimRight(strings.TrimSpace(s), ".:*")
	return strings.Join(strings.Fields(s), " ")
}

// requiredTitles suggest a title for a missing required column.
var requiredTitles = map[column]string{
	colNumber:   "number, Rechnungsnummer or factuurnummer",
	colCustomer: "customer, Kunde or klant",
	colTotal:    "total, Betrag or bedrag",
}

// header is where each field sits in the rows of one file.
type header struct {
	index [numColumns]int // -1: no such column
	width int
	line  int
}

func readHeader(file string, line int, rec []string) (*header, []Problem) {
	h := &header{width: len(rec), line: line}
	for c := range h.index {
		h.index[c] = -1
	}
	var probs []Problem
	known := 0
	for i, title := range rec {
		c, ok := headerIndex[headerKey(title)]
		if !ok {
			continue // columns paydesk does not need are allowed
		}
		known++
		if prev := h.index[c]; prev >= 0 {
			probs = append(probs, Problem{File: file, Line: line, Field: fieldNames[c], Message: fmt.Sprintf(
				"both the columns %q and %q could hold the %s; rename or remove one of them", strings.TrimSpace(rec[prev]), strings.TrimSpace(title), fieldNames[c])})
			continue
		}
		h.index[c] = i
	}
	if known == 0 {
		return nil, []Problem{{File: file, Line: line, Message: fmt.Sprintf(
			"this line should name the columns, but none of %q is known; the first line must be a header such as number;customer;total (or Rechnungsnummer;Kunde;Betrag, factuurnummer;klant;bedrag)",
			rec)}}
	}
	for _, c := range []column{colNumber, colCustomer, colTotal} {
		if h.index[c] < 0 {
			probs = append(probs, Problem{File: file, Line: line, Field: fieldNames[c], Message: fmt.Sprintf(
				"the header has no %s column; call it %s", fieldNames[c], requiredTitles[c])})
		}
	}
	return h, probs
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
