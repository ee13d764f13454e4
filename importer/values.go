package importer

import (
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// parseDate reads a calendar date as people and spreadsheets write it: ISO
// (which may carry a time of day, dropped), day before month with dots, or
// with slashes or dashes in the order the file's date columns settled on
// (settleDateOrder).
func parseDate(s, order string) (time.Time, error) {
	layout := ""
	switch {
	case len(s) >= 8 && s[4] == '-':
		layout = "2006-1-2"
		if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
			s = s[:10]
		}
	case len(s) >= 8 && s[4] == '/':
		layout = "2006/1/2"
	case strings.Contains(s, "."):
		layout = "2.1.2006"
	case strings.Contains(s, "/") && order == MonthFirst:
		layout = "1/2/2006"
	case strings.Contains(s, "/"):
		layout = "2/1/2006"
	case strings.Contains(s, "-") && order == MonthFirst:
		layout = "1-2-2006"
	case strings.Contains(s, "-"):
		layout = "2-1-2006"
	}
	t, ok := fixedDate(s, layout)
	var err error
	if !ok {
		t, err = time.Parse(layout, s)
	}
	if layout == "" || err != nil {
		return time.Time{}, refuse("import.not_date", s)
	}
	return checkYear(s, t)
}

// orderFree reports whether parseDate reads s the same whatever the
// order: only dates with slashes or dashes and the year last depend on it
// (an unreadable one is refused either way).
func orderFree(s string) bool {
	if len(s) >= 8 && (s[4] == '-' || s[4] == '/') || strings.Contains(s, ".") {
		return true
	}
	return !strings.ContainsAny(s, "/-")
}

// fixedDate reads the two forms most files write, 2026-11-02 and
// 02.11.2026, without time.Parse, which costs more than the rest of a
// row; anything else (or an impossible day) is left to time.Parse, whose
// answer for these forms is the same.
func fixedDate(s, layout string) (time.Time, bool) {
	if len(s) != 10 {
		return time.Time{}, false
	}
	var y, m, d int
	var ok bool
	switch layout {
	case "2006-1-2":
		y, m, d, ok = number(s[0:4]), number(s[5:7]), number(s[8:10]), s[7] == '-'
	case "2.1.2006":
		y, m, d, ok = number(s[6:10]), number(s[3:5]), number(s[0:2]), s[2] == '.' && s[5] == '.'
	}
	if !ok || y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d // 31.04. rolls over: time.Parse refuses it
}

// number reads a run of ASCII digits; -1 when s holds anything else.
func number(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// checkYear refuses years no invoice has, which are typing errors (and the
// year 1 would read as "no date" further on).
func checkYear(s string, t time.Time) (time.Time, error) {
	if y := t.Year(); y < 1900 || y > 2999 {
		return time.Time{}, refuse("import.year", s, y)
	}
	return domain.Date(t), nil
}

// kindWords are the ways the CSV kind column names the two kinds of document.
var kindWords = map[string]domain.InvoiceKind{
	"":            domain.KindInvoice,
	"invoice":     domain.KindInvoice,
	"rechnung":    domain.KindInvoice,
	"factuur":     domain.KindInvoice,
	"facture":     domain.KindInvoice,
	"credit note": domain.KindCreditNote,
	"creditnote":  domain.KindCreditNote,
	"credit":      domain.KindCreditNote,
	"gutschrift":  domain.KindCreditNote,
	"creditnota":  domain.KindCreditNote,
	"credit nota": domain.KindCreditNote,
	"avoir":       domain.KindCreditNote,
	// as invoicing tools write them
	"sales invoice":     domain.KindInvoice,
	"sales credit note": domain.KindCreditNote,
	"credit memo":       domain.KindCreditNote,
	"accrec":            domain.KindInvoice,
	"accreccredit":      domain.KindCreditNote,
	"verkoopfactuur":    domain.KindInvoice,
}

// kindSeparators are written between the words of a kind ("credit_note").
var kindSeparators = strings.NewReplacer("_", " ", "-", " ")

func parseKind(s string) (domain.InvoiceKind, error) {
	if k, ok := kindWords[s]; ok {
		return k, nil // as written most often: "invoice", "credit_note"
	}
	key := strings.Join(strings.Fields(kindSeparators.Replace(strings.ToLower(s))), " ")
	if k, ok := kindWords[key]; ok {
		return k, nil
	}
	return "", refuse("import.not_kind", s)
}

// checkEmail accepts a plain address: whoever sends the payment link needs
// one that works, and a display name or a list does not.
func checkEmail(s string) error {
	local, domainPart, ok := strings.Cut(s, "@")
	if !ok || local == "" || domainPart == "" || strings.ContainsAny(s, " \t<>,;\"") ||
		strings.Contains(domainPart, "@") || !strings.Contains(strings.Trim(domainPart, "."), ".") {
		return domain.Fail(domain.WhyNotEmail, s)
	}
	return nil
}

// oneLine collapses runs of white space, line breaks included, into single
// spaces: a name that spans two lines in a quoted cell or an XML element
// is still shown on one.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == '\t' || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}
