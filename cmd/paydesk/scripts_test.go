package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every command that prints a result takes --json and prints one JSON value
// whose keys are snake_case and whose absent values are null, never "".
func TestJSONOnEveryResultCommand(t *testing.T) {
	h := newHarness(t)
	h.write("in.csv", "number,customer,email,currency,total,issue date,due date\n"+
		"INV-1,Acme B.V.,,EUR,100.00,2026-11-01,2026-12-01\n")
	var imp importJSON
	h.jsonOut(&imp, "import", "--json", "in.csv")
	if imp.Invoices != 1 || imp.Added != 1 || len(imp.Files) != 1 {
		t.Errorf("import --json = %+v", imp)
	}
	var conn connJSON
	h.jsonOut(&conn, "integration", "enable", "--json")
	if !conn.Enabled || conn.Connected {
		t.Errorf("integration enable --json = %+v", conn)
	}
	r := h.runInput(h.sim.TestKey()+"\n", "connect", "--api-key-stdin", "--json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &conn) != nil || !conn.Connected || conn.Key == nil || strings.Contains(r.stdout, h.sim.TestKey()) {
		t.Errorf("connect --json:\n%s", r)
	}
	p := h.pay("INV-1")
	var cp copyJSON
	h.jsonOut(&cp, "copy", "INV-1", "--json")
	if cp.URL != p.URL || cp.Invoice != "INV-1" {
		t.Errorf("copy --json = %+v, want the link %s", cp, p.URL)
	}
	var set settingJSON
	h.jsonOut(&set, "settings", "set", "link_expiry", "30", "--json")
	if set.Key != "link_expiry" || set.Value != "30" || !set.IsSet {
		t.Errorf("settings set --json = %+v", set)
	}
	var rows []invoiceJSON
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 || rows[0].Email != nil {
		t.Errorf("an invoice without e-mail must have \"email\": null: %+v", rows)
	}
	h.jsonOut(&conn, "disconnect", "--json")
	if conn.Connected {
		t.Errorf("disconnect --json = %+v", conn)
	}

	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, args := range [][]string{
		{"invoices", "--json"}, {"status", "INV-1", "--json"}, {"log", "--json"}, {"settings", "get", "--json"},
		{"integration", "status", "--json"}, {"copy", "INV-1", "--json"},
	} {
		out := h.run(args...)
		var v any
		if err := json.Unmarshal([]byte(out.stdout), &v); err != nil {
			if out.code != 0 { // copy after disconnect fails; its error is not JSON
				continue
			}
			t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
		}
		walkJSON(v, func(key string, val any) {
			if !snake.MatchString(key) {
				t.Errorf("%v: key %q is not snake_case", args, key)
			}
			if val == "" && key != "value" && key != "default" && key != "message" {
				t.Errorf("%v: %q is \"\", want null for an absent value", args, key)
			}
		})
	}
}

func walkJSON(v any, fn func(key string, val any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			fn(k, x)
			walkJSON(x, fn)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, fn)
		}
	}
}

func TestLogOfAnUnknownInvoiceFails(t *testing.T) {
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00")
	r := h.fails("log", "--invoice", "NOPE")
	if r.code != 1 || !strings.Contains(r.stderr, "NOPE") || !strings.Contains(r.stderr, "not found") {
		t.Errorf("log --invoice NOPE:\n%s", r)
	}
	if r := h.run("log", "--invoice", "INV-1"); r.code != 0 {
		t.Errorf("log of a known invoice:\n%s", r)
	}
}

// With Mollie out of reach, refreshing changed nothing: the advice is to
// ask again, not to pay again.
func TestStatusRefreshWithMollieUnreachable(t *testing.T) {
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00")
	h.connect()
	h.pay("INV-1")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	h.env = append(h.env, "PAYDESK_MOLLIE_URL="+closed)
	r := h.fails("status", "INV-1", "--refresh")
	if r.code != 1 || !strings.Contains(r.stderr, "paydesk status INV-1 --refresh") || strings.Contains(r.stderr, "paydesk pay") {
		t.Errorf("status --refresh with Mollie unreachable:\n%s", r)
	}
}

// Commands that only read work on a database nobody may write, and leave
// nothing beside it.
func TestReadOnlyCommandsOnAReadOnlyDatabase(t *testing.T) {
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00")
	h.ok("settings", "set", "link_expiry", "30")
	dir := filepath.Dir(h.db)
	for _, suffix := range []string{"-lock", "-wal", "-shm"} {
		os.Remove(h.db + suffix)
	}
	if err := os.Chmod(h.db, 0o444); err != nil {
		t.Fatal(err)
	}
	before := listDir(t, dir)
	for _, args := range [][]string{
		{"invoices"}, {"invoices", "--json"}, {"status", "INV-1"}, {"log"}, {"log", "--invoice", "INV-1"},
		{"settings", "get"}, {"integration", "status"},
	} {
		if r := h.run(args...); r.code != 0 {
			t.Errorf("%v on a read-only database:\n%s", args, r)
		}
	}
	if after := listDir(t, dir); after != before {
		t.Errorf("read-only commands changed the folder:\nbefore %s\nafter  %s", before, after)
	}
}

func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		// SQLite's own -wal and -shm may appear for a reader; a lock file
		// (which only writers use) may not.
		if !strings.HasSuffix(e.Name(), "-lock") {
			continue
		}
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// sync says how many open payments it checked, apart from the paid ones it
// reads again for refunds.
func TestSyncCountsOpenPaymentsApart(t *testing.T) {
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00", "INV-2,Globex,20.00")
	h.connect()
	h.pay("INV-1")
	p := h.pay("INV-2")
	if _, err := h.sim.Pay(p.MollieID, "paid", "ideal"); err != nil {
		t.Fatal(err)
	}
	h.ok("sync")
	out := h.ok("sync")
	if !strings.Contains(out, "Checked 1 open payment and 1 recently paid one for refunds") {
		t.Errorf("sync said:\n%s", out)
	}
	var rep syncJSON
	h.jsonOut(&rep, "sync", "--json")
	if rep.Open != 1 || rep.Checked != 2 {
		t.Errorf("sync --json = %+v, want 1 open of 2 checked", rep)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var b bytes.Buffer
	o := newOutput(&b, &b, "en", "never")
	stop := o.progress("Asking Mollie…")
	time.Sleep(2 * progressDelay)
	stop()
	if b.Len() != 0 {
		t.Errorf("progress wrote to a buffer that is no terminal: %q", b.String())
	}

	var w lockedBuffer
	stop = startSpinner(&w, func() string { return "Asking Mollie…" }, 0)
	waitFor(t, "the spinner to draw", func() bool { return strings.Contains(w.String(), "Asking Mollie…") })
	stop()
	if got := w.String(); !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the spinner did not clear its line when stopped: %q", got)
	}
}

// lockedBuffer is a bytes.Buffer the spinner's goroutine and the test may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
