package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
)

func TestLabels(t *testing.T) {
	day := time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)
	until := time.Date(2026, 12, 15, 23, 59, 59, 0, time.UTC)
	tests := []struct {
		lang  string
		label domain.Label
		want  string
	}{
		{"de", domain.Label{Key: "paid", Date: day, Method: "ideal"}, "Bezahlt am 26.11.2026 per iDEAL"},
		{"de", domain.Label{Key: "open_until", Date: until}, "Offen – Link gültig bis 15.12.2026"},
		{"de", domain.Label{Key: "failed_retry"}, "Fehlgeschlagen – der Kunde kann es erneut versuchen"},
		{"en", domain.Label{Key: "paid", Date: day, Method: "creditcard"}, "Paid on 2026-11-26 by credit card"},
		{"en", domain.Label{Key: "paid", Date: day}, "Paid on 2026-11-26"},
		{"nl", domain.Label{Key: "expired", Date: day}, "Verlopen op 26-11-2026"},
		{"en", domain.Label{Key: "unknown", Raw: "settled-ish"}, `Status "settled-ish" reported by Mollie`},
		{"nl", domain.Label{Key: "none"}, "Nog geen betaling aangevraagd"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Label(tt.label); got != tt.want {
			t.Errorf("%s %+v: got %q, want %q", tt.lang, tt.label, got, tt.want)
		}
	}
}

func TestMoneyAndDates(t *testing.T) {
	m := domain.NewMoney(123456, "EUR")
	for lang, want := range map[string]string{"en": "EUR 1,234.56", "de": "1.234,56 EUR", "nl": "EUR 1.234,56"} {
		if got := New(lang).Money(m); got != want {
			t.Errorf("%s: Money = %q, want %q", lang, got, want)
		}
	}
	if got := New("de").Amount(domain.NewMoney(150000, "JPY")); got != "150.000" {
		t.Errorf("yen in German: %q", got)
	}
	if got := New("en").Date(time.Time{}); got != "–" {
		t.Errorf("zero date: %q", got)
	}
	if got := New("de").Status("weird"); got != "weird" {
		t.Errorf("unknown status shown as %q, want it raw", got)
	}
}

func TestLanguageChoice(t *testing.T) {
	for in, want := range map[string]string{"de_DE.UTF-8": "de", "nl-BE": "nl", "en_GB": "en", "fr_FR": "en", "": "en", "C.UTF-8": "en"} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "nl_NL.UTF-8")
	if got := FromEnv(""); got != "nl" {
		t.Errorf("FromEnv from LANG = %q", got)
	}
	if got := FromEnv("de"); got != "de" {
		t.Errorf("the flag should win: %q", got)
	}
}

// Every catalog holds the same keys with the same format verbs, so no
// language shows a raw key or a garbled argument.
func TestCatalogsAgree(t *testing.T) {
	en, err := assets.Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range assets.Languages[1:] {
		other, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for key, text := range en {
			tr, ok := other[key]
			if !ok {
				t.Errorf("%s lacks %q", lang, key)
				continue
			}
			if verbs(tr) != verbs(text) {
				t.Errorf("%s %q has verbs %q, English %q", lang, key, verbs(tr), verbs(text))
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok {
				t.Errorf("%s has %q, which English lacks", lang, key)
			}
		}
	}
}

func verbs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			b.WriteByte(s[i+1])
			i++
		}
	}
	return b.String()
}
