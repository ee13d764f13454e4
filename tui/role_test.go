package tui

import (
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// A viewer sees who they are, sees the keys they may not use marked with
// the role they need, and p, m and e say why instead of opening a dialog.
func TestViewerIsToldWhatTheRoleDoesNotAllow(t *testing.T) {
	f := newFixture(t)
	f.svc = f.svc.As("Vera (SHA256:abc)", domain.RoleViewer)
	opts := en()
	opts.Who = "Vera"
	d := f.start(t, opts, 120, 40)
	d.selectInvoice("INV-2026-001")
	text := d.screenText()
	for _, want := range []string{"user: Vera (viewer)", "pay (needs bookkeeper)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen lacks %q:\n%s", want, text)
		}
	}
	for k, what := range map[string]string{"p": "Requesting payment links", "m": "Recording payments", "e": "E-mailing customers"} {
		d.key(k)
		if d.m.dialog != nil {
			t.Fatalf("%s opened %T for a viewer", k, d.m.dialog)
		}
		if want := what + " needs the bookkeeper role; Vera has the viewer role"; !strings.Contains(d.m.footer.text, want) {
			t.Errorf("after %s the footer says %q, want %q", k, d.m.footer.text, want)
		}
	}
	if len(f.mollie.Links) != 0 {
		t.Errorf("links made at Mollie for a viewer: %v", f.mollie.Links)
	}
}
