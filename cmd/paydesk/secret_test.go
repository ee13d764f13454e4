package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPIKeyNeverShown runs a whole session with a debug log and looks for
// the key (and a wrong one) in everything paydesk wrote.
func TestAPIKeyNeverShown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	debugLog := filepath.Join(h.dir, "debug.log")
	h.env = append(h.env, "PAYDESK_DEBUG_LOG="+debugLog)
	key := h.sim.TestKey()
	wrong := "test_" + strings.Repeat("W7x", 11)

	var seen strings.Builder
	record := func(r result) result {
		seen.WriteString(r.stdout + r.stderr)
		return r
	}
	step := func(stdin string, args ...string) {
		t.Helper()
		if r := record(h.runInput(stdin, args...)); r.code != 0 {
			t.Fatalf("paydesk %s:\n%s", strings.Join(args, " "), r)
		}
	}
	h.write("invoices.csv", "number,customer,currency,total\nINV-9,Wayne Enterprises,EUR,99.95\n")
	step("", "import", "invoices.csv")
	step("", "integration", "enable")
	if r := record(h.runInput(wrong+"\n", "connect", "--api-key-stdin")); r.code == 0 {
		t.Fatalf("a wrong key was accepted:\n%s", r)
	}
	step(key+"\n", "connect", "--api-key-stdin")
	step("", "pay", "INV-9")
	var p payJSON
	decode(t, record(h.run("pay", "INV-9", "--json")).stdout, &p)
	customerPays(t, p.URL, "paid", "creditcard")
	step("", "status", "INV-9", "--refresh")
	step("", "sync")
	step("", "integration", "status")
	step("", "settings", "get")
	step("", "invoices")
	h.env = append(h.env, envAPIKey+"="+key)
	step("", "status", "INV-9", "--refresh", "--json")
	step("", "integration", "status", "--json")
	step("", "disconnect")
	step("", "log")
	logJSONOut := record(h.run("log", "--json", "--limit", "0"))

	debug, err := os.ReadFile(debugLog)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(debug), "/v2/payment-links") {
		t.Errorf("the debug log does not trace Mollie requests:\n%s", debug)
	}
	for name, text := range map[string]string{"output": seen.String(), "debug log": string(debug), "log --json": logJSONOut.stdout} {
		for _, secret := range []string{key, wrong} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s contains an API key:\n%s", name, text)
			}
		}
	}
	if !strings.Contains(logJSONOut.stdout, "test_…") {
		t.Errorf("log --json does not show the masked key, so the check above may miss its form:\n%s", logJSONOut.stdout)
	}
}
