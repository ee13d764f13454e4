package mailer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mailer/smtptest"
)

const secret = "s3cret-Pa55word-xyz"

func startServer(t *testing.T, opts smtptest.Options) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func config(srv *smtptest.Server, security string) domain.MailConfig {
	return domain.MailConfig{Host: srv.Host, Port: srv.Port, Security: security, User: "office", Password: secret,
		From: "Office <billing@example.com>", ReplyTo: "accounts@example.com"}
}

func data(lang string, kind domain.MailKind) domain.MailData {
	return domain.MailData{Kind: kind, Lang: lang, To: "klant@example.nl", From: "Office <billing@example.com>",
		ReplyTo: "accounts@example.com",
		Invoice: domain.Invoice{Number: "2026-0101", Customer: "Bakkerij Van der Linden", Currency: "EUR",
			DueDate: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC)},
		Owed: domain.NewMoney(184050, "EUR"), URL: "https://paymentlink.mollie.com/payment/AfnXK4x6KDrCtT5NqtNWz/"}
}

// parsed is a received message taken apart.
type parsed struct {
	header     mail.Header
	subject    string
	text, html string
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a message: %v\n%s", err, raw)
	}
	var p parsed
	p.header = msg.Header
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			t.Fatal(err)
		}
		switch ct := part.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain"):
			p.text = string(body)
		case strings.HasPrefix(ct, "text/html"):
			p.html = string(body)
		}
	}
	return p
}

func TestSendsInEachLanguageOverSTARTTLS(t *testing.T) {
	srv := startServer(t, smtptest.Options{User: "office", Password: secret})
	m := Factory(Options{RootCAs: srv.Pool})(config(srv, domain.SecurityStartTLS))
	cases := []struct {
		lang, amount, due, subject string
		kind                       domain.MailKind
	}{
		{"en", "EUR 1,840.50", "2026-10-14", "Invoice 2026-0101", domain.MailInvoice},
		{"de", "1.840,50 EUR", "14.10.2026", "Rechnung 2026-0101", domain.MailInvoice},
		{"nl", "EUR 1.840,50", "14-10-2026", "Factuur 2026-0101", domain.MailInvoice},
		{"en", "EUR 1,840.50", "2026-10-14", "Reminder: invoice 2026-0101", domain.MailReminder},
		{"de", "1.840,50 EUR", "14.10.2026", "Zahlungserinnerung: Rechnung 2026-0101", domain.MailReminder},
		{"nl", "EUR 1.840,50", "14-10-2026", "Herinnering: factuur 2026-0101", domain.MailReminder},
	}
	for i, c := range cases {
		d := data(c.lang, c.kind)
		msg, err := m.Compose(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Send(context.Background(), msg); err != nil {
			t.Fatalf("%s %s: %v", c.kind, c.lang, err)
		}
		got := srv.Messages()
		if len(got) != i+1 {
			t.Fatalf("the server has %d messages, want %d", len(got), i+1)
		}
		r := got[i]
		if len(r.To) != 1 || r.To[0] != "klant@example.nl" || r.From != "billing@example.com" {
			t.Errorf("%s %s: envelope from %q to %v", c.kind, c.lang, r.From, r.To)
		}
		p := parse(t, r.Data)
		if !strings.HasPrefix(p.subject, c.subject) || !strings.Contains(p.subject, c.amount) {
			t.Errorf("%s %s: subject %q", c.kind, c.lang, p.subject)
		}
		if p.header.Get("To") != "<klant@example.nl>" || p.header.Get("Reply-To") != "<accounts@example.com>" ||
			!strings.Contains(p.header.Get("From"), "billing@example.com") {
			t.Errorf("%s %s: headers %v", c.kind, c.lang, p.header)
		}
		for name, body := range map[string]string{"text": p.text, "html": p.html} {
			for _, want := range []string{d.URL, c.amount, c.due, "2026-0101", "Bakkerij Van der Linden"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s %s: the %s body lacks %q:\n%s", c.kind, c.lang, name, want, body)
				}
			}
		}
		if !strings.Contains(p.html, `href="`+d.URL+`"`) {
			t.Errorf("%s %s: the HTML does not link the URL:\n%s", c.kind, c.lang, p.html)
		}
	}
}

func TestImplicitTLSAndCheck(t *testing.T) {
	srv := startServer(t, smtptest.Options{User: "office", Password: secret, ImplicitTLS: true})
	m := Factory(Options{RootCAs: srv.Pool})(config(srv, domain.SecurityTLS))
	if err := m.Check(context.Background()); err != nil {
		t.Fatalf("check over implicit TLS: %v", err)
	}
	if len(srv.Messages()) != 0 {
		t.Error("the check sent a message")
	}
}

func TestFailuresSayWhatToDoAndNeverShowThePassword(t *testing.T) {
	refusing := startServer(t, smtptest.Options{User: "office", Password: "another one"})
	plain := startServer(t, smtptest.Options{NoTLS: true})
	relay := startServer(t, smtptest.Options{User: "office", Password: secret,
		RefuseRecipient: func(a string) bool { return strings.HasSuffix(a, "@example.nl") }})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	cases := []struct {
		name    string
		cfg     domain.MailConfig
		pool    bool
		failure domain.Why
		advice  string
	}{
		{"wrong password", config(refusing, domain.SecurityStartTLS), true, domain.WhyMailAuth, "paydesk mail password"},
		{"no STARTTLS", config(plain, domain.SecurityStartTLS), true, domain.WhyMailTLS, "smtp_security"},
		{"untrusted certificate", config(relay, domain.SecurityStartTLS), false, domain.WhyMailTLS, "certificate"},
		{"relay refused", config(relay, domain.SecurityStartTLS), true, domain.WhyMailRefused, "smtp_from"},
		{"unreachable", domain.MailConfig{Host: "127.0.0.1", Port: deadPort, Security: domain.SecurityStartTLS,
			User: "office", Password: secret, From: "billing@example.com"}, true, domain.WhyMailUnreachable, "smtp_host"},
	}
	for _, c := range cases {
		opts := Options{Timeout: 30 * time.Second}
		for _, s := range []*smtptest.Server{refusing, plain, relay} {
			if c.pool && s.Port == c.cfg.Port {
				opts.RootCAs = s.Pool // trust the server's own certificate
			}
		}
		m := Factory(opts)(c.cfg)
		msg, err := m.Compose(data("en", domain.MailInvoice))
		if err != nil {
			t.Fatal(err)
		}
		err = m.Send(context.Background(), msg)
		var de *domain.Error
		if !errors.As(err, &de) || de.Why != c.failure {
			t.Errorf("%s: error %v, want a %s failure", c.name, err, c.failure)
			continue
		}
		said := i18n.New("en").Err(err)
		if !strings.Contains(said, c.advice) || strings.Contains(said, secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: %q lacks the advice %q or shows the password", c.name, said, c.advice)
		}
	}
}

func TestOfficeTemplatesWinOverTheDefaults(t *testing.T) {
	dir := t.TempDir()
	custom := "Subject: Your bill {{.Number}}\n\nPlease pay {{.Amount}} at {{.URL}}\n"
	if err := os.WriteFile(filepath.Join(dir, "invoice.en.txt"), []byte(custom), 0o600); err != nil {
		t.Fatal(err)
	}
	m := Factory(Options{TemplateDir: dir})(domain.MailConfig{})
	d := data("en", domain.MailInvoice)
	d.Invoice.Customer = "Evil\r\nBcc: everyone@example.com"
	msg, err := m.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Subject != "Your bill 2026-0101" || !strings.HasPrefix(msg.Text, "Please pay EUR 1,840.50 at https://") {
		t.Errorf("the office's template is not used: %q / %q", msg.Subject, msg.Text)
	}
	if !strings.Contains(msg.HTML, "Evil Bcc: everyone@example.com") || strings.Contains(msg.HTML, "\r\nBcc") {
		t.Errorf("the default HTML template is not used, or a name broke its line:\n%s", msg.HTML)
	}
	if err := os.WriteFile(filepath.Join(dir, "reminder.en.txt"), []byte("no subject line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Compose(data("en", domain.MailReminder)); err == nil || !strings.Contains(err.Error(), "Subject") {
		t.Errorf("a template without a subject line: %v", err)
	}
}

func TestNoCustomerNameReadsWell(t *testing.T) {
	m := Factory(Options{})(domain.MailConfig{})
	for lang, want := range map[string]string{"en": "Dear customer,", "de": "Guten Tag,", "nl": "Beste klant,"} {
		d := data(lang, domain.MailReminder)
		d.Invoice.Customer = ""
		msg, err := m.Compose(d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(msg.Text, want) || !strings.Contains(msg.HTML, want) {
			t.Errorf("%s: no %q in\n%s\n%s", lang, want, msg.Text, msg.HTML)
		}
	}
}
