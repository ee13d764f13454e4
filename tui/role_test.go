package tui

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// A viewer sees who they are, sees the keys they may not use marked with
// the role they need, and p, m, e and I say why instead of opening a
// dialog; each refusal is in the log with the person's name and key.
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
	if h := d.m.sh.keys.Import.Help().Desc; !strings.Contains(h, "needs bookkeeper") {
		t.Errorf("the import key's help %q is not marked for the viewer", h)
	}
	for k, what := range map[string]string{"p": "Requesting payment links", "m": "Recording payments", "e": "E-mailing customers", "I": "Importing invoices"} {
		d.key(k)
		if d.m.dialog != nil {
			t.Fatalf("%s opened %T for a viewer", k, d.m.dialog)
		}
		if want := what + " needs the bookkeeper role; Vera has the viewer role"; !strings.Contains(d.m.footer.text, want) {
			t.Errorf("after %s the footer says %q, want %q", k, d.m.footer.text, want)
		}
	}
	rows, err := f.svc.Log(t.Context(), domain.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]int{}
	for _, r := range rows {
		if r.Event == domain.EventRefused {
			refused[r.Actor+" "+r.InvoiceNumber]++
		}
	}
	if want := map[string]int{"Vera (SHA256:abc) INV-2026-001": 3, "Vera (SHA256:abc) ": 1}; !maps.Equal(refused, want) {
		t.Errorf("refusals in the log by actor and invoice: %v, want %v", refused, want)
	}
	if len(f.mollie.Links) != 0 {
		t.Errorf("links made at Mollie for a viewer: %v", f.mollie.Links)
	}
}

// An SSH session's header says the sync loop is failing when the loop of
// the process serving it fails, as a local terminal's does: the session's
// Service, made by As, shares the process's last sync report.
func TestSessionHeaderSaysSyncIsFailing(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingAPIKey, "test_refused") // Mollie refuses it
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.svc.RunSync(ctx, testHolder) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		st, err := f.svc.SyncState(context.Background(), testHolder)
		if err == nil && st.Last.Err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the sync loop never failed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	f.store.SetLease(syncLease, testHolder, testNow.Add(time.Hour)) // as while the loop runs

	f.svc = f.svc.As("Vera (SHA256:abc)", domain.RoleViewer)
	opts := en()
	opts.Who = "Vera"
	d := f.start(t, opts, 120, 40)
	if header := strings.SplitN(d.screenText(), "\n", 2)[0]; !strings.Contains(header, "sync: here, failing") {
		t.Errorf("the session's header does not say sync is failing:\n%s", header)
	}
}
