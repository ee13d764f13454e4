package integration

import (
	"context"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// Hundreds of open links are brought up to date from Mollie's list endpoints,
// a few pages in all, instead of two requests per link.
func TestSyncManyLinksThroughLists(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 320 links")
	}
	e := newEnv(t, envOptions{})
	svc := e.connected("sync")
	const n = 320
	invs := make([]domain.Invoice, n)
	for i := range invs {
		invs[i] = invoice(fmt.Sprintf("INV-%04d", i), int64(1000+i))
		invs[i].SourceLine = i + 2
	}
	e.importInvoices(svc, invs...)
	links := make([]domain.Payment, n)
	for i := range links {
		e.clock.Advance(time.Second)
		links[i] = e.create(svc, invs[i].Number).Payment
	}

	// Customers act on a few: the oldest link (deep in the list), the newest,
	// some in between, and one who gives up.
	paid := []int{0, 1, 150, 251, n - 1}
	e.clock.Advance(time.Minute)
	for _, i := range paid {
		if _, err := e.sim.Pay(links[i].MollieID, "paid", "ideal"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.sim.Pay(links[200].MollieID, "failed", "creditcard"); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)

	e.sim.ResetCounters()
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A payment names no link, so each link a customer acted on costs one
	// read of its payments; the others cost nothing beyond the list pages.
	active := len(paid) + 1
	if rep.Checked != n || rep.Fetched != active || rep.Changed != active {
		t.Errorf("report %+v, want %d checked, %d fetched and changed", rep, n, active)
	}
	counters := e.sim.Counters()
	if got := counters["GET /v2/payment-links/{id}/payments"]; got != active {
		t.Errorf("%d reads of a link's payments, want %d", got, active)
	}
	if got := counters["GET /v2/payment-links/{id}"]; got != 0 {
		t.Errorf("%d GETs of single links", got)
	}
	if pages := counters["GET /v2/payment-links"]; pages < 2 || pages > 3 {
		t.Errorf("%d pages of links for %d links", pages, n)
	}
	if total := e.sim.TotalRequests(); total > 6+active {
		t.Errorf("%d requests for %d links: %v", total, n, counters)
	}

	for _, i := range paid {
		st, err := svc.Status(e.ctx, invs[i].Number)
		if err != nil {
			t.Fatal(err)
		}
		if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(0) || st.Current.Method != "ideal" {
			t.Errorf("%s: %s, outstanding %v", invs[i].Number, st.Current.Status, st.Invoice.Outstanding(domain.ModeTest))
		}
	}
	st, _ := svc.Status(e.ctx, invs[200].Number)
	if st.Current.Status != domain.StatusOpen || st.Label.Key != "failed_retry" {
		t.Errorf("after a failed attempt: %s, %+v", st.Current.Status, st.Label)
	}

	// Nothing changed since: a second cycle writes nothing. It still reads
	// the paid rows, watching for refunds and chargebacks.
	e.sim.ResetCounters()
	rep, err = svc.SyncOnce(e.ctx)
	if err != nil || rep.Checked != n || rep.Changed != 0 || rep.Fetched != 0 {
		t.Errorf("second sync: %+v, %v", rep, err)
	}
	if total := e.sim.TotalRequests(); total > 6+active {
		t.Errorf("%d requests in the second cycle", total)
	}
}

// countingGateway counts the list reads one process makes.
type countingGateway struct {
	domain.Gateway
	lists *atomic.Int32
}

func (g countingGateway) ListPaymentLinks(ctx context.Context) iter.Seq2[domain.RemoteLink, error] {
	g.lists.Add(1)
	return g.Gateway.ListPaymentLinks(ctx)
}

// Of several processes on one database only the lease holder polls Mollie;
// when it stops, another takes over.
func TestOnlyTheLeaseHolderPolls(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sync loop in real time")
	}
	e := newEnv(t, envOptions{sim: molliesim.Options{Now: time.Now}})
	e.clock = nil
	setup := e.open("setup")
	if err := setup.SetIntegration(e.ctx, true); err != nil {
		t.Fatal(err)
	}
	if _, err := setup.Connect(e.ctx, e.sim.TestKey()); err != nil {
		t.Fatal(err)
	}
	inv := invoice("INV-1", 10000)
	inv.IssueDate, inv.DueDate = domain.Date(time.Now()), domain.Date(time.Now().AddDate(0, 0, 30))
	e.importInvoices(setup, inv)
	link := e.create(setup, "INV-1").Payment

	type proc struct {
		name  string
		svc   *domain.Service
		lists *atomic.Int32
		stop  context.CancelFunc
		done  chan error
	}
	var procs []*proc
	for _, name := range []string{"A", "B"} {
		p := &proc{name: name, lists: &atomic.Int32{}, done: make(chan error, 1)}
		base := mollie.Gateways(e.mollie)
		p.svc = e.openWith(name, func(key string) domain.Gateway { return countingGateway{base(key), p.lists} }, "")
		var ctx context.Context
		ctx, p.stop = context.WithCancel(e.ctx)
		go func() { p.done <- p.svc.RunSync(ctx, name) }()
		procs = append(procs, p)
	}
	defer func() {
		for _, p := range procs {
			p.stop()
		}
	}()

	// The holder polls at least twice while the other only watches.
	e.waitFor("two sync cycles", func() bool { return procs[0].lists.Load()+procs[1].lists.Load() >= 2 })
	holder, other := procs[0], procs[1]
	if holder.lists.Load() == 0 {
		holder, other = other, holder
	}
	e.waitFor("a second cycle of the holder", func() bool { return holder.lists.Load() >= 2 })
	if n := other.lists.Load(); n != 0 {
		t.Errorf("%s polled %d times while %s held the lease", other.name, n, holder.name)
	}
	st, err := other.svc.SyncState(e.ctx, other.name)
	if err != nil || st.Holder != holder.name || st.Here {
		t.Errorf("%s sees the lease as %+v, %v", other.name, st, err)
	}

	// A customer pays; the holder's loop notices without anybody asking.
	e.payAtCheckout(link.URL, "paid", "ideal")
	e.waitFor("the sync loop to see the payment", func() bool {
		ps, err := setup.Payments(e.ctx, domain.PaymentFilter{InvoiceNumber: "INV-1"})
		return err == nil && len(ps) == 1 && ps[0].Status == domain.StatusPaid
	})

	// The holder stops; the other takes over within its lease period.
	holder.stop()
	if err := <-holder.done; err != nil {
		t.Errorf("RunSync of %s: %v", holder.name, err)
	}
	e.importInvoices(setup, func() domain.Invoice { i := inv; i.Number = "INV-2"; return i }())
	e.create(setup, "INV-2")
	e.waitFor("the other process to take over", func() bool {
		st, err := other.svc.SyncState(e.ctx, other.name)
		return err == nil && st.Here && other.lists.Load() > 0
	})
}

// A customer who started a bank transfer on a link just before paydesk
// replaced it still pays: the next full sync reads the archived link's
// attempts from the payments list and counts the money.
func TestSyncCountsMoneyPaidUnderAnArchivedLink(t *testing.T) {
	e := newEnv(t, envOptions{sim: molliesim.Options{PendingSettleAfter: time.Hour}})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	old := e.create(svc, "INV-1").Payment
	e.clock.Advance(time.Minute)
	if _, err := e.sim.Pay(old.MollieID, "pending", "banktransfer"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordPayment(e.ctx, "INV-1", eur(2500), "cash"); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	replacement := e.create(svc, "INV-1").Payment
	if replacement.ID == old.ID || replacement.Amount != eur(7500) {
		t.Fatalf("replacement %+v", replacement)
	}
	if ps := e.payments(svc, "INV-1"); ps[len(ps)-1].Status != domain.StatusArchived {
		t.Fatalf("the old link is %s, want archived", ps[len(ps)-1].Status)
	}

	e.clock.Advance(2 * time.Hour) // the bank transfer arrives
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	inv := e.invoiceOf(svc, "INV-1")
	if inv.Test.Paid != eur(10000) || inv.Outstanding(domain.ModeTest) != eur(-2500) {
		t.Errorf("after the transfer under the archived link: settlement %+v, outstanding %v", inv.Test, inv.Outstanding(domain.ModeTest))
	}
	// Nothing is owed any more, so the replacement link is withdrawn too.
	if _, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+replacement.MollieID); remote["archived"] != true {
		t.Errorf("the replacement link is still payable at Mollie: %v", remote)
	}
	if ps := e.payments(svc, "INV-1"); ps[0].Status != domain.StatusArchived {
		t.Errorf("the replacement row is %s, want archived", ps[0].Status)
	}
}

// The same through the webhook alone: the transfer's webhook to the archived
// link's URL counts the money and withdraws the replacement link, which now
// asks for more than is owed. (A webhook for the invoice's open link itself
// needs no such look: it was the only open one of its mode.)
func TestWebhookForAnArchivedLinkWithdrawsTheReplacement(t *testing.T) {
	e := newEnv(t, envOptions{sim: molliesim.Options{PendingSettleAfter: time.Hour}})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	old := e.create(svc, "INV-1").Payment
	e.clock.Advance(time.Minute)
	tr, err := e.sim.Pay(old.MollieID, "pending", "banktransfer")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordPayment(e.ctx, "INV-1", eur(2500), "cash"); err != nil {
		t.Fatal(err)
	}
	replacement := e.create(svc, "INV-1").Payment
	if replacement.ID == old.ID || replacement.Amount != eur(7500) {
		t.Fatalf("replacement %+v", replacement)
	}

	e.clock.Advance(2 * time.Hour) // the bank transfer arrives
	if err := svc.HandleWebhook(e.ctx, tr, fmt.Sprint(old.ID)); err != nil {
		t.Fatal(err)
	}
	inv := e.invoiceOf(svc, "INV-1")
	if inv.Test.Paid != eur(10000) || inv.Outstanding(domain.ModeTest) != eur(-2500) {
		t.Errorf("after the transfer's webhook: settlement %+v, outstanding %v", inv.Test, inv.Outstanding(domain.ModeTest))
	}
	if _, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+replacement.MollieID); remote["archived"] != true {
		t.Errorf("the replacement link is still payable at Mollie: %v", remote)
	}
	for _, p := range e.payments(svc, "INV-1") {
		if p.ID == replacement.ID && p.Status != domain.StatusArchived {
			t.Errorf("the replacement row is %s, want archived", p.Status)
		}
	}
}

// A sync cycle reads Mollie's chargebacks list only when one of the paid
// payments it saw has an amountChargedBack (Mollie sends it only when
// something was charged back), and still counts the chargeback then.
func TestSyncReadsChargebacksOnlyWhenAPaymentAnnouncesOne(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 5000))
	var paid []string
	for _, number := range []string{"INV-1", "INV-2"} {
		_, tr := e.paidLink(svc, number)
		paid = append(paid, tr)
	}
	cycle := func(step string, refunds, chargebacks int) {
		t.Helper()
		e.clock.Advance(time.Minute)
		e.sim.ResetCounters()
		if _, err := svc.SyncOnce(e.ctx); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		c := e.sim.Counters()
		if c["GET /v2/refunds"] != refunds || c["GET /v2/chargebacks"] != chargebacks {
			t.Errorf("%s: read the refunds list %d times and the chargebacks list %d times, want %d and %d (%v)",
				step, c["GET /v2/refunds"], c["GET /v2/chargebacks"], refunds, chargebacks, c)
		}
	}
	cycle("paid", 1, 0)
	if inv := e.invoiceOf(svc, "INV-1"); inv.Outstanding(domain.ModeTest) != eur(0) {
		t.Fatalf("INV-1 after the paid cycle: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
	if err := e.sim.Chargeback(paid[0], "40.00"); err != nil {
		t.Fatal(err)
	}
	cycle("charged back", 1, 1)
	if inv := e.invoiceOf(svc, "INV-1"); inv.Test.ChargedBack != eur(4000) || inv.Outstanding(domain.ModeTest) != eur(4000) {
		t.Errorf("INV-1 after the chargeback: settlement %+v, outstanding %v", inv.Test, inv.Outstanding(domain.ModeTest))
	}
	if inv := e.invoiceOf(svc, "INV-2"); inv.Test.ChargedBack != eur(0) || inv.Outstanding(domain.ModeTest) != eur(0) {
		t.Errorf("INV-2 after another's chargeback: settlement %+v, outstanding %v", inv.Test, inv.Outstanding(domain.ModeTest))
	}
}
