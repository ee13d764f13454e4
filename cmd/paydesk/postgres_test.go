package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/storetest"
)

// newPostgresHarness is a harness whose database is a fresh PostgreSQL
// database; skipped without a test server (failing under CI).
func newPostgresHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.db = storetest.PostgresDSN(t)
	return h
}

// bothStores runs body against SQLite and against PostgreSQL.
func bothStores(t *testing.T, body func(*testing.T, *harness)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		body(t, newHarness(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		body(t, newPostgresHarness(t))
	})
}

func TestPostgresConcurrentPayProcessesShareOneLink(t *testing.T) {
	t.Parallel()
	testConcurrentPay(t, newPostgresHarness(t))
}

func TestPostgresKilledPayIsCompletedByTheNextOne(t *testing.T) {
	t.Parallel()
	testKilledPay(t, newPostgresHarness(t))
}

// TestLiveUpdateAcrossProcesses: a payment recorded by one paydesk process
// reaches a store open in another, which is what an open interface waits
// on, on both stores.
func TestLiveUpdateAcrossProcesses(t *testing.T) {
	bothStores(t, func(t *testing.T, h *harness) {
		h.importInvoices("INV-7,Hooli,70.00")
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		st, err := openStore(ctx, h.db, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		changes := st.Changes(ctx, 50*time.Millisecond)
		h.ok("record-payment", "INV-7", "20.00", "--note", "cash")
		select {
		case <-changes:
		case <-time.After(time.Minute):
			t.Fatal("the other process's write was not signalled")
		}
		inv, err := st.Invoice(ctx, "INV-7")
		if err != nil || inv.PaidOutside.Minor != 2000 {
			t.Fatalf("after the signal: %+v, %v", inv.PaidOutside, err)
		}
	})
}

// TestMigrateRoundTrip moves a database with payments, attempts, money
// recorded by hand and a log to PostgreSQL; both then list the same
// invoices, and a second move into the filled database is refused unless
// told to replace.
func TestMigrateRoundTrip(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dsn := storetest.PostgresDSN(t)
	h.importInvoices("INV-1,Acme B.V.,100.00", "INV-2,Globex,250.00", "INV-3,Initech,12.34")
	h.connect()
	p := h.pay("INV-1")
	customerPays(t, p.URL, "paid", "ideal")
	h.ok("status", "INV-1", "--refresh")
	h.pay("INV-2")
	h.ok("record-payment", "INV-3", "2.34", "--note", "bank")

	out := h.ok("migrate", "--from", h.db, "--to", dsn)
	if !strings.Contains(out, "counts and amounts agree") || !strings.Contains(out, "invoices 3") {
		t.Errorf("migrate says:\n%s", out)
	}
	sqlite := h.ok("invoices", "--json")
	pg := h.ok("invoices", "--json", "--db", dsn)
	if sqlite != pg {
		t.Errorf("invoices --json differ after the move:\nSQLite:\n%s\nPostgreSQL:\n%s", sqlite, pg)
	}
	if a, b := h.ok("log", "--json"), h.ok("log", "--json", "--db", dsn); a != b {
		t.Errorf("log --json differs after the move:\nSQLite:\n%s\nPostgreSQL:\n%s", a, b)
	}
	r := h.fails("migrate", "--from", h.db, "--to", dsn)
	if !strings.Contains(r.stderr, "already holds") || !strings.Contains(r.stderr, "--replace") {
		t.Errorf("a second move into a filled database:\n%s", r)
	}
	h.ok("migrate", "--from", h.db, "--to", dsn, "--replace")
	// The moved database keeps working: its ids go on after the copied ones.
	h.ok("pay", "INV-3", "--db", dsn)
	if a, b := h.ok("invoices", "--json"), h.ok("invoices", "--json", "--db", dsn); a == b {
		t.Error("paying in PostgreSQL after the move changed nothing")
	}
}

// TestStatusArrivesLiveInAnotherProcess: pay, the customer pays, 'paydesk
// serve' (its sync loop) learns it from Mollie, and a store open in this
// process sees the invoice settle, woken by the change, on both stores.
func TestStatusArrivesLiveInAnotherProcess(t *testing.T) {
	bothStores(t, func(t *testing.T, h *harness) {
		h.importInvoices("INV-8,Pied Piper,88.00")
		h.connect()
		p := h.pay("INV-8")
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		st, err := openStore(ctx, h.db, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		changes := st.Changes(ctx, 50*time.Millisecond)
		_, stop := h.startServe(t)
		defer stop()
		customerPays(t, p.URL, "paid", "ideal")
		deadline := time.After(2 * time.Minute)
		for {
			select {
			case <-changes:
			case <-deadline:
				t.Fatal("the payment did not arrive")
			}
			inv, err := st.Invoice(ctx, "INV-8")
			if err != nil {
				t.Fatal(err)
			}
			if inv.Test.Paid.Minor == 8800 {
				return
			}
		}
	})
}

// TestPostgresSyncLeasePassesOnWhenServeIsKilled: kill -9 of the process
// that holds the sync lease lets another machine take it over at once,
// though the lease's time has not run out.
func TestPostgresSyncLeasePassesOnWhenServeIsKilled(t *testing.T) {
	t.Parallel()
	h := newPostgresHarness(t)
	h.importInvoices("INV-9,Aviato,9.00")
	h.connect()
	ctx := t.Context()
	st, err := openStore(ctx, h.db, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cmd := h.command(ctx, "", "serve", "--listen", "127.0.0.1:0")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var holder string
	var until time.Time
	waitFor(t, "serve to take the sync lease", func() bool {
		holder, until, _ = st.Lease(ctx, "sync")
		return holder != ""
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	now := time.Now()
	if !until.After(now) {
		t.Skipf("the lease of %s ran out before the check (busy machine); nothing to show", holder)
	}
	waitFor(t, "the server to end the killed process's session", func() bool {
		ok, err := st.AcquireLease(ctx, "sync", "other-host:1", time.Now(), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	})
	if h, _, _ := st.Lease(ctx, "sync"); h != "other-host:1" {
		t.Fatalf("the lease is held by %q", h)
	}
}

// TestMigrateRoundTripsTheDemo moves the demo database, as a bookkeeper
// would have it after a while (the demo invoices, links paid, failed and
// waiting through the simulator, money recorded by hand, a sync, changed
// settings), to PostgreSQL; every listing paydesk prints is the same from
// both databases.
func TestMigrateRoundTripsTheDemo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dsn := storetest.PostgresDSN(t)
	h.write("demo.csv", string(assets.DemoInvoices))
	h.ok("import", "demo.csv")
	h.connect()
	h.ok("settings", "set", "link_expiry", "30")
	h.ok("settings", "set", "return_url", "https://example.org/thanks")
	customerPays(t, h.pay("2026-0101").URL, "paid", "ideal")
	customerPays(t, h.pay("2026-0103").URL, "failed", "creditcard")
	customerPays(t, h.pay("2026-0105").URL, "paid", "bancontact")
	h.pay("2026-0107")
	h.ok("record-payment", "2026-0104", "56.95", "--note", "bank transfer")
	h.ok("record-payment", "2026-0102", "12.00", "--note", "cash")
	h.ok("sync")

	out := h.ok("migrate", "--from", h.db, "--to", dsn)
	if !strings.Contains(out, "counts and amounts agree") || !strings.Contains(out, "invoices 30") {
		t.Errorf("migrate says:\n%s", out)
	}
	for _, args := range [][]string{
		{"invoices", "--json"},
		{"log", "--json"},
		{"settings", "get"},
		{"status", "2026-0101", "--json"},
		{"status", "2026-0103", "--json"},
		{"status", "2026-0104", "--json"},
	} {
		sqlite := h.ok(args...)
		pg := h.ok(append(args, "--db", dsn)...)
		if sqlite != pg {
			t.Errorf("paydesk %s differs after the move:\nSQLite:\n%s\nPostgreSQL:\n%s", strings.Join(args, " "), sqlite, pg)
		}
	}
	// The moved database tells the same story: the links the customers
	// paid settled their invoices and the unpaid link is still open.
	for status, want := range map[string][]string{
		"paid":             {"2026-0101", "2026-0105"},
		"awaiting_payment": {"2026-0107"},
	} {
		var invs []struct {
			Number string `json:"number"`
		}
		h.jsonOut(&invs, "invoices", "--json", "--status", status, "--db", dsn)
		var got []string
		for _, inv := range invs {
			got = append(got, inv.Number)
		}
		for _, n := range want {
			if !slices.Contains(got, n) {
				t.Errorf("moved database: %s is not among the %s invoices %v", n, status, got)
			}
		}
	}
}
