package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

func TestStartsOnSetupWhenMollieCannotBeUsed(t *testing.T) {
	off := newFixture(t)
	off.set(t, domain.SettingIntegration, "")
	d := off.start(t, en(), 80, 24)
	if d.m.active != screenSetup || d.m.setup.at() != rowIntegration {
		t.Fatalf("integration off: screen %d row %d", d.m.active, d.m.setup.at())
	}
	if !strings.Contains(d.screenText(), "[integration off]") {
		t.Fatalf("header:\n%s", d.screenText())
	}

	unconnected := newFixture(t)
	unconnected.set(t, domain.SettingAPIKey, "")
	d = unconnected.start(t, en(), 80, 24)
	if d.m.active != screenSetup || d.m.setup.at() != rowAPIKey {
		t.Fatalf("not connected: screen %d row %d", d.m.active, d.m.setup.at())
	}
	if !strings.Contains(d.screenText(), "[not connected]") {
		t.Fatalf("header:\n%s", d.screenText())
	}

	connected := newFixture(t).start(t, en(), 80, 24)
	if connected.m.active != screenInvoices {
		t.Fatal("a connected desk does not open on the invoices")
	}
}

func TestConnectWithPastedKey(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingAPIKey, "")
	f.set(t, domain.SettingProfile, "")
	d := f.start(t, en(), 120, 40)
	d.key("enter")
	if !d.m.setup.editing || !d.m.setup.Capturing() {
		t.Fatal("enter on the API key row does not open the input")
	}
	key := "live_Wq8Er5Ty2Ui9Op4As7Df1Gh6Jk3Lz"
	d.send(tea.PasteMsg{Content: key})
	if text := d.m.View().Content; strings.Contains(text, key) || strings.Contains(text, "Wq8Er5") {
		t.Fatal("the key is shown while typed")
	}
	if !strings.Contains(d.screenText(), strings.Repeat("•", 10)) {
		t.Fatal("the key is not masked")
	}
	d.key("q") // a letter while the input has the keyboard
	d.key("backspace")
	d.key("enter")
	d.until("the check to start", func(m Model) bool { return m.setup.connecting })
	if !strings.Contains(d.screenText(), "Checking the key with Mollie") {
		t.Fatal("no spinner while checking")
	}
	d.until("the check", func(m Model) bool { return !m.setup.connecting && m.busy == 0 })
	d.until("the header", func(m Model) bool { return m.sh.conn.Connected })
	text := d.screenText()
	for _, want := range []string{"✓ Connected to Acme Bookkeeping (https://acme.example) · LIVE", "live_…k3Lz", "Acme Bookkeeping [LIVE]"} {
		if !strings.Contains(text, want) {
			t.Errorf("setup lacks %q:\n%s", want, text)
		}
	}
	if f.setting(t, domain.SettingAPIKey) != key {
		t.Fatal("the key was not stored")
	}
	if strings.Contains(text, key) {
		t.Fatal("the key is on screen")
	}
}

func TestConnectRefusedShowsTheReason(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingAPIKey, "")
	d := f.start(t, en(), 120, 40)
	d.key("enter")
	d.typeText("test_tooshort")
	d.key("enter")
	d.until("the refusal", func(m Model) bool { return m.setup.connectErr != nil })
	want := "Connecting failed: Mollie refused the API key (401): it is wrong or was revoked"
	if !strings.Contains(d.screenText(), want) || !strings.Contains(d.footer(), want) {
		t.Fatalf("reason not shown:\n%s", d.screenText())
	}
	if f.setting(t, domain.SettingAPIKey) != "" {
		t.Fatal("a refused key was stored")
	}
}

func TestIntegrationSwitch(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("4")
	d.key("space")
	d.until("the confirmation", func(m Model) bool { return m.dialog != nil })
	if _, ok := d.m.dialog.(*confirmDialog); !ok || !strings.Contains(d.screenText(), "Switch the Mollie integration off?") {
		t.Fatalf("switching off asks no confirmation:\n%s", d.screenText())
	}
	d.key("esc")
	if f.setting(t, domain.SettingIntegration) != "on" {
		t.Fatal("esc switched it off")
	}
	d.key("space")
	d.until("the confirmation", func(m Model) bool { return m.dialog != nil })
	d.key("enter")
	d.until("the switch", func(m Model) bool { return m.sh.connOK && !m.sh.conn.Enabled })
	if f.setting(t, domain.SettingIntegration) != "off" || d.footer() != "Mollie integration switched off" {
		t.Fatalf("setting %q, footer %q", f.setting(t, domain.SettingIntegration), d.footer())
	}
	d.key("enter") // switching on needs no confirmation
	d.until("the switch", func(m Model) bool { return m.sh.conn.Enabled })
	if d.m.dialog != nil || d.footer() != "Mollie integration switched on" {
		t.Fatalf("footer %q", d.footer())
	}
}

func TestEditSettings(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("4")
	d.key("j")
	d.key("j") // payment kind: a picker, never a free-text box
	d.key("enter")
	if d.m.setup.editing {
		t.Fatal("enter opened a text box for a choice")
	}
	d.until("the save", func(m Model) bool { return m.sh.setting(domain.SettingPaymentKind) == "checkout" })
	if f.setting(t, domain.SettingPaymentKind) != "checkout" || d.footer() != "Payment kind saved" {
		t.Fatalf("stored %q, footer %q", f.setting(t, domain.SettingPaymentKind), d.footer())
	}
	if !strings.Contains(d.screenText(), "‹ checkout ›") {
		t.Fatalf("the picker does not show the choice:\n%s", d.screenText())
	}
	d.key("left")
	d.until("the previous choice", func(m Model) bool { return m.sh.setting(domain.SettingPaymentKind) == "link" })

	d.key("j") // link expiry
	d.key("space")
	d.until("the next choice", func(m Model) bool { return m.sh.setting(domain.SettingLinkExpiry) == "never" })
	d.key("j") // return URL: typed freely
	d.key("enter")
	d.typeText("x")
	d.key("esc")
	if d.m.setup.editing || f.setting(t, domain.SettingReturnURL) != "" {
		t.Fatal("esc did not cancel the edit")
	}
	d.key("j") // webhook URL
	d.key("enter")
	d.typeText("http://localhost:8080/webhooks/mollie")
	d.key("enter")
	d.until("the refusal", func(m Model) bool { return m.setup.fieldErr[domain.SettingWebhookURL] != nil })
	if !strings.Contains(d.screenText(), "webhook_url must use https") {
		t.Fatalf("webhook refusal not shown:\n%s", d.screenText())
	}
	for _, k := range []string{"j", "k", "q", "1"} {
		d.key(k) // typed into the input, not taken as commands
	}
	if d.m.active != screenSetup {
		t.Fatal("a key left the setup while editing")
	}
	d.key("esc")
	if d.m.setup.editing || d.m.setup.fieldErr[domain.SettingWebhookURL] != nil || strings.Contains(d.m.setup.View(), "must use https") {
		t.Fatal("the refusal stays after the edit was cancelled")
	}
}

// A wrong key pasted over a working one is refused; the screen says the
// working key stays, instead of "Connecting failed".
func TestWrongKeyKeepsTheConnectedOne(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("4")
	d.key("j") // the API key
	d.key("enter")
	d.typeText("test_tooshort")
	d.key("enter")
	d.until("the refusal", func(m Model) bool { return m.setup.connectErr != nil })
	text := strings.Join(strings.Fields(d.screenText()), " ")
	if strings.Contains(text, "Connecting failed") || !strings.Contains(text, "is kept and still works") {
		t.Fatalf("refusal:\n%s", d.screenText())
	}
	if f.setting(t, domain.SettingAPIKey) != testAPIKey {
		t.Fatal("the working key was replaced")
	}
}

// The setup screen moves like every list: page keys, home and end, and the
// mouse wheel; on a small terminal the row under the cursor stays in view.
func TestSetupMovesLikeEveryList(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 80, 20)
	d.key("4")
	last := rowFirstSetting + len(domain.UserSettings) - 1
	d.key("end")
	if d.m.setup.at() != last {
		t.Fatalf("end: row %d, want %d", d.m.setup.at(), last)
	}
	if !strings.Contains(d.screenText(), "▸ SSH address") {
		t.Fatalf("the last row is out of view:\n%s", d.screenText())
	}
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if d.m.setup.at() != last-wheelStep {
		t.Fatalf("wheel up: row %d, want %d", d.m.setup.at(), last-wheelStep)
	}
	d.key("home")
	d.key("pgdown")
	if row := d.m.setup.at(); row <= 1 || row >= last {
		t.Fatalf("page down from the top: row %d", row)
	}
	d.key("home")
	if d.m.setup.at() != rowIntegration || !strings.Contains(d.screenText(), "▸ Integration") {
		t.Fatalf("home: row %d\n%s", d.m.setup.at(), d.screenText())
	}
}
