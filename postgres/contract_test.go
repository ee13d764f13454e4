package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/storetest"
)

func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) domain.Store { return open(t, storetest.PostgresDSN(t)) })
}

// TestLeasePassesOnWhenItsHolderIsGone: a lease whose holder's process
// ended passes on at the next attempt, long before its time runs out;
// while the holder lives it does not.
func TestLeasePassesOnWhenItsHolderIsGone(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	a, b := open(t, dsn), open(t, dsn)
	now := time.Now()
	if ok, err := a.AcquireLease(ctx, "sync", "host-a:1", now, time.Hour); err != nil || !ok {
		t.Fatalf("a: %v, %v", ok, err)
	}
	if ok, err := b.AcquireLease(ctx, "sync", "host-b:2", now, time.Hour); err != nil || ok {
		t.Fatalf("b took a living holder's lease: %v, %v", ok, err)
	}
	if ok, err := a.AcquireLease(ctx, "sync", "host-a:1", now.Add(time.Second), time.Hour); err != nil || !ok {
		t.Fatalf("a could not renew: %v, %v", ok, err)
	}
	a.Close() // as a process that dies: its session ends
	// The server ends the session on its own time; the lease's hour is far.
	deadline := time.Now().Add(time.Minute)
	for {
		ok, err := b.AcquireLease(ctx, "sync", "host-b:2", now.Add(2*time.Second), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b could not take over from a holder that is gone")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if h, _, _ := b.Lease(ctx, "sync"); h != "host-b:2" {
		t.Fatalf("holder %q", h)
	}
	c := open(t, dsn)
	if ok, _ := c.AcquireLease(ctx, "sync", "host-c:3", now.Add(3*time.Second), time.Hour); ok {
		t.Fatal("c took b's lease while b lives")
	}
}

// TestChangesSurviveABrokenConnection: when the server drops the
// listener's connection (a restart does that), the listener signals,
// reconnects and goes on signalling writes.
func TestChangesSurviveABrokenConnection(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := open(t, dsn)
	ch := s.Changes(ctx, 20*time.Millisecond)
	admin := open(t, dsn)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	waitSignal(t, ch, "the broken connection")
	// The reconnect may signal once more; drain, then write.
	drain(ch)
	deadline := time.Now().Add(time.Minute)
	for {
		if err := admin.SetSetting(ctx, "language", time.Now().String()); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ch:
			return
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no write signalled after the reconnect")
		}
	}
}

func waitSignal(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("no signal after %s", what)
	}
}

func drain(ch <-chan struct{}) {
	for {
		select {
		case <-ch:
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// TestImportBesidePaymentWrites imports while payments of the imported
// invoices are written from other goroutines: the import's table lock and
// the writers' row locks must never wait for each other in a circle.
func TestImportBesidePaymentWrites(t *testing.T) {
	s := open(t, storetest.PostgresDSN(t))
	ctx := context.Background()
	invs := []domain.Invoice{storetest.Invoice("A-1", 1000), storetest.Invoice("B-2", 2000)}
	if _, err := s.ImportInvoices(ctx, invs, time.Now()); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, inv := range invs {
		plan, err := s.ReservePayment(ctx, inv.Number, func(i domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
			return domain.Plan{Invoice: i, New: &domain.Payment{Kind: domain.KindLink, Mode: domain.ModeTest, Amount: i.Total,
				Status: domain.StatusOpen, CreatedAt: time.Now()}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, plan.New.ID)
	}
	done := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			for range 30 {
				if _, err := s.UpdatePayment(ctx, id, func(p *domain.Payment) error { p.CheckedAt = time.Now(); return nil }); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for i := range 30 {
		invs[0].Customer = fmt.Sprintf("Customer %d", i)
		if _, err := s.ImportInvoices(ctx, invs, time.Now()); err != nil {
			t.Fatalf("import beside payment writes: %v", err)
		}
	}
	for range ids {
		if err := <-done; err != nil {
			t.Fatalf("payment write beside imports: %v", err)
		}
	}
}
