package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/persistence"
)

// book is the prepared database: which payments were paid at Mollie.
type book struct {
	db       string
	svc      *domain.Service
	store    *persistence.Store
	payments []string   // tr_… ids, one per link
	hooks    []*url.URL // the webhook URL stored at the simulator for each link
}

// publicURL is the address paydesk gives Mollie for its webhooks, as if a
// proxy in front of serve received them there. Links carry it with their
// own reference added; loadgen posts each call to serve with the path and
// query Mollie would have called, as that proxy would pass them on.
const publicURL = "https://pay.example.com/webhooks/mollie"

// prepare imports n invoices, connects to the simulator, creates a payment
// link for each through the Service and pays every link at the simulator.
// The database stays open to watch it during the run.
func prepare(ctx context.Context, db string, sim *simulator, n int) (*book, error) {
	st, err := persistence.Open(ctx, db, persistence.Options{Warn: os.Stderr})
	if err != nil {
		return nil, err
	}
	svc := domain.NewService(domain.ServiceConfig{Store: st, Gateways: sim.gateways(), Actor: "loadgen"})
	b := &book{db: db, svc: svc, store: st}
	if err := svc.SetIntegration(ctx, true); err != nil {
		return nil, err
	}
	if err := svc.SetSetting(ctx, domain.SettingWebhookURL, publicURL); err != nil {
		return nil, err
	}
	if _, err := svc.Connect(ctx, sim.key); err != nil {
		return nil, fmt.Errorf("connect to the simulator: %w", err)
	}
	if _, err := svc.Import(ctx, invoices(n, time.Now())); err != nil {
		return nil, err
	}
	gw := sim.gateways()(sim.key)
	b.payments = make([]string, n)
	b.hooks = make([]*url.URL, n)
	work := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range work {
				if err := b.createAndPay(ctx, sim, gw, i); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return b, nil
}

func (b *book) createAndPay(ctx context.Context, sim *simulator, gw domain.Gateway, i int) error {
	res, err := b.svc.CreatePayment(ctx, number(i), domain.KindLink)
	if err != nil {
		return fmt.Errorf("create the link of %s: %w", number(i), err)
	}
	tr, err := sim.pay(ctx, gw, res.Payment.MollieID, res.Payment.URL)
	if err != nil {
		return err
	}
	raw, err := molliesim.LinkWebhookURL(ctx, http.DefaultClient, sim.base, sim.key, res.Payment.MollieID)
	if err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("webhook URL of %s: %w", res.Payment.MollieID, err)
	}
	b.payments[i], b.hooks[i] = tr, u
	return nil
}

// calls are the webhooks Mollie would make for the paid links, sent to
// serve at base instead of the public address.
func (b *book) calls(base string) ([]call, error) {
	to, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("serve's address %q: %w", base, err)
	}
	calls := make([]call, len(b.payments))
	for i, tr := range b.payments {
		u := *b.hooks[i]
		u.Scheme, u.Host = to.Scheme, to.Host
		calls[i] = call{id: tr, url: u.String()}
	}
	return calls, nil
}

func number(i int) string { return fmt.Sprintf("LOAD-%06d", i+1) }

func invoices(n int, now time.Time) []domain.Invoice {
	invs := make([]domain.Invoice, n)
	for i := range invs {
		invs[i] = domain.Invoice{Number: number(i), Customer: fmt.Sprintf("Customer %d B.V.", i%487), Email: "ap@example.com",
			Currency: "EUR", Total: domain.NewMoney(int64(2500+(i*7919)%400000), "EUR"), PaidOutside: domain.Zero("EUR"),
			Kind: domain.KindInvoice, IssueDate: domain.Date(now), DueDate: domain.Date(now.AddDate(0, 0, 30)),
			SourceFile: "load.csv", SourceLine: i + 2}
	}
	return invs
}

// syncLease is the lease domain.Service.RunSync polls under. holdSyncLease
// checks through SyncState that holding it really is what stops the loop.
const syncLease = "sync"

// holdSyncLease keeps serve's sync loop idle for the run, so that only
// webhooks can bring the statuses in.
func holdSyncLease(ctx context.Context, b *book) (release func(), err error) {
	holder := fmt.Sprintf("loadgen:%d", os.Getpid())
	ok, err := b.store.AcquireLease(ctx, syncLease, holder, time.Now(), time.Hour)
	if err != nil || !ok {
		return nil, fmt.Errorf("hold the sync lease (held elsewhere: %v): %w", !ok, err)
	}
	st, err := b.svc.SyncState(ctx, holder)
	if err != nil || !st.Here {
		return nil, fmt.Errorf("the sync lease is not the one the sync loop uses (%+v, %v); run with -with-sync", st, err)
	}
	return func() { _ = b.store.ReleaseLease(context.WithoutCancel(ctx), syncLease, holder) }, nil
}
