package main

import (
	"strings"
	"testing"
)

type connRow struct {
	Enabled   bool    `json:"enabled"`
	Connected bool    `json:"connected"`
	Mode      *string `json:"mode"`
	Key       *string `json:"key"`
}

func TestConnectRefusesAndExplains(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,100.00")

	r := h.fails("pay", "INV-1")
	if !strings.Contains(r.stderr, "paydesk integration enable") {
		t.Errorf("pay with the integration off does not say how to enable it:\n%s", r)
	}
	r = h.runInput(h.sim.TestKey()+"\n", "connect", "--api-key-stdin")
	if r.code == 0 || !strings.Contains(r.stderr, "paydesk integration enable") {
		t.Errorf("connect with the integration off:\n%s", r)
	}
	h.ok("integration", "enable")

	notConnected := func(when string) {
		t.Helper()
		var c connRow
		h.jsonOut(&c, "integration", "status", "--json")
		if !c.Enabled || c.Connected || c.Key != nil {
			t.Errorf("after %s: %+v, want enabled and not connected", when, c)
		}
	}
	wrongKey := "test_" + strings.Repeat("Zq9", 11)
	cases := []struct {
		name, key, want string
		extra           []string
	}{
		{"bad format", "hello-there", "not a Mollie API key", nil},
		{"refused key", wrongKey, "Mollie refused the API key (401)", nil},
		{"unreachable", wrongKey, "Mollie could not be reached", []string{"--mollie-url", "http://127.0.0.1:1"}},
	}
	for _, c := range cases {
		r := h.runInput(c.key+"\n", append([]string{"connect", "--api-key-stdin"}, c.extra...)...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) || !strings.Contains(strings.ToLower(r.stderr), "nothing was stored") {
			t.Errorf("%s: want a failure saying %q and that nothing was stored:\n%s", c.name, c.want, r)
		}
		if strings.Contains(r.stdout+r.stderr, c.key) {
			t.Errorf("%s: the key was printed:\n%s", c.name, r)
		}
		notConnected(c.name)
	}

	r = h.runInput(h.sim.TestKey()+"\n", "connect", "--api-key-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "TEST") {
		t.Fatalf("connect with the simulator's key:\n%s", r)
	}
	if strings.Contains(r.stdout+r.stderr, h.sim.TestKey()) {
		t.Errorf("connect printed the key:\n%s", r)
	}
	var c connRow
	h.jsonOut(&c, "integration", "status", "--json")
	if !c.Connected || c.Mode == nil || *c.Mode != "test" || c.Key == nil || !strings.HasPrefix(*c.Key, "test_…") {
		t.Errorf("after connecting: %+v", c)
	}
	h.ok("disconnect")
	notConnected("disconnect")
}
