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
	t, err := time.Parse(layout, s)
	if layout == "" || err != nil {
		return time.Time{}, refuse("import.not_date", s)
	}
	return checkYear(s, t)
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
