package main

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/mailer/smtptest"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

func TestQRCommandDrawsAndWritesAScannableCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-1,Acme B.V.,100.00")
	h.connect()

	if r := h.fails("qr", "INV-1"); !strings.Contains(r.stderr, "no payment link yet") {
		t.Errorf("qr without a link:\n%s", r)
	}
	p := h.pay("INV-1")
	out := h.ok("qr", "INV-1", "--background", "light")
	for _, want := range []string{"INV-1", "Acme B.V.", "EUR 100.00", p.URL, "█", "▀"} {
		if !strings.Contains(out, want) {
			t.Errorf("qr output lacks %q:\n%s", want, out)
		}
	}

	file := filepath.Join(h.dir, "inv-1.png")
	h.ok("qr", "INV-1", "--png", file)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the written file is no PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the PNG does not scan: %v", err)
	}
	if res.GetText() != p.URL {
		t.Errorf("the PNG scans as %q, want %q", res.GetText(), p.URL)
	}
	if r := h.fails("qr", "INV-1", "--png", file); !strings.Contains(r.stderr, "already exists") {
		t.Errorf("qr over an existing file:\n%s", r)
	}
	if log := h.ok("log", "--invoice", "INV-1"); !strings.Contains(log, "QR code") {
		t.Errorf("showing the QR code is not logged:\n%s", log)
	}
}

// mailHarness is a harness whose paydesk sends through a real SMTP server on
// loopback (STARTTLS with a certificate made for the test, trusted through
// SSL_CERT_FILE) with a login.
func mailHarness(t *testing.T, opts smtptest.Options) (*harness, *smtptest.Server) {
	t.Helper()
	h := newHarness(t)
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	h.env = append(h.env, "SSL_CERT_FILE="+h.write("smtp-ca.pem", string(srv.CAPEM)))
	h.ok("settings", "set", "smtp_host", srv.Host)
	h.ok("settings", "set", "smtp_port", strconv.Itoa(srv.Port))
	h.ok("settings", "set", "smtp_user", "office")
	h.ok("settings", "set", "smtp_from", "Office <billing@example.com>")
	return h, srv
}

const smtpSecret = "Correct-Horse-Battery-9"

func TestMailTestSendAndItsFailures(t *testing.T) {
	t.Parallel()
	h, srv := mailHarness(t, smtptest.Options{User: "office", Password: smtpSecret})
	h.importInvoices("INV-1,Acme B.V.,100.00")
	h.connect()

	if r := h.fails("mail", "test"); !strings.Contains(r.stderr, "refused the login") || !strings.Contains(r.stderr, "paydesk mail password") {
		t.Errorf("mail test without a password:\n%s", r)
	}
	if r := h.runInput(smtpSecret+"\n", "mail", "password"); r.code != 0 || strings.Contains(r.stdout+r.stderr, smtpSecret) {
		t.Fatalf("mail password:\n%s", r)
	}
	out := h.ok("mail", "test")
	if !strings.Contains(out, "accepted the connection (starttls)") || !strings.Contains(out, "…") || strings.Contains(out, smtpSecret) {
		t.Errorf("mail test:\n%s", out)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("mail test sent a message")
	}

	// No link yet: send makes it, then mails it.
	var sent sendJSON
	h.jsonOut(&sent, "send", "INV-1", "--json")
	if !sent.Sent || sent.To != "billing@example.org" || sent.Amount != (moneyJSON{"EUR", "100.00"}) || !strings.HasPrefix(sent.URL, h.url) {
		t.Fatalf("send --json = %+v", sent)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "billing@example.org" || !strings.Contains(string(msgs[0].Data), "Subject: Invoice INV-1") {
		t.Fatalf("the server received %d messages: %+v", len(msgs), msgs)
	}
	if body := string(msgs[0].Data); !strings.Contains(body, "EUR 100.00") || !strings.Contains(strings.ReplaceAll(body, "=\r\n", ""), sent.URL) {
		t.Errorf("the message lacks the amount or the link:\n%s", body)
	}
	if again := h.pay("INV-1"); again.URL != sent.URL || !again.Reused {
		t.Errorf("the mailed link is not the invoice's open link: %+v", again)
	}
	log := h.ok("log", "--invoice", "INV-1")
	if !strings.Contains(log, "invoice e-mail sent to billing@example.org") || !strings.Contains(log, sent.URL) {
		t.Errorf("the send is not logged with recipient and link:\n%s", log)
	}

	// Bad input: each a plain message, logged, nothing sent.
	if r := h.fails("send", "INV-1", "--to", "not an address"); !strings.Contains(r.stderr, "is not an e-mail address") {
		t.Errorf("send to a bad address:\n%s", r)
	}
	h.write("noaddr.csv", "number,customer,currency,total\nINV-2,Nobody,EUR,50.00\n")
	h.ok("import", "noaddr.csv")
	if r := h.fails("send", "INV-2"); !strings.Contains(r.stderr, "has no e-mail address") || !strings.Contains(r.stderr, "--to") {
		t.Errorf("send without an address:\n%s", r)
	}
	h.ok("settings", "set", "smtp_port", "1")
	if r := h.fails("send", "INV-1"); !strings.Contains(r.stderr, "No connection to the SMTP server") {
		t.Errorf("send to an unreachable server:\n%s", r)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("failed sends delivered messages: %d in all", n)
	}
	errs := h.ok("log", "--level", "error")
	if strings.Count(errs, "not sent") < 3 || strings.Contains(errs, smtpSecret) {
		t.Errorf("the failures are not logged (or show the password):\n%s", errs)
	}
}

// demoExpectations reads the demo invoices and says, independently of
// paydesk's rules, which are overdue today with money owed and an address.
func demoExpectations(t *testing.T) []string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(assets.DemoInvoices)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	var want []string
	for _, r := range rows[1:] {
		number, email, total, paid, due, kind := r[0], r[2], r[4], r[5], r[7], r[8]
		if kind != "invoice" || email == "" || due == "" || due >= today || total == paid {
			continue
		}
		want = append(want, number)
	}
	sort.Strings(want)
	return want
}

func TestRemindTheDemoInvoices(t *testing.T) {
	t.Parallel()
	h, srv := mailHarness(t, smtptest.Options{User: "office", Password: smtpSecret})
	h.write("demo.csv", string(assets.DemoInvoices))
	h.ok("import", "demo.csv")
	h.connect()
	h.runInput(smtpSecret+"\n", "mail", "password")

	want := demoExpectations(t)
	if len(want) == 0 {
		t.Fatal("no demo invoice is overdue; the test would prove nothing")
	}
	numbers := func(rs []reminderJSON) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Invoice)
		}
		sort.Strings(out)
		return out
	}
	var dry []reminderJSON
	h.jsonOut(&dry, "remind", "--dry-run", "--json")
	if got := numbers(dry); !slices.Equal(got, want) {
		t.Fatalf("remind --dry-run lists %v, want the overdue invoices with addresses %v", got, want)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a dry run sent messages")
	}
	if out := h.ok("remind", "--dry-run"); !strings.Contains(out, "would be sent") || !strings.Contains(out, want[0]) {
		t.Errorf("remind --dry-run for people:\n%s", out)
	}

	var first []reminderJSON
	h.jsonOut(&first, "remind", "--json")
	for _, r := range first {
		if !r.Sent || r.URL == nil {
			t.Errorf("reminder not sent: %+v", r)
		}
	}
	if got := numbers(first); !slices.Equal(got, want) || len(srv.Messages()) != len(want) {
		t.Fatalf("the first run reminded %v with %d messages, want %v", got, len(srv.Messages()), want)
	}
	for _, m := range srv.Messages() {
		if !strings.Contains(string(m.Data), "Subject: Reminder: invoice") {
			t.Errorf("not a reminder:\n%s", m.Data)
		}
	}
	var second []reminderJSON
	h.jsonOut(&second, "remind", "--json")
	if len(second) != 0 || len(srv.Messages()) != len(want) {
		t.Errorf("the second run sent again: %+v (%d messages in all)", second, len(srv.Messages()))
	}
	if out := h.ok("remind"); !strings.Contains(out, "No reminder is due") {
		t.Errorf("remind with nothing due:\n%s", out)
	}
}

func TestRemindExitsNonZeroWhenASendFails(t *testing.T) {
	t.Parallel()
	h, _ := mailHarness(t, smtptest.Options{User: "office", Password: smtpSecret})
	h.write("late.csv", "number,customer,email,currency,total,issue date,due date\nINV-9,Late Ltd,late@example.org,EUR,10.00,2026-01-01,2026-02-01\n")
	h.ok("import", "late.csv")
	h.connect()
	// No password stored: the server refuses the login.
	r := h.run("remind")
	if r.code != 1 || !strings.Contains(r.stderr, "1 of 1 reminders were not sent") || !strings.Contains(r.stdout, "NOT SENT") {
		t.Errorf("remind with a refusing server:\n%s", r)
	}
	if r := h.run("remind", "--overdue-days", "0"); r.code != 2 {
		t.Errorf("remind --overdue-days 0 exits %d, want 2", r.code)
	}
}
