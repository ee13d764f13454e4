package integration

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// An unverified profile takes test payments only: connect says so, a live
// pay is refused with the reason and what to do, a test pay works.
func TestUnverifiedProfileRefusesLivePayments(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.sim.SetProfileStatus(domain.ProfileUnverified)
	svc := e.open("anna")
	if err := svc.SetIntegration(e.ctx, true); err != nil {
		t.Fatal(err)
	}
	prof, err := svc.Connect(e.ctx, e.sim.LiveKey())
	if err != nil || prof.Status != domain.ProfileUnverified {
		t.Fatalf("connect: %+v, %v", prof, err)
	}
	e.importInvoices(svc, invoice("INV-1", 10000))
	_, err = svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if words := english.Err(err); !errors.Is(err, domain.ErrNotPayable) || !strings.Contains(words, `"Simulated Shop" is not verified`) || !strings.Contains(words, "dashboard") {
		t.Fatalf("live pay on an unverified profile: %v", err)
	}
	if ps := e.payments(svc, "INV-1"); len(ps) != 0 {
		t.Errorf("rows after a refused pay: %+v", ps)
	}
	if _, err := svc.Connect(e.ctx, e.sim.TestKey()); err != nil {
		t.Fatal(err)
	}
	e.create(svc, "INV-1")

	// Verified in Mollie's dashboard: the next full sync reads it.
	e.sim.SetProfileStatus(domain.ProfileVerified)
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := svc.Connection(e.ctx); c.Profile.Status != domain.ProfileVerified {
		t.Errorf("profile after sync: %+v", c.Profile)
	}
	if _, ok := findLog(e.logs(svc, ""), domain.EventConnect, "unverified → verified"); !ok {
		t.Errorf("no log row for the new status:%s", dumpLog(e.logs(svc, "")))
	}
}

// A blocked profile stops every call with a clear message and an error row;
// once Mollie unblocks it, the next sync reads that and work goes on.
func TestBlockedProfileStopsAllCalls(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 2000))
	link := e.create(svc, "INV-1").Payment

	e.sim.SetProfileStatus(domain.ProfileBlocked)
	if _, err := svc.SyncOnce(e.ctx); !errors.Is(err, domain.ErrProfileBlocked) {
		t.Fatalf("sync on a blocked profile: %v", err)
	}
	if le, ok := findLog(e.logs(svc, ""), domain.EventConnect, "blocked"); !ok || le.Level != domain.LevelError {
		t.Errorf("log row %+v:%s", le, dumpLog(e.logs(svc, "")))
	}
	e.sim.ResetCounters()
	_, errPay := svc.CreatePayment(e.ctx, "INV-2", domain.KindLink)
	_, errRefresh := svc.Refresh(e.ctx, "INV-1")
	errHook := svc.HandleWebhook(e.ctx, "tr_abcdefghij", "")
	for name, err := range map[string]error{"pay": errPay, "refresh": errRefresh, "webhook": errHook} {
		if !errors.Is(err, domain.ErrProfileBlocked) || !strings.Contains(english.Err(err), "contact Mollie") {
			t.Errorf("%s on a blocked profile: %v", name, err)
		}
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Errorf("%d requests reached Mollie for a blocked profile", n)
	}
	if c, _ := svc.Connection(e.ctx); c.Profile.Status != domain.ProfileBlocked {
		t.Errorf("connection shows %+v", c.Profile)
	}

	e.sim.SetProfileStatus(domain.ProfileVerified)
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatalf("sync after unblocking: %v", err)
	}
	e.create(svc, "INV-2")
	if _, err := svc.Refresh(e.ctx, "INV-1"); err != nil {
		t.Errorf("refresh %s after unblocking: %v", link.MollieID, err)
	}
}
