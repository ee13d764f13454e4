package tui

import (
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

func notBusy(m Model) bool { return m.busy == 0 }

func TestPayDialogCancelAndConfirm(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("p")
	pay, ok := d.m.dialog.(*payDialog)
	if !ok {
		t.Fatalf("p opened %T", d.m.dialog)
	}
	text := d.screenText()
	for _, want := range []string{"Request payment for INV-2026-001", "Acme B.V.", "EUR 1,250.00", "EUR 0.00", "link", "never", "TEST"} {
		if !strings.Contains(text, want) {
			t.Errorf("pay dialog lacks %q:\n%s", want, text)
		}
	}
	if pay.inv.Number != "INV-2026-001" {
		t.Fatalf("dialog for %s", pay.inv.Number)
	}
	// Keys other than enter and esc do nothing, q included.
	for _, k := range []string{"j", "q", "p", "1"} {
		next, cmd := d.m.Update(keyMsg(k))
		if isQuit(cmd) || next.(Model).dialog == nil || next.(Model).active != screenInvoices {
			t.Fatalf("%q in the pay dialog acted", k)
		}
	}
	d.key("esc")
	if d.m.dialog != nil || f.mollie.Created != 0 {
		t.Fatal("esc did not cancel the payment")
	}

	d.key("p")
	d.key("enter")
	if d.m.dialog != nil || d.m.busy != 1 || !strings.Contains(d.m.View().Content, "Requesting a payment for INV-2026-001") {
		t.Fatalf("enter did not start the payment:\n%s", d.m.View().Content)
	}
	d.until("the payment link", notBusy)
	url := "https://paymentlink.mollie.com/payment/Fake0001/"
	if got := d.footer(); got != "Payment link for INV-2026-001: "+url {
		t.Fatalf("footer %q", got)
	}
	if f.mollie.Created != 1 {
		t.Fatalf("%d links created", f.mollie.Created)
	}
	d.until("the new link in the pane", func(m Model) bool {
		st := m.invoices.pane.status
		return st != nil && st.Current != nil && st.Current.URL == url && st.Invoice.Number == "INV-2026-001"
	})
	d.until("the invoice listed as awaiting payment", func(m Model) bool {
		inv, _ := m.invoices.Selected()
		return inv.LastPayment != nil && inv.LastPayment.Status == domain.StatusOpen
	})
}

func TestPayShowsTheExistingLink(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-002")
	d.key("p")
	if !strings.Contains(d.screenText(), "already has an active link") {
		t.Fatalf("the dialog does not mention the active link:\n%s", d.screenText())
	}
	d.key("enter")
	d.until("the existing link", notBusy)
	if got := d.footer(); got != "Existing link for INV-2026-002: https://paymentlink.mollie.com/payment/8Rt4VbNx1c/" {
		t.Fatalf("footer %q", got)
	}
	if f.mollie.Created != 0 {
		t.Fatal("a second link was made")
	}
}

func TestPayRefusedWithoutADialog(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	cases := map[string]string{
		"CN-2026-001":  "CN-2026-001 is a credit note: money goes to the customer, not from them.",
		"INV-2026-003": "Invoice INV-2026-003 is fully paid.",
		"INV-2026-007": "Invoice INV-2026-007 is fully paid.",
	}
	for number, want := range cases {
		d.selectInvoice(number)
		d.key("p")
		if d.m.dialog != nil || d.m.footer.kind != footerError || d.footer() != want {
			t.Errorf("%s: dialog %T, footer %q", number, d.m.dialog, d.footer())
		}
	}
}

func TestPayErrorsAppearInTheFooter(t *testing.T) {
	cases := []struct {
		name string
		set  func(f *fixture)
		want string
	}{
		{"key revoked", func(f *fixture) {
			f.mollie.CreateErr = &domain.GatewayError{HTTPStatus: 401}
		}, "Mollie refused the API key (401)"},
		{"network down", func(f *fixture) {
			f.mollie.CreateErr = &domain.GatewayError{Unreachable: true, Retryable: true, Err: errString("dial tcp: connection refused")}
		}, "Mollie could not be reached: dial tcp: connection refused"},
		{"refused", func(f *fixture) {
			f.mollie.CreateErr = &domain.GatewayError{HTTPStatus: 422, Title: "Unprocessable Entity", Field: "amount", Detail: "The amount is lower than the minimum"}
		}, "Mollie refused the amount (amount) [422 Unprocessable Entity]: The amount is lower than the minimum"},
		{"integration off", func(f *fixture) {
			f.set(t, domain.SettingIntegration, "off")
		}, "The Mollie integration is off"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			c.set(f)
			d := f.start(t, en(), 200, 40)
			d.key("1")
			d.selectInvoice("INV-2026-001")
			d.key("p")
			d.key("enter")
			d.until("the outcome", notBusy)
			if d.m.footer.kind != footerError || !strings.Contains(d.footer(), c.want) || !strings.HasPrefix(d.footer(), "No payment for INV-2026-001: ") {
				t.Fatalf("footer %q", d.footer())
			}
			if !strings.Contains(d.screenText(), "✗ No payment for INV-2026-001") {
				t.Fatalf("the error is not on screen:\n%s", d.screenText())
			}
		})
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// copyRecorder stands in for the system clipboard.
type copyRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (c *copyRecorder) write(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.urls = append(c.urls, s)
	return errString("No clipboard utilities available")
}

func (c *copyRecorder) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.urls...)
}

func TestCopyLink(t *testing.T) {
	f := newFixture(t)
	for _, k := range []string{"y", "c"} {
		d := f.start(t, en(), 120, 40)
		rec := &copyRecorder{}
		d.m.sh.copyNative = rec.write
		d.selectInvoice("INV-2026-002")
		d.key(k)
		url := "https://paymentlink.mollie.com/payment/8Rt4VbNx1c/"
		d.until("the copy", func(m Model) bool { return m.footer.text != "" })
		if d.footer() != "Link copied: "+url || d.m.footer.kind != footerSuccess {
			t.Fatalf("%s: footer %q", k, d.footer())
		}
		d.until("OSC 52 and the native clipboard", func(Model) bool {
			return d.sawMsg(tea.SetClipboard(url)()) && len(rec.got()) == 1
		})
		if rec.got()[0] != url {
			t.Fatalf("native clipboard got %q", rec.got())
		}
		if !strings.Contains(d.screenText(), url) {
			t.Fatal("the link is not on screen to copy by hand")
		}
	}
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("y")
	d.until("the refusal", func(m Model) bool { return m.footer.text != "" })
	if d.m.footer.kind != footerError || !strings.Contains(d.footer(), "has no payment link yet") {
		t.Fatalf("footer %q", d.footer())
	}
}

func TestRefreshNow(t *testing.T) {
	f := newFixture(t)
	paidAt := at(9, 59)
	f.mollie.Links["pl_8Rt4VbNx1c"] = domain.RemoteLink{ID: "pl_8Rt4VbNx1c", Mode: domain.ModeTest, Amount: eur(8995),
		URL: "https://paymentlink.mollie.com/payment/8Rt4VbNx1c/", PaidAt: paidAt}
	f.mollie.Attempts["pl_8Rt4VbNx1c"] = []domain.RemotePayment{
		{ID: "tr_2Lp8XsQe6T", Mode: domain.ModeTest, Status: domain.StatusFailed, Method: "creditcard", Amount: eur(8995), CreatedAt: at(9, 40), FailedAt: at(9, 41)},
		{ID: "tr_6Yu7IoPa3S", Mode: domain.ModeTest, Status: domain.StatusPaid, Method: "ideal", Amount: eur(8995), CreatedAt: at(9, 58), PaidAt: paidAt},
	}
	d := f.start(t, en(), 200, 40)
	d.selectInvoice("INV-2026-002")
	d.key("r")
	if d.m.busy != 1 || !strings.Contains(d.m.View().Content, "Checking INV-2026-002 with Mollie") {
		t.Fatal("r did not start a check")
	}
	d.until("the check", notBusy)
	if got := d.footer(); got != "INV-2026-002: Paid on 2026-11-20 by iDEAL" {
		t.Fatalf("footer %q", got)
	}
	d.until("the paid status in the list", func(m Model) bool {
		inv, _ := m.invoices.Selected()
		return !inv.Outstanding(domain.ModeTest).IsPositive()
	})
	if text := d.screenText(); !strings.Contains(text, "2 (last: paid, iDEAL)") {
		t.Fatalf("pane:\n%s", text)
	}

	d.selectInvoice("INV-2026-005")
	d.key("r")
	d.until("the failed check", notBusy)
	if d.m.footer.kind != footerError || !strings.HasPrefix(d.footer(), "Checking INV-2026-005 failed: ") {
		t.Fatalf("footer %q", d.footer())
	}
}

func TestRecordPayment(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("m")
	if _, ok := d.m.dialog.(*recordDialog); !ok {
		t.Fatalf("m opened %T", d.m.dialog)
	}
	d.key("esc")
	if d.m.dialog != nil {
		t.Fatal("esc did not cancel")
	}
	d.key("m")
	if v := d.m.dialog.(*recordDialog).amount.Value(); v != "1,250.00" {
		t.Fatalf("the amount owed is not filled in: %q", v)
	}
	d.key("ctrl+u")
	d.typeText("1,234")
	d.key("enter")
	rd := d.m.dialog.(*recordDialog)
	if !strings.Contains(rd.err, "ambiguous") || !strings.Contains(d.screenText(), "ambiguous") {
		t.Fatalf("an ambiguous amount was not refused: %q", rd.err)
	}
	for range "1,234" {
		d.key("backspace")
	}
	d.typeText("0")
	d.key("enter")
	if !strings.Contains(d.screenText(), "more than zero") {
		t.Fatal("zero was not refused")
	}
	d.key("backspace")
	d.typeText("250,00")
	d.key("tab")
	d.typeText("bank transfer, quoted")
	_, cmd := d.m.Update(keyMsg("q"))
	if isQuit(cmd) {
		t.Fatal("q quit while typing a note")
	}
	d.key("enter")
	d.until("the record", notBusy)
	if got := d.footer(); got != "Recorded EUR 250.00 for INV-2026-001; outstanding now EUR 1,000.00" {
		t.Fatalf("footer %q", got)
	}
	inv, err := f.store.Invoice(t.Context(), "INV-2026-001")
	if err != nil || inv.PaidOutside != eur(25000) {
		t.Fatalf("stored %v, %v", inv.PaidOutside, err)
	}
	d.until("the list to show it", func(m Model) bool {
		inv, _ := m.invoices.Selected()
		return inv.Outstanding(domain.ModeTest) == eur(100000)
	})
}

func TestActionsFromThePaymentsScreen(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("2")
	d.key("j") // INV-2026-002's link
	p, _ := d.m.payments.Selected()
	if p.InvoiceNumber != "INV-2026-002" {
		t.Fatalf("selected %s", p.InvoiceNumber)
	}
	d.key("y")
	d.until("the copy", func(m Model) bool { return m.footer.text != "" })
	if !strings.HasPrefix(d.footer(), "Link copied: https://paymentlink.mollie.com/payment/8Rt4VbNx1c/") {
		t.Fatalf("footer %q", d.footer())
	}
	d.key("enter")
	d.until("the jump", func(m Model) bool { return m.active == screenInvoices })
	if n, _ := d.m.invoices.list.SelectedNumber(); n != "INV-2026-002" {
		t.Fatalf("jumped to %s", n)
	}
}

func TestSlowMollieKeepsTheScreenResponsive(t *testing.T) {
	f := newFixture(t)
	f.mollie.Hold = make(chan struct{})
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("p")
	d.key("enter")
	// Mollie has not answered; the screen still moves and switches.
	d.key("j")
	d.until("the next invoice's status", loaded)
	d.key("3")
	d.key("1")
	if d.m.busy != 1 || !strings.Contains(d.m.View().Content, "Requesting a payment") {
		t.Fatal("the running request is not shown")
	}
	close(f.mollie.Hold)
	d.until("Mollie's answer", notBusy)
	if !strings.HasPrefix(d.footer(), "Payment link for INV-2026-001: ") {
		t.Fatalf("footer %q", d.footer())
	}
}
