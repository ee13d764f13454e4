package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/assets"
)

// englishFragments are the literal pieces of the English catalogue (the
// text between format verbs) that no German or Dutch message also holds:
// any of them in a de or nl output is English left untranslated.
func englishFragments(t *testing.T) []string {
	t.Helper()
	en, err := assets.Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	var others []string
	for _, lang := range assets.Languages[1:] {
		cat, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range cat {
			others = append(others, v)
		}
	}
	shared := strings.Join(others, "\n")
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z%]`)
	var out []string
	for _, v := range en {
		for _, part := range verb.Split(v, -1) {
			part = strings.TrimSpace(part)
			// Short pieces ("Status", "TEST") are the same word in every language.
			if len(strings.Fields(part)) < 2 || strings.Contains(shared, part) {
				continue
			}
			out = append(out, part)
		}
	}
	return out
}

// The command line speaks the reader's language: tables, summaries, log
// lines, errors and their hints hold no English under --lang de or nl.
func TestCommandsSpeakTheChosenLanguage(t *testing.T) {
	fragments := englishFragments(t)
	if len(fragments) < 100 {
		t.Fatalf("only %d English fragments found", len(fragments))
	}
	h := newHarness(t)
	h.importInvoices("L-1,Acme B.V.,1840.50", "L-2,Globex,12.00")
	h.connect()
	h.pay("L-1")
	h.ok("record-payment", "L-2", "12.00")
	for _, lang := range []string{"de", "nl"} {
		outputs := map[string]string{
			"invoices":             h.ok("invoices", "--lang", lang),
			"invoices --status":    h.ok("invoices", "--status", "overpaid", "--lang", lang),
			"log":                  h.ok("log", "--lang", lang),
			"copy of a paid one":   h.fails("copy", "L-2", "--lang", lang).stderr,
			"status of no invoice": h.fails("status", "NOPE", "--lang", lang).stderr,
			"bad setting":          h.fails("settings", "set", "link_expiry", "soon", "--lang", lang).stderr,
			"overpayment":          h.fails("record-payment", "L-1", "5000.00", "--lang", lang).stderr,
		}
		for what, out := range outputs {
			for _, f := range fragments {
				if strings.Contains(out, f) {
					t.Errorf("%s, %s: English %q in:\n%s", lang, what, f, out)
				}
			}
		}
	}
}
