package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n/i18ntest"
)

// languageScreens are every screen, dialog and overlay a bookkeeper can
// reach, with the keys that lead there from the start and what says it is
// open.
var languageScreens = []struct {
	name string
	keys []string
	open func(Model) bool
}{
	{"invoices", nil, func(m Model) bool { return m.active == screenInvoices }},
	{"details", []string{"enter"}, func(m Model) bool { return m.details.number != "" }},
	{"search", []string{"/", "a"}, func(m Model) bool { return m.active == screenInvoices }},
	{"sorted", []string{"s", "S"}, func(m Model) bool { return m.active == screenInvoices }},
	{"payments", []string{"2"}, func(m Model) bool { return m.active == screenPayments }},
	{"log", []string{"3"}, func(m Model) bool { return m.active == screenLog }},
	{"log entry", []string{"3", "enter"}, func(m Model) bool { return m.active == screenLog }},
	{"log entry sync", []string{"3", "G", "enter"}, func(m Model) bool { return m.active == screenLog }},
	{"setup", []string{"4"}, func(m Model) bool { return m.active == screenSetup }},
	{"setting", []string{"4", "j", "enter"}, func(m Model) bool { return m.active == screenSetup }},
	{"summary", []string{"5"}, func(m Model) bool { return m.active == screenSummary && m.summary.loaded }},
	{"help", []string{"?"}, func(m Model) bool { return m.showHelp }},
	{"pay", []string{"j", "p"}, func(m Model) bool { return m.dialog != nil }},
	{"record", []string{"j", "m"}, func(m Model) bool { return m.dialog != nil }},
	{"mail", []string{"j", "e"}, func(Model) bool { return true }}, // refused: no SMTP server set up
	{"remind", []string{"R"}, func(m Model) bool { return m.dialog != nil }},
	{"import", []string{"I"}, func(m Model) bool { return m.dialog != nil }},
	{"qr", []string{"j", "j", "j", "j", "j", "j", "j", "Q"}, func(m Model) bool { _, ok := m.dialog.(*qrDialog); return ok }},
}

// sayingLog is the sample log as paydesk writes it now, each row saying
// what happened as a catalogue message and its facts. (Rows written before
// that keep their English text; the sample log has those.)
func sayingLog() []domain.LogEntry {
	log := sampleLog()
	says := []domain.Text{
		domain.Say("log.connected", "Acme Bookkeeping", "https://acme.example", domain.ModeTest, "test_…Bj6x"),
		domain.Say("log.created", domain.KindLink, "pl_3kLm9QaZ2x", eur(42000)),
		domain.Say("log.status", domain.Say("log.what.link"), "pl_3kLm9QaZ2x", domain.StatusOpen, domain.StatusPaid,
			domain.Say("log.paid_amount_by", eur(42000), "ideal")),
		domain.Say("log.status", domain.Say("log.what.payment"), "tr_5Wz1KdPf9G", domain.StatusOpen, domain.StatusExpired, domain.Text{}),
		domain.Say("log.created_until", domain.KindLink, "pl_8Rt4VbNx1c", eur(8995), day(2026, 12, 15)),
		domain.Say("log.created", domain.KindCheckout, "tr_9Ab3CdEf7H", eur(24000)),
		domain.Say("log.status", domain.Say("log.what.attempt"), "tr_2Lp8XsQe6T", domain.StatusOpen, domain.StatusFailed, domain.Text{}),
		domain.Say("log.sync_failed").Because(&domain.GatewayError{HTTPStatus: 503, Title: "Service Unavailable"}),
	}
	for i := range log {
		log[i].Says = says[i]
	}
	return log
}

// Every screen, dialog and overlay at 80×24 speaks the reader's language:
// no catalogue key shown raw in any language, no English in German or
// Dutch, footer and key hints included.
func TestEveryScreenSpeaksTheChosenLanguage(t *testing.T) {
	for _, lang := range assets.Languages {
		for _, s := range languageScreens {
			t.Run(lang+"/"+s.name, func(t *testing.T) {
				f := newFixtureLogged(t, sayingLog())
				d := newDriver(t, f.model(t, Options{Lang: lang, Color: "never"}, 80, 24))
				d.ready()
				for _, k := range s.keys {
					d.key(k)
				}
				d.until(s.name, func(m Model) bool { return loaded(m) && s.open(m) })
				screen := ansi.Strip(d.m.View().Content)
				if bad := i18ntest.Untranslated(lang, screen); len(bad) > 0 {
					t.Errorf("%s", strings.Join(bad, "; "))
					t.Logf("screen:\n%s", screen)
				}
			})
		}
		// Wide enough for the log's event column: every event in the
		// reader's words, none by its stored name.
		t.Run(lang+"/log events", func(t *testing.T) {
			f := newFixtureLogged(t, sayingLog())
			d := newDriver(t, f.model(t, Options{Lang: lang, Color: "never"}, 160, 30))
			d.ready()
			d.key("3")
			d.until("log", func(m Model) bool { return loaded(m) && m.active == screenLog })
			screen := ansi.Strip(d.m.View().Content)
			if bad := i18ntest.Untranslated(lang, screen); len(bad) > 0 {
				t.Errorf("%s", strings.Join(bad, "; "))
			}
			for _, e := range sayingLog() {
				if rawEventShown(t, lang, e.Event, screen) {
					t.Logf("screen:\n%s", screen)
				}
			}
		})
	}
}

// rawEventShown reports (as a test error) an event shown by its stored
// name where the catalogue has words for it in lang.
func rawEventShown(t *testing.T, lang string, e domain.Event, screen string) bool {
	t.Helper()
	cat, err := assets.Catalog(lang)
	if err != nil {
		t.Fatal(err)
	}
	word, ok := cat["tui.event."+string(e)]
	if !ok {
		t.Errorf("%s: no words for the log event %q", lang, e)
		return true
	}
	if !strings.Contains(screen, word) {
		t.Errorf("%s: the log event %q is not shown as %q", lang, e, word)
		return true
	}
	if word != string(e) && regexp.MustCompile(`(?m)^.{20,60}\b`+regexp.QuoteMeta(string(e))+`\b`).MatchString(screen) {
		t.Errorf("%s: the log event %q is shown by its stored name", lang, e)
		return true
	}
	return false
}
