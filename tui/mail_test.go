package tui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// recordingMailer composes a short message and keeps what it sends.
type recordingMailer struct {
	mu   sync.Mutex
	sent []domain.Message
}

func (r *recordingMailer) Compose(d domain.MailData) (domain.Message, error) {
	return domain.Message{From: d.From, To: d.To, Subject: string(d.Kind) + " " + d.Invoice.Number,
		Text: "Please pay " + d.Owed.String() + " at " + d.URL + "\n"}, nil
}

func (r *recordingMailer) Send(_ context.Context, m domain.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

func (r *recordingMailer) Check(context.Context) error { return nil }

func (r *recordingMailer) messages() []domain.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]domain.Message(nil), r.sent...)
}

// withMail gives the fixture's Service a mailer and the settings it needs.
func withMail(t *testing.T, f *fixture) *recordingMailer {
	t.Helper()
	rec := &recordingMailer{}
	f.svc = domain.NewService(domain.ServiceConfig{Store: f.store, Gateways: f.mollie.Gateways(), Clock: f.clock, Actor: testActor,
		Mailers: func(domain.MailConfig) domain.Mailer { return rec }})
	for k, v := range map[string]string{domain.SettingSMTPHost: "smtp.example.com", domain.SettingSMTPFrom: "billing@example.com"} {
		if err := f.store.SetSetting(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	return rec
}

func TestMailDialogEditsTheRecipientAndSends(t *testing.T) {
	f := newFixture(t)
	rec := withMail(t, f)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("e")
	d.until("the e-mail dialog", func(m Model) bool { _, ok := m.dialog.(*mailDialog); return ok && notBusy(m) })
	text := d.screenText()
	for _, want := range []string{"E-mail the link of INV-2026-001", "invoice INV-2026-001", "EUR 1,250.00", "https://paymentlink.mollie.com/payment/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the e-mail dialog lacks %q:\n%s", want, text)
		}
	}
	if f.mollie.Created != 1 {
		t.Errorf("the dialog did not make the missing link first (%d made)", f.mollie.Created)
	}
	// The invoice has no address: enter refuses until one is typed.
	d.key("enter")
	if _, ok := d.m.dialog.(*mailDialog); !ok || !strings.Contains(d.screenText(), "has no e-mail address") {
		t.Fatalf("enter without an address did not say so:\n%s", d.screenText())
	}
	d.typeText("accounts@acme.example")
	d.key("enter")
	d.until("the e-mail sent", func(m Model) bool { return m.dialog == nil && notBusy(m) })
	sent := rec.messages()
	if len(sent) != 1 || sent[0].To != "accounts@acme.example" || !strings.Contains(sent[0].Text, "EUR 1250.00") {
		t.Fatalf("sent %+v", sent)
	}
	if got := d.footer(); !strings.Contains(got, "sent to accounts@acme.example") {
		t.Errorf("footer %q", got)
	}
	d.until("the pane showing the send", func(m Model) bool {
		st := m.invoices.pane.status
		return st != nil && !st.LastMailed.IsZero()
	})
	if !strings.Contains(d.screenText(), "Sent by e-mail") {
		t.Errorf("the status pane does not show the send:\n%s", d.screenText())
	}
}

func TestRemindersView(t *testing.T) {
	f := newFixture(t)
	rec := withMail(t, f)
	late := invoice("INV-2026-020", "Late Ltd", 5000, day(2026, 10, 1))
	late.Email = "late@example.com"
	if _, err := f.store.ImportInvoices(context.Background(), []domain.Invoice{late}, testNow); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.key("R")
	d.until("the reminders dialog", func(m Model) bool { _, ok := m.dialog.(*remindersDialog); return ok })
	text := d.screenText()
	if !strings.Contains(text, "1 overdue invoices get a reminder") || !strings.Contains(text, "INV-2026-020") || strings.Contains(text, "INV-2026-001") {
		t.Fatalf("the reminders view lists the wrong invoices:\n%s", text)
	}
	d.key("enter")
	d.until("the reminders sent", func(m Model) bool { return m.dialog == nil && notBusy(m) })
	if sent := rec.messages(); len(sent) != 1 || sent[0].To != "late@example.com" || sent[0].Subject != "reminder INV-2026-020" {
		t.Fatalf("sent %+v", sent)
	}
	if got := d.footer(); got != "1 reminders sent." {
		t.Errorf("footer %q", got)
	}
	d.key("R")
	d.until("the reminders dialog again", func(m Model) bool { _, ok := m.dialog.(*remindersDialog); return ok })
	if text := d.screenText(); !strings.Contains(text, "No reminder is due: 1 overdue invoices were reminded") {
		t.Fatalf("a second round would remind again:\n%s", text)
	}
	d.key("enter")
	if d.m.dialog != nil || len(rec.messages()) != 1 {
		t.Fatal("closing an empty reminders view sent something")
	}
}
