// Package i18n puts paydesk's words, amounts and dates into the bookkeeper's
// language: English, German or Dutch, from the catalogs in assets.
package i18n

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// Printer formats for one language.
type Printer struct {
	lang     string
	messages map[string]string
	fallback map[string]string
	numbers  *message.Printer // digits grouped as the language groups them
}

// New returns a Printer for en, de or nl; anything else gets English.
func New(lang string) *Printer {
	lang = Normalize(lang)
	fallback, err := catalog("en")
	if err != nil {
		panic(err) // the English catalog is embedded: missing means a broken build
	}
	p := &Printer{lang: lang, messages: fallback, fallback: fallback, numbers: message.NewPrinter(language.Make(lang))}
	if m, err := catalog(lang); err == nil {
		p.messages = m
	}
	return p
}

// catalogs are the catalogues decoded so far. Decoding one takes a few
// milliseconds, and a process makes several printers (the commands' own,
// the interface's, one per SSH session), so each language is decoded once
// and shared; printers only read them.
var catalogs struct {
	sync.Mutex
	byLang map[string]map[string]string
}

func catalog(lang string) (map[string]string, error) {
	catalogs.Lock()
	defer catalogs.Unlock()
	if m, ok := catalogs.byLang[lang]; ok {
		return m, nil
	}
	m, err := assets.Catalog(lang)
	if err != nil {
		return nil, err
	}
	if catalogs.byLang == nil {
		catalogs.byLang = map[string]map[string]string{}
	}
	catalogs.byLang[lang] = m
	return m, nil
}

// Normalize maps a language tag or locale ("de_DE.UTF-8", "nl-BE") to en, de or nl.
func Normalize(tag string) string {
	tag = strings.ToLower(tag)
	for _, l := range assets.Languages {
		if strings.HasPrefix(tag, l) {
			return l
		}
	}
	return "en"
}

// FromEnv picks the language: the flag when given, else LC_ALL, LC_MESSAGES, LANG.
func FromEnv(flag string) string {
	if flag != "" {
		return Normalize(flag)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" && s != "C" && s != "POSIX" {
			return Normalize(s)
		}
	}
	return "en"
}

// Lang is the printer's language.
func (p *Printer) Lang() string { return p.lang }

// T looks a message up and fills in its arguments; an unknown key is shown
// as itself so a missing translation is visible, never blank.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.messages[key]
	if !ok {
		if msg, ok = p.fallback[key]; !ok {
			msg = key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether the catalog knows a key.
func (p *Printer) Has(key string) bool {
	_, ok := p.fallback[key]
	return ok
}

// Money writes an amount in the language's notation: "EUR 1,234.56",
// "1.234,56 EUR", "EUR 1.234,56".
func (p *Printer) Money(m domain.Money) string {
	switch p.lang {
	case "de":
		return m.Format(',', '.') + " " + m.Currency
	case "nl":
		return m.Currency + " " + m.Format(',', '.')
	}
	return m.Currency + " " + m.Format('.', ',')
}

// Amount writes an amount without its currency, for table columns.
func (p *Printer) Amount(m domain.Money) string {
	if p.lang == "de" || p.lang == "nl" {
		return m.Format(',', '.')
	}
	return m.Format('.', ',')
}

// Number writes a whole number with the language's digit grouping:
// "10,000", "10.000".
func (p *Printer) Number(n int) string { return p.numbers.Sprint(n) }

// Count writes a tab's count: "1,234", or "10,000+" when the invoices were
// counted no further than that.
func (p *Printer) Count(c domain.TabCount) string {
	if c.AtLeast {
		return p.T("count.at_least", p.Number(c.N))
	}
	return p.Number(c.N)
}

// Date writes a calendar date: 26.11.2026, 26-11-2026, or 2026-11-26; zero is "–".
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	switch p.lang {
	case "de":
		return t.Format("02.01.2006")
	case "nl":
		return t.Format("02-01-2006")
	}
	return t.Format("2006-01-02")
}

// DateTime writes a moment in local time, to the minute.
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return p.Date(t.Local()) + " " + t.Local().Format("15:04")
}

// Mode is the word for test or live mode, as the header shows it.
func (p *Printer) Mode(m domain.Mode) string {
	if m == domain.ModeLive {
		return p.T("tui.mode.live")
	}
	return p.T("tui.mode.test")
}

// Status is the short word for a status; unknown ones are shown raw.
func (p *Printer) Status(s domain.Status) string {
	if s == "" {
		return p.T("status.none")
	}
	if p.Has("status." + string(s)) {
		return p.T("status." + string(s))
	}
	return sanitize.Terminal(string(s)) // Mollie's own word, shown as it came
}

// State names an invoice's state: "Overdue", "Überfällig".
func (p *Printer) State(st domain.InvoiceState) string { return p.T("state." + string(st)) }

// Label puts a status label into words: "Bezahlt am 26.11.2026 per iDEAL".
func (p *Printer) Label(l domain.Label) string {
	switch l.Key {
	case "paid":
		if l.Method != "" {
			return p.T("label.paid_method", p.Date(l.Date), p.Method(l.Method))
		}
		return p.T("label.paid", p.Date(l.Date))
	case "open_until", "refunded", "charged_back", "failed", "canceled", "expired":
		return p.T("label."+l.Key, p.Date(l.Date))
	case "unknown":
		return p.T("label.unknown", sanitize.Terminal(l.Raw))
	}
	return p.T("label." + l.Key)
}

// Method is a payment method as people call it in this language: "bank
// transfer", "Überweisung", "overschrijving"; brand names (iDEAL, PayPal)
// are the same in every language.
func (p *Printer) Method(method string) string {
	if p.Has("method." + method) {
		return p.T("method." + method)
	}
	return MethodName(method)
}

// MethodName is how Mollie's method ids are written for people in
// English; Printer.Method is the name in the reader's language.
func MethodName(method string) string {
	names := map[string]string{
		"ideal": "iDEAL", "creditcard": "credit card", "banktransfer": "bank transfer", "paypal": "PayPal",
		"bancontact": "Bancontact", "directdebit": "SEPA Direct Debit", "applepay": "Apple Pay",
		"klarna": "Klarna", "belfius": "Belfius", "kbc": "KBC", "eps": "eps", "giropay": "giropay",
		"przelewy24": "Przelewy24", "twint": "TWINT", "in3": "in3", "billie": "Billie",
	}
	if n, ok := names[method]; ok {
		return n
	}
	return sanitize.Terminal(method)
}
