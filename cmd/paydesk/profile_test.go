package main

import (
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// connect and integration status show the profile's status, and what it
// means; a blocked profile makes pay fail with the reason.
func TestProfileStatusIsShown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-8,Initech,12.00")
	h.sim.SetProfileStatus(domain.ProfileUnverified)
	h.ok("integration", "enable")
	r := h.runInput(h.sim.TestKey()+"\n", "connect", "--api-key-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "Profile status: unverified (test payments only") {
		t.Errorf("connect on an unverified profile:\n%s", r)
	}
	if out := h.ok("integration", "status"); !strings.Contains(out, "Profile:      unverified") {
		t.Errorf("integration status:\n%s", out)
	}
	var c connJSON
	h.jsonOut(&c, "integration", "status", "--json")
	if c.Profile == nil || c.Profile.Status == nil || *c.Profile.Status != "unverified" {
		t.Errorf("integration status --json: %+v", c.Profile)
	}

	h.sim.SetProfileStatus(domain.ProfileBlocked)
	if r := h.fails("sync"); !strings.Contains(r.stderr, "blocked") || !strings.Contains(r.stderr, "contact Mollie") {
		t.Errorf("sync on a blocked profile:\n%s", r)
	}
	if r := h.fails("pay", "INV-8"); !strings.Contains(r.stderr, "blocked") {
		t.Errorf("pay on a blocked profile:\n%s", r)
	}
	if out := h.ok("integration", "status"); !strings.Contains(out, "Profile:      blocked") {
		t.Errorf("integration status of a blocked profile:\n%s", out)
	}
}
