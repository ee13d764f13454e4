package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// checkJSONShape holds a JSON value to the one naming scheme: snake_case
// keys, null rather than "" for what is absent, moments (…_at, last_sent)
// as RFC 3339, amounts as Mollie writes them.
func checkJSONShape(t *testing.T, what, out string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", what, err, out)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	amount := regexp.MustCompile(`^-?\d+\.\d{2,3}$|^-?\d+$`)
	walkJSON(v, func(key string, val any) {
		if !snake.MatchString(key) {
			t.Errorf("%s: key %q is not snake_case", what, key)
		}
		if val == "" {
			t.Errorf("%s: %q is \"\", want null for an absent value", what, key)
		}
		if s, ok := val.(string); ok && (strings.HasSuffix(key, "_at") || key == "last_sent") {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				t.Errorf("%s: %s = %q is not an ISO 8601 moment", what, key, s)
			}
		}
		if m, ok := val.(map[string]any); ok && m["currency"] != nil {
			if v, _ := m["value"].(string); !amount.MatchString(v) || len(m) != 2 {
				t.Errorf("%s: %s = %v is not an amount as Mollie writes it", what, key, m)
			}
		}
	})
}

// qr, send, remind, mail and init print JSON in the one naming scheme too.
func TestJSONOfQRMailRemindAndInit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("J-1,Acme B.V.,120.00")
	h.connect()
	p := h.pay("J-1")

	out := h.ok("qr", "J-1", "--json")
	checkJSONShape(t, "qr --json", out)
	var qr qrJSON
	decode(t, out, &qr)
	if qr.URL != p.URL || qr.Amount.Value != "120.00" || qr.PNG != nil || qr.Mode != "test" {
		t.Errorf("qr --json = %+v, want the link %s", qr, p.URL)
	}
	png := filepath.Join(h.dir, "j1.png")
	decode(t, h.ok("qr", "J-1", "--png", png, "--json"), &qr)
	if qr.PNG == nil || *qr.PNG != png {
		t.Errorf("qr --png --json = %+v", qr)
	}
	if _, err := os.Stat(png); err != nil {
		t.Errorf("qr --png --json wrote no file: %v", err)
	}

	h.ok("settings", "set", "smtp_host", "127.0.0.1")
	h.ok("settings", "set", "smtp_port", "1")
	h.ok("settings", "set", "smtp_from", "billing@example.org")
	out = h.ok("send", "J-1", "--dry-run", "--json")
	checkJSONShape(t, "send --json", out)
	out = h.ok("remind", "--dry-run", "--json")
	checkJSONShape(t, "remind --json", out)

	r := h.runInput("s3cret-Passw0rd\n", "mail", "password", "--json")
	if r.code != 0 || strings.Contains(r.stdout, "s3cret") {
		t.Fatalf("mail password --json:\n%s", r)
	}
	checkJSONShape(t, "mail password --json", r.stdout)
	var pw mailPasswordJSON
	decode(t, r.stdout, &pw)
	if !pw.Stored || pw.Password == nil {
		t.Errorf("mail password --json = %+v", pw)
	}
	decode(t, h.ok("mail", "password", "--forget", "--json"), &pw)
	if pw.Stored || pw.Password != nil {
		t.Errorf("mail password --forget --json = %+v", pw)
	}
	if r := h.run("mail", "test", "--json"); r.code != 1 || r.stdout != "" {
		t.Errorf("mail test --json with no server listening should fail with exit 1 and print nothing on stdout:\n%s", r)
	}

	db := filepath.Join(h.dir, "new", "paydesk.db")
	out = h.ok("init", "--db", db, "--json")
	checkJSONShape(t, "init --json", out)
	var in initJSON
	decode(t, out, &in)
	if in.Database != db || !in.Created || in.Group != nil {
		t.Errorf("init --json = %+v", in)
	}
	decode(t, h.ok("init", "--db", db, "--json"), &in)
	if in.Created {
		t.Errorf("init --json on an existing database says it created it: %+v", in)
	}
	g := primaryGroup(t)
	shared := filepath.Join(h.dir, "shared", "paydesk.db")
	decode(t, h.ok("init", "--db", shared, "--group", g.Name, "--json"), &in)
	if in.Group == nil || *in.Group != g.Name || !in.Created {
		t.Errorf("init --group --json = %+v", in)
	}
}

// Every command exits 0 when it did what was asked, 1 when it failed and 2
// when it was called wrongly, whatever the language.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("E-1,Acme B.V.,10.00")
	for _, c := range []struct {
		code int
		args []string
	}{
		{0, []string{"invoices"}},
		{0, []string{"settings"}},
		{0, []string{"help", "pay"}},
		{0, []string{"pay", "--help"}},
		{0, []string{"--version"}},
		{0, []string{"version"}},
		{0, []string{"completion", "bash"}},
		{1, []string{"status", "NOPE"}},
		{1, []string{"pay", "E-1"}}, // the integration is off
		{1, []string{"log", "--invoice", "NOPE"}},
		{1, []string{"import", "nowhere.csv"}},
		{1, []string{"mail", "test"}},
		{2, []string{"nonsense"}},
		{2, []string{"help", "nonsense"}},
		{2, []string{"settings", "nonsense"}},
		{2, []string{"integration", "nonsense"}},
		{2, []string{"mail", "nonsense"}},
		{2, []string{"completion", "nonsense"}},
		{2, []string{"version", "x"}},
		{2, []string{"status"}},
		{2, []string{"invoices", "--bogus"}},
		{2, []string{"invoices", "--status", "maybe"}},
		{2, []string{"log", "--limit", "x"}},
		{2, []string{"log", "--limit"}},
		{2, []string{"qr", "E-1", "--background", "blue"}},
		{2, []string{"remind", "--overdue-days", "0"}},
		{2, []string{"migrate"}},
		{2, []string{"invoices", "--lang", "fr"}},
		{2, []string{"invoices", "--color", "pink"}},
	} {
		for _, lang := range []string{"en", "de"} {
			args := append(append([]string{}, c.args...), "--lang", lang)
			if c.args[len(c.args)-1] == "fr" {
				args = c.args
			}
			if r := h.run(args...); r.code != c.code {
				t.Errorf("paydesk %s: exit %d, want %d\n%s", strings.Join(args, " "), r.code, c.code, r)
			}
		}
	}
}
