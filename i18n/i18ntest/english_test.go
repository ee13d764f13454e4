package i18ntest

import "testing"

func TestFindsWhatWasNotTranslated(t *testing.T) {
	if n := len(fragments()); n < 100 {
		t.Fatalf("only %d English fragments found", n)
	}
	for _, c := range []struct {
		lang, text string
		bad        bool
	}{
		{"de", "Zahlungslink für L-1 – Acme B.V.: 1.840,50 EUR (TEST)", false},
		{"de", "Payment link for L-1: 1.840,50 EUR", true},
		{"nl", "Kies auto, always of never; 'paydesk settings get' toont ze.", false},
		{"nl", "Het logboek is empty for this selection.", true},
		{"de", "FLAGS", true},
		{"en", "cli.pay.next", true},
		{"en", "Recorded %!s(MISSING)", true},
		{"en", "Recorded EUR 12.00 for L-2.", false},
	} {
		if got := len(Untranslated(c.lang, c.text)) > 0; got != c.bad {
			t.Errorf("%s %q: untranslated %v, want %v: %q", c.lang, c.text, got, c.bad, Untranslated(c.lang, c.text))
		}
	}
}
