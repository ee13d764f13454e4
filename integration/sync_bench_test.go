package integration

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/storetest"
)

const (
	syncBenchLinks = 5000
	// syncBenchPaid links are paid at the simulator before every cycle, so
	// that each cycle has real work: reading them as paid and storing that.
	syncBenchPaid = 25
)

// syncBench is one simulated Mollie account with 5,000 open payment links
// and the paydesk database that created them.
type syncBench struct {
	sim   *molliesim.Server
	svc   *domain.Service
	gw    domain.Gateway // the same client the Service uses, for the naive count
	links []string       // every link's id, in creation order
	next  int            // links[:next] have been paid
	base  string         // the simulator's address
	key   string         // the test key the Service is connected with
}

// BenchmarkSyncCycle5000 runs full status sync cycles (Service.SyncOnce)
// over 5,000 active payment links, created through the Service against the
// simulator over real HTTP, and counts the simulator's requests per cycle
// against the one-GET-per-link way: GetPaymentLink and LinkPayments for
// every active link, counted for real on the same rows.
//
// It runs once on each store: SQLite, and PostgreSQL when a test server is
// named (see storetest.PostgresDSN).
func BenchmarkSyncCycle5000(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { syncCycle(b, openSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { syncCycle(b, openPostgres(b)) })
}

// openSQLite opens a new SQLite store for a benchmark.
func openSQLite(b *testing.B) domain.Store {
	st, err := persistence.Open(b.Context(), filepath.Join(b.TempDir(), "paydesk.db"), persistence.Options{})
	if err != nil {
		b.Fatalf("open the database: %v", err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// openPostgres opens a store on a new PostgreSQL database for a benchmark.
func openPostgres(b *testing.B) domain.Store {
	st, err := postgres.Open(b.Context(), storetest.PostgresDSN(b))
	if err != nil {
		b.Fatalf("open the database: %v", err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

func syncCycle(b *testing.B, st domain.Store) {
	ctx := b.Context()
	sb := newSyncBench(b, ctx, st)
	sb.pay(b)
	naive, naiveTime := sb.naiveRequests(b, ctx)

	var requests, listed, changed int
	cycles := 0
	b.ResetTimer()
	for b.Loop() {
		if cycles > 0 {
			b.StopTimer()
			sb.pay(b)
			b.StartTimer()
		}
		sb.sim.ResetCounters()
		rep, err := sb.svc.SyncOnce(ctx)
		if err != nil {
			b.Fatalf("sync cycle: %v", err)
		}
		b.StopTimer()
		requests += sb.sim.TotalRequests()
		listed += rep.Listed
		changed += rep.Changed
		cycles++
		// A payment names no link, so each newly paid link costs one read
		// of its payments; the other links cost only the list pages.
		if rep.Changed != syncBenchPaid || rep.Fetched != syncBenchPaid {
			b.Fatalf("cycle %d: %d rows changed and %d links' payments read; want %d of each (%+v)",
				cycles, rep.Changed, rep.Fetched, syncBenchPaid, rep)
		}
		b.StartTimer()
	}
	b.StopTimer()
	sb.checkStored(b, ctx)

	perCycle := float64(requests) / float64(cycles)
	b.ReportMetric(perCycle, "requests/cycle")
	b.ReportMetric(float64(naive), "naive-requests")
	b.ReportMetric(100*perCycle/float64(naive), "ratio-%")
	b.ReportMetric(float64(naiveTime.Milliseconds()), "naive-ms")
	b.ReportMetric(float64(listed)/float64(cycles), "listed/cycle")
	b.ReportMetric(float64(changed)/float64(cycles), "changed/cycle")
}

// newSyncBench imports 5,000 invoices and creates a payment link for each
// through the Service. It takes a while, so it runs once per benchmark run:
// b.Loop calls the benchmark function only once.
func newSyncBench(b *testing.B, ctx context.Context, st domain.Store) *syncBench {
	b.Helper()
	sim := molliesim.New(molliesim.Options{})
	srv := httptest.NewServer(sim)
	sim.SetBaseURL(srv.URL)
	b.Cleanup(func() {
		sim.Close()
		srv.Close()
	})
	cfg := mollie.Config{BaseURL: srv.URL, UserAgent: "paydesk-bench/1", Timeout: 30 * time.Second, RetryBudget: 5 * time.Second}
	svc := domain.NewService(domain.ServiceConfig{Store: st, Gateways: mollie.Gateways(cfg), Actor: "bench"})
	if err := svc.SetIntegration(ctx, true); err != nil {
		b.Fatalf("switch the integration on: %v", err)
	}
	if _, err := svc.Connect(ctx, sim.TestKey()); err != nil {
		b.Fatalf("connect: %v", err)
	}
	if _, err := svc.Import(ctx, syncBenchInvoices(time.Now())); err != nil {
		b.Fatalf("import: %v", err)
	}
	links, err := syncBenchCreate(ctx, svc)
	if err != nil {
		b.Fatal(err)
	}
	return &syncBench{sim: sim, svc: svc, gw: mollie.Gateways(cfg)(sim.TestKey()), links: links, base: srv.URL, key: sim.TestKey()}
}

func syncBenchInvoices(now time.Time) []domain.Invoice {
	invs := make([]domain.Invoice, syncBenchLinks)
	for i := range invs {
		total := domain.NewMoney(int64(1500+(i*7919)%250000), "EUR")
		invs[i] = domain.Invoice{Number: fmt.Sprintf("SYNC-%05d", i+1), Customer: fmt.Sprintf("Customer %d B.V.", i%613),
			Email: "ap@example.com", Currency: "EUR", Total: total, PaidOutside: domain.Zero("EUR"), Kind: domain.KindInvoice,
			IssueDate: domain.Date(now), DueDate: domain.Date(now.AddDate(0, 0, 30+i%60)), SourceFile: "sync.csv", SourceLine: i + 2}
	}
	return invs
}

// syncBenchCreate asks for every invoice's link, four at a time as a few
// bookkeepers would, and returns the link ids in invoice order.
func syncBenchCreate(ctx context.Context, svc *domain.Service) ([]string, error) {
	links := make([]string, syncBenchLinks)
	errs := make(chan error, syncBenchLinks)
	work := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range work {
				res, err := svc.CreatePayment(ctx, fmt.Sprintf("SYNC-%05d", i+1), domain.KindLink)
				if err != nil {
					errs <- fmt.Errorf("create link %d: %w", i+1, err)
					continue
				}
				links[i] = res.Payment.MollieID
			}
		})
	}
	for i := range links {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	return links, <-errs
}

// pay has customers pay the next links at the simulator, in-process, so
// that no request is counted.
func (sb *syncBench) pay(b *testing.B) {
	b.Helper()
	if sb.next+syncBenchPaid > len(sb.links) {
		b.Fatalf("all %d links are paid; run fewer cycles (-benchtime=Nx)", len(sb.links))
	}
	for _, id := range sb.links[sb.next : sb.next+syncBenchPaid] {
		if _, err := sb.sim.Pay(id, "paid", "ideal"); err != nil {
			b.Fatalf("pay %s: %v", id, err)
		}
	}
	sb.next += syncBenchPaid
}

// naiveRequests reads every active link the one-by-one way, a GET of the
// link and of its payments, and counts what the simulator received.
func (sb *syncBench) naiveRequests(b *testing.B, ctx context.Context) (int, time.Duration) {
	b.Helper()
	active, err := sb.svc.Payments(ctx, domain.PaymentFilter{ActiveOnly: true})
	if err != nil {
		b.Fatalf("active payments: %v", err)
	}
	if len(active) != len(sb.links) {
		b.Fatalf("%d active payments, want %d", len(active), len(sb.links))
	}
	sb.sim.ResetCounters()
	start := time.Now()
	for _, p := range active {
		if _, err := sb.gw.GetPaymentLink(ctx, p.MollieID); err != nil {
			b.Fatalf("naive GET %s: %v", p.MollieID, err)
		}
		for _, err := range sb.gw.LinkPayments(ctx, p.MollieID) {
			if err != nil {
				b.Fatalf("naive GET %s payments: %v", p.MollieID, err)
			}
		}
	}
	took := time.Since(start)
	n := sb.sim.TotalRequests()
	sb.sim.ResetCounters()
	return n, took
}

// checkStored proves the cycles stored what they read: every link paid at
// the simulator is paid in the database, the others still open.
func (sb *syncBench) checkStored(b *testing.B, ctx context.Context) {
	b.Helper()
	paid, err := sb.svc.Payments(ctx, domain.PaymentFilter{Status: domain.StatusPaid})
	if err != nil {
		b.Fatalf("paid payments: %v", err)
	}
	if len(paid) != sb.next {
		b.Fatalf("%d payments paid in the database, %d at the simulator", len(paid), sb.next)
	}
	active, err := sb.svc.Payments(ctx, domain.PaymentFilter{ActiveOnly: true})
	if err != nil {
		b.Fatalf("active payments: %v", err)
	}
	if len(active) != len(sb.links)-sb.next {
		b.Fatalf("%d payments still active, want %d", len(active), len(sb.links)-sb.next)
	}
}

// BenchmarkRefundWatch5000 runs full sync cycles over 5,000 paid links under
// refund watch: every link is paid, and before each cycle 25 of their
// payments are partly refunded at the simulator. A payment names no link,
// so the first cycle reads each link's payments once; after it, paid links
// are followed by their known payment ids through the payments list, and
// what was given back comes from Mollie's refund and chargeback lists, read
// once per cycle. It counts the simulator's requests per cycle against
// reading each watched payment's refunds and chargebacks by its own routes
// (two GETs per payment).
func BenchmarkRefundWatch5000(b *testing.B) {
	ctx := b.Context()
	sb := newSyncBench(b, ctx, openSQLite(b))
	payments := make([]string, len(sb.links))
	for i, id := range sb.links {
		tr, err := sb.sim.Pay(id, "paid", "ideal")
		if err != nil {
			b.Fatalf("pay %s: %v", id, err)
		}
		payments[i] = tr
	}
	if _, err := sb.svc.SyncOnce(ctx); err != nil {
		b.Fatalf("first cycle: %v", err)
	}
	next, requests, cycles := 0, 0, 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if next+syncBenchPaid > len(payments) {
			b.Fatalf("every payment is refunded; run fewer cycles (-benchtime=Nx)")
		}
		for _, tr := range payments[next : next+syncBenchPaid] {
			if err := sb.sim.Refund(tr, "1.00"); err != nil {
				b.Fatalf("refund %s: %v", tr, err)
			}
		}
		next += syncBenchPaid
		sb.sim.ResetCounters()
		b.StartTimer()
		rep, err := sb.svc.SyncOnce(ctx)
		b.StopTimer()
		if err != nil {
			b.Fatalf("sync cycle: %v", err)
		}
		if rep.Changed != syncBenchPaid || rep.Fetched != 0 {
			b.Fatalf("cycle %d: %d rows changed, %d links' payments read; want %d changed, none read (%+v)",
				cycles+1, rep.Changed, rep.Fetched, syncBenchPaid, rep)
		}
		requests += sb.sim.TotalRequests()
		cycles++
		b.StartTimer()
	}
	b.StopTimer()
	perCycle := float64(requests) / float64(cycles)
	naive := float64(2 * len(payments))
	b.ReportMetric(perCycle, "requests/cycle")
	b.ReportMetric(naive, "naive-requests")
	b.ReportMetric(100*perCycle/naive, "ratio-%")
}

// syncBenchWave is how many webhooks one iteration of
// BenchmarkHandleWebhook5000 handles side by side.
const syncBenchWave = 100

// BenchmarkHandleWebhook5000 handles webhooks of paid links the way
// 'paydesk serve' does, many at once (32 workers), on the same 5,000-link
// setup: the first webhook of a new payment (tr_…) under a link, so the
// Service looks the payment up, fetches link and payments (and the paid
// payment's refunds, which it announces by its amountRefunded), and stores
// the paid status. One op is a wave of 100 webhooks. It also reports the
// Mollie requests per webhook.
func BenchmarkHandleWebhook5000(b *testing.B) {
	ctx := b.Context()
	st := openSQLite(b)
	// Links get a webhook URL only when paydesk has a public address, and
	// a link payment reaches its invoice only through that URL's reference.
	svc := domain.NewService(domain.ServiceConfig{Store: st, Actor: "bench"})
	if err := svc.SetSetting(ctx, domain.SettingWebhookURL, benchWebhookURL); err != nil {
		b.Fatalf("set the webhook URL: %v", err)
	}
	sb := newSyncBench(b, ctx, st)
	hooks := make([]benchWebhook, 0, len(sb.links))
	for _, l := range sb.links {
		tr, err := sb.sim.Pay(l, "paid", "ideal")
		if err != nil {
			b.Fatalf("pay %s: %v", l, err)
		}
		hooks = append(hooks, benchWebhook{id: tr, ref: sb.linkRef(b, ctx, l)})
	}
	sb.next = len(sb.links)
	done := 0
	sb.sim.ResetCounters()
	b.ResetTimer()
	for b.Loop() {
		if done+syncBenchWave > len(hooks) {
			b.Fatalf("all %d webhooks handled; run fewer waves (-benchtime=Nx, N ≤ %d)", len(hooks), len(hooks)/syncBenchWave)
		}
		wave := make(chan benchWebhook, syncBenchWave)
		for _, h := range hooks[done : done+syncBenchWave] {
			wave <- h
		}
		close(wave)
		var wg sync.WaitGroup
		for range 32 {
			wg.Go(func() {
				for h := range wave {
					if err := sb.svc.HandleWebhook(ctx, h.id, h.ref); err != nil {
						b.Errorf("webhook %s: %v", h.id, err)
					}
				}
			})
		}
		wg.Wait()
		done += syncBenchWave
	}
	b.StopTimer()
	paid, err := sb.svc.Payments(ctx, domain.PaymentFilter{Status: domain.StatusPaid})
	if err != nil || len(paid) != done {
		b.Fatalf("%d payments paid in the database after %d webhooks (%v)", len(paid), done, err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(done)/1e6, "ms/webhook")
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "webhooks/s")
	b.ReportMetric(float64(sb.sim.TotalRequests())/float64(done), "requests/webhook")
}

// benchWebhookURL is the public address paydesk gives Mollie in the
// webhook benchmark; nothing is posted to it, the benchmark calls the
// Service with what a post to the link's URL would carry.
const benchWebhookURL = "https://pay.example.com/webhooks/mollie"

// benchWebhook is one call Mollie would make: the payment's id and the
// reference in the URL of the link it was made under.
type benchWebhook struct{ id, ref string }

// linkRef reads the webhook URL stored at the simulator for link and
// returns the reference paydesk put in it, as the receiver reads it.
func (sb *syncBench) linkRef(b *testing.B, ctx context.Context, link string) string {
	raw, err := molliesim.LinkWebhookURL(ctx, http.DefaultClient, sb.base, sb.key, link)
	if err != nil {
		b.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		b.Fatalf("webhook URL of %s: %v", link, err)
	}
	ref := u.Query().Get(domain.LinkWebhookRef)
	if ref == "" {
		b.Fatalf("the webhook URL of %s (%s) names no link", link, raw)
	}
	return ref
}
