package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
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
	if rep.Checked != n || rep.Fetched != 0 || rep.Changed != len(paid)+1 {
		t.Errorf("report %+v, want %d checked, none fetched, %d changed", rep, n, len(paid)+1)
	}
	counters := e.sim.Counters()
	for route, count := range counters {
		if strings.Contains(route, "{id}") && count > 0 {
			t.Errorf("%d requests to %s: a GET per link", count, route)
		}
	}
	if pages := counters["GET /v2/payment-links"]; pages < 2 || pages > 3 {
		t.Errorf("%d pages of links for %d links", pages, n)
	}
	if total := e.sim.TotalRequests(); total > 6 {
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

	// Nothing changed since: a second cycle writes nothing.
	e.sim.ResetCounters()
	rep, err = svc.SyncOnce(e.ctx)
	if err != nil || rep.Checked != n-len(paid) || rep.Changed != 0 || rep.Fetched != 0 {
		t.Errorf("second sync: %+v, %v", rep, err)
	}
	if total := e.sim.TotalRequests(); total > 6 {
		t.Errorf("%d requests in the second cycle", total)
	}
}
