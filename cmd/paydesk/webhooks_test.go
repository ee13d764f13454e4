package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/i18n/i18ntest"
	"github.com/paydesk/paydesk/mollie"
)

// What the webhook handler tells serve is said in the reader's language,
// the id it turned away included.
func TestWebhookNotesSpeakTheChosenLanguage(t *testing.T) {
	for _, lang := range assets.Languages {
		for _, n := range []mollie.WebhookNote{{Kind: mollie.NoteRedirected}, {Kind: mollie.NoteQueueFull, ID: "tr_full"}} {
			var said []string
			webhookNote(func(format string, args ...any) { said = append(said, fmt.Sprintf(format, args...)) }, i18n.New(lang))(n)
			text := strings.Join(said, "\n")
			if len(said) != 1 || !strings.Contains(text, n.ID) {
				t.Errorf("%s %s: said %q, want one note naming %q", lang, n.Kind, said, n.ID)
			}
			if bad := i18ntest.Untranslated(lang, text); len(bad) > 0 {
				t.Errorf("%s %s: %q: %s", lang, n.Kind, text, strings.Join(bad, "; "))
			}
		}
	}
}
