package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/linkqr"
)

func TestQRDialogSaysHowLargeTheTerminalMustBe(t *testing.T) {
	f := newFixture(t)
	sh := newShared(context.Background(), f.svc, Options{Lang: "en", Color: "never"})
	pay := domain.Payment{URL: "https://paymentlink.mollie.com/payment/8Rt4VbNx1c/", Amount: domain.NewMoney(8995, "EUR"), Mode: domain.ModeTest}
	code, err := linkqr.Encode(pay.URL)
	if err != nil {
		t.Fatal(err)
	}
	d := newQRDialog(sh, domain.Invoice{Number: "INV-1"}, pay, code)
	d.SetSize(80, 20, 16)
	view := d.View(80)
	if !strings.Contains(view, "at least 80×23") || !strings.Contains(view, "this one is 80×20") || strings.Contains(view, "█") {
		t.Errorf("a code that does not fit is drawn anyway or not explained:\n%s", view)
	}
	d.SetSize(80, 24, 20)
	if view := d.View(80); !strings.Contains(view, "█") || !strings.Contains(view, "EUR 89.95") {
		t.Errorf("a code that fits is not drawn with its amount:\n%s", view)
	}
	// Plain and light: the dark modules are the ink, so the quiet zone is blank.
	sh.setDark(false)
	if first := strings.Split(d.View(80), "\n")[0]; strings.HasPrefix(first, "█") {
		t.Errorf("on a light background the quiet zone is drawn as ink: %q", first)
	}
}
