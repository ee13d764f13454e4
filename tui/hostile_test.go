package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// hostile is text from outside made to steer a terminal: set the
// clipboard and the title, clear the screen, hide what follows behind a
// hyperlink, and reverse the reading order.
const hostile = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://x\x1b\\\u202eexe.\u2066\u200b\x00\x7f\u009b31m\u0085"

var ownSGR = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// TestHostileTextIsInertOnEveryScreen puts hostile text in every field the
// interface shows (invoice, customer, e-mail, source, Mollie's ids, URL and
// status, the log, the profile and the user) and scans every view.
func TestHostileTextIsInertOnEveryScreen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.store
	f.set(t, domain.SettingProfile, "pfl_1\tProfile"+strings.ReplaceAll(hostile, "\t", "")+"\thttps://x.example\tverified")
	inv := invoice("AAA-1", "Customer"+hostile, 140000, day(2026, 12, 1))
	inv.Email, inv.SourceFile = "e"+hostile+"@x.example", "file"+hostile+".csv"
	if _, err := s.ImportInvoices(ctx, []domain.Invoice{inv}, testNow); err != nil {
		t.Fatal(err)
	}
	s.SeedPayments([]domain.Payment{{InvoiceNumber: inv.Number, Kind: domain.KindLink,
		Mode: domain.ModeTest, MollieID: "pl_" + hostile, Amount: eur(140000), URL: "https://x.example/" + hostile,
		Status: domain.Status("weird" + hostile), Actor: "actor" + hostile, CreatedAt: testNow, Method: "m" + hostile,
		Attempts: []domain.Attempt{{MollieID: "tr_" + hostile, Status: domain.Status("odd" + hostile), Amount: eur(140000), CreatedAt: testNow}}}})
	if _, err := s.AppendLog(ctx, domain.LogEntry{At: testNow, Level: domain.LevelWarn, Actor: "actor" + hostile,
		InvoiceNumber: inv.Number, MollieID: "pl_" + hostile, Event: domain.Event("import"), Message: "message" + hostile}); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	scan := func(where string) {
		t.Helper()
		for i, line := range strings.Split(ownSGR.ReplaceAllString(d.m.View().Content, ""), "\n") {
			if !sanitize.Safe(line) {
				t.Errorf("%s: line %d acts on the terminal: %q", where, i, line)
			}
		}
	}
	scan("invoices")
	d.selectInvoice(inv.Number)
	scan("invoices with the hostile one selected")
	if !strings.Contains(d.screenText(), "Customer␛]52;c;") {
		t.Errorf("the customer is not shown with placeholders:\n%s", d.screenText())
	}
	for _, k := range []string{"enter", "j", "j", "esc", "p", "esc", "m", "esc", "2", "3", "4", "1", "?"} {
		d.key(k)
		scan("after " + k)
	}
}
