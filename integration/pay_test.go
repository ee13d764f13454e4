package integration

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paydesk/paydesk/domain"
)

// 100.00 owed, 40.00 received by bank transfer: the link asks 60.00, the
// customer pays it at the hosted page, and paydesk sees the invoice settled.
func TestPayOutstandingThroughLink(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))

	inv, err := svc.RecordPayment(e.ctx, "INV-1", eur(4000), "bank transfer")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Outstanding(domain.ModeTest) != eur(6000) {
		t.Fatalf("outstanding after recording 40.00: %v", inv.Outstanding(domain.ModeTest))
	}

	e.clock.Advance(time.Minute)
	res := e.create(svc, "INV-1")
	p := res.Payment
	if res.Reused || p.Amount != eur(6000) || p.Kind != domain.KindLink || p.Mode != domain.ModeTest || p.Actor != "anna" {
		t.Fatalf("created %+v (reused %v)", p, res.Reused)
	}
	wantExpiry := domain.Date(t0.AddDate(0, 0, 30)).Add(24*time.Hour - time.Second)
	if !p.ExpiresAt.Equal(wantExpiry) {
		t.Errorf("link expires %v, want the end of the due date %v", p.ExpiresAt, wantExpiry)
	}
	code, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+p.MollieID)
	amount, _ := remote["amount"].(map[string]any)
	if code != http.StatusOK || amount["value"] != "60.00" || amount["currency"] != "EUR" ||
		!strings.HasPrefix(remote["description"].(string), "INV-1 ") || remote["mode"] != "test" {
		t.Fatalf("Mollie has %d %v", code, remote)
	}

	e.clock.Advance(time.Minute)
	e.payAtCheckout(p.URL, "paid", "ideal")
	e.clock.Advance(time.Minute)

	st, err := svc.Refresh(e.ctx, "INV-1")
	if err != nil {
		t.Fatal(err)
	}
	cur := st.Current
	if cur == nil || cur.ID != p.ID || cur.Status != domain.StatusPaid || cur.CompletedAt().IsZero() || cur.Method != "ideal" {
		t.Fatalf("after paying: %+v", cur)
	}
	if got := st.Invoice.Outstanding(domain.ModeTest); got != eur(0) {
		t.Errorf("outstanding after paying: %v", got)
	}
	if st.Invoice.Test.Paid != eur(6000) || st.Invoice.Live.Paid.Minor != 0 {
		t.Errorf("settlement test %+v live %+v", st.Invoice.Test, st.Invoice.Live)
	}
	if st.Label.Key != "paid" || st.Label.Method != "ideal" || st.Label.Date.IsZero() {
		t.Errorf("label %+v", st.Label)
	}
	if len(cur.Attempts) != 1 || !strings.HasPrefix(cur.Attempts[0].MollieID, "tr_") || cur.Attempts[0].Status != domain.StatusPaid {
		t.Errorf("attempts %+v", cur.Attempts)
	}

	// A later sync agrees and changes nothing; it still watches the paid
	// link for refunds.
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Changed != 0 || rep.Checked != 1 {
		t.Errorf("sync after paid: %+v, %v", rep, err)
	}
	// Nothing is payable any more.
	if _, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink); err == nil || !strings.Contains(err.Error(), string(domain.WhyFullyPaid)) {
		t.Errorf("paying a paid invoice again: %v", err)
	}

	log := e.logs(svc, "INV-1")
	steps := []struct {
		event    domain.Event
		text     string
		mollieID string
	}{
		{domain.EventRecordPayment, "EUR 40.00", ""},
		{domain.EventCreate, "EUR 60.00", p.MollieID},
		{domain.EventStatus, "→ paid", cur.Attempts[0].MollieID},
		{domain.EventStatus, "→ paid (EUR 60.00 by iDEAL)", p.MollieID},
	}
	for _, s := range steps {
		le, ok := findLog(log, s.event, s.text)
		if !ok || (s.mollieID != "" && le.MollieID != s.mollieID) || le.Actor != "anna" || le.At.IsZero() {
			t.Errorf("no %s log row with %q for %s:%s", s.event, s.text, s.mollieID, dumpLog(log))
		}
	}
	if le, _ := findLog(log, domain.EventCreate, p.MollieID); le.HTTPStatus != 201 {
		t.Errorf("create row has HTTP status %d", le.HTTPStatus)
	}
}

// Asking again gives the same link; once the amount owed changes the old
// link is archived at Mollie and a new one asks for the new amount.
func TestSameLinkUntilTheAmountChanges(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	first := e.create(svc, "INV-1")

	again, err := svc.WithActor("bert").CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Reused || again.Payment.ID != first.Payment.ID || again.Payment.URL != first.Payment.URL {
		t.Fatalf("second request: reused %v, %s %s", again.Reused, again.Payment.MollieID, again.Payment.URL)
	}
	if n := e.sim.Counters()["POST /v2/payment-links"]; n != 1 {
		t.Errorf("%d link creations at Mollie, want 1", n)
	}
	if _, ok := findLog(e.logs(svc, "INV-1"), domain.EventReuse, "EUR 100.00"); !ok {
		t.Errorf("no reuse log row:%s", dumpLog(e.logs(svc, "INV-1")))
	}

	// Recording money replaces the link at once; pay then hands out the new one.
	e.clock.Advance(time.Hour)
	rec, err := svc.RecordPayment(e.ctx, "INV-1", eur(2500), "cash")
	if err != nil {
		t.Fatal(err)
	}
	if u := rec.Link; u.Err != nil || u.Withdrawn == nil || u.Withdrawn.ID != first.Payment.ID || u.New == nil || u.New.Amount != eur(7500) {
		t.Fatalf("recording 25.00 did to the link: %+v", u)
	}
	second := e.create(svc, "INV-1")
	if !second.Reused || second.Payment.ID != rec.Link.New.ID || second.Payment.MollieID == first.Payment.MollieID || second.Payment.Amount != eur(7500) {
		t.Fatalf("after the amount changed: reused %v, %s for %v", second.Reused, second.Payment.MollieID, second.Payment.Amount)
	}

	_, old := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+first.Payment.MollieID)
	if old["archived"] != true {
		t.Errorf("the old link is not archived at Mollie: %v", old)
	}
	if code := e.pageStatus(first.Payment.URL); code != http.StatusGone {
		t.Errorf("the old link's page answers %d, want 410", code)
	}
	_, fresh := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+second.Payment.MollieID)
	if amount, _ := fresh["amount"].(map[string]any); amount["value"] != "75.00" || fresh["archived"] == true {
		t.Errorf("the new link at Mollie: %v", fresh)
	}
	ps := e.payments(svc, "INV-1")
	statuses := map[string]domain.Status{}
	for _, p := range ps {
		statuses[p.MollieID] = p.Status
	}
	if len(ps) != 2 || statuses[first.Payment.MollieID] != domain.StatusArchived || statuses[second.Payment.MollieID] != domain.StatusOpen {
		t.Errorf("payment rows: %v", statuses)
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventArchive, "EUR 75.00 is owed now"); !ok || le.MollieID != first.Payment.MollieID {
		t.Errorf("no archive log row:%s", dumpLog(e.logs(svc, "INV-1")))
	}
	c := e.sim.Counters()
	if c["POST /v2/payment-links"] != 2 || c["PATCH /v2/payment-links/{id}"] != 1 {
		t.Errorf("requests at Mollie: %v", c)
	}
	if url, err := svc.CopyLink(e.ctx, "INV-1"); err != nil || url != second.Payment.URL {
		t.Errorf("CopyLink = %q, %v", url, err)
	}
}

// Twenty bookkeepers, each in a process of their own, press pay on the same
// invoice at once: Mollie gets one link and everyone is handed it.
func TestConcurrentCreatesMakeOneLink(t *testing.T) {
	e := newEnv(t, envOptions{})
	setup := e.connected("setup")
	e.importInvoices(setup, invoice("INV-1", 10000))

	const n = 20
	procs := make([]*domain.Service, n)
	for i := range procs {
		procs[i] = e.open("clerk")
	}
	start := make(chan struct{})
	results := make([]domain.PayResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, svc := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
		}()
	}
	close(start)
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
	}
	url := results[0].Payment.URL
	created := 0
	for i, r := range results {
		if r.Payment.URL != url || r.Payment.URL == "" || r.Payment.Amount != eur(10000) {
			t.Errorf("process %d got %q for %v, process 0 got %q", i, r.Payment.URL, r.Payment.Amount, url)
		}
		if !r.Reused {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d processes say they created the link, want 1", created)
	}
	if links := e.simLinks(e.sim.TestKey()); len(links) != 1 {
		t.Errorf("Mollie has %d links, want 1", len(links))
	}
	if ps := e.payments(setup, "INV-1"); len(ps) != 1 || ps[0].Status != domain.StatusOpen {
		t.Errorf("payment rows: %+v", ps)
	}

	// The amount changes and everyone presses pay again: the stale link is
	// archived and exactly one new link replaces it.
	e.clock.Advance(time.Hour)
	if _, err := setup.RecordPayment(e.ctx, "INV-1", eur(1000), ""); err != nil {
		t.Fatal(err)
	}
	start = make(chan struct{})
	for i, svc := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d, second round: %v", i, err)
		}
		if results[i].Payment.URL != results[0].Payment.URL || results[i].Payment.Amount != eur(9000) || results[i].Payment.URL == url {
			t.Errorf("process %d got %q for %v", i, results[i].Payment.URL, results[i].Payment.Amount)
		}
	}
	links := e.simLinks(e.sim.TestKey())
	archived := 0
	for _, l := range links {
		if l["archived"] == true {
			archived++
		}
	}
	if len(links) != 2 || archived != 1 {
		t.Errorf("Mollie has %d links, %d archived; want 2 and 1", len(links), archived)
	}
}

// Money received outside Mollie that settles the invoice withdraws the link
// the customer still has, so it cannot be paid a second time.
func TestPaidOutsideWithdrawsTheLink(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 10000))
	full := e.create(svc, "INV-1").Payment
	part := e.create(svc, "INV-2").Payment

	e.clock.Advance(time.Hour)
	if _, err := svc.RecordPayment(e.ctx, "INV-1", eur(10000), "bank transfer"); err != nil {
		t.Fatal(err)
	}
	if _, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+full.MollieID); remote["archived"] != true {
		t.Errorf("the link of a fully paid invoice is still payable at Mollie: %v", remote)
	}
	if code := e.pageStatus(full.URL); code != http.StatusGone {
		t.Errorf("the customer can still open the link: %d", code)
	}
	if ps := e.payments(svc, "INV-1"); len(ps) != 1 || ps[0].Status != domain.StatusArchived {
		t.Errorf("rows of INV-1: %+v", ps)
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventArchive, "EUR 0.00 is owed now"); !ok || le.MollieID != full.MollieID {
		t.Errorf("no archive log row:%s", dumpLog(e.logs(svc, "INV-1")))
	}
	if _, err := svc.CopyLink(e.ctx, "INV-1"); err == nil || !strings.Contains(err.Error(), string(domain.WhyNothingOwed)) {
		t.Errorf("copying the withdrawn link of a settled invoice: %v", err)
	}

	// A part payment replaces the link by one for the rest, at once.
	rec, err := svc.RecordPayment(e.ctx, "INV-2", eur(2500), "cash")
	if err != nil {
		t.Fatal(err)
	}
	if _, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+part.MollieID); remote["archived"] != true {
		t.Errorf("a part payment left the link for the whole amount payable: %v", remote)
	}
	if u := rec.Link; u.New == nil || u.New.Amount != eur(7500) {
		t.Fatalf("no new link for the rest: %+v", u)
	}
	if url, err := svc.CopyLink(e.ctx, "INV-2"); err != nil || url != rec.Link.New.URL {
		t.Errorf("copy gives %q (%v), want the new link %s", url, err, rec.Link.New.URL)
	}
	// With the integration off nothing is sent, and the money is recorded all the same.
	if err := svc.SetIntegration(e.ctx, false); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetCounters()
	inv, err := svc.RecordPayment(e.ctx, "INV-2", eur(7500), "cash")
	if err != nil || inv.Outstanding(domain.ModeTest) != eur(0) || e.sim.TotalRequests() != 0 {
		t.Errorf("recording with the integration off: %v, outstanding %v, %d requests", err, inv.Outstanding(domain.ModeTest), e.sim.TotalRequests())
	}
}

// Yen have no minor unit: Mollie gets "1500", not "1500.00", and the
// invoice settles to exactly zero. A currency Mollie does not take is refused
// at import, naming the currency, so nothing is ever sent for it.
func TestCurrencies(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	yen := invoice("INV-JP", 0)
	yen.Currency, yen.Total, yen.PaidOutside = "JPY", domain.NewMoney(2000, "JPY"), domain.Zero("JPY")
	won := invoice("INV-KR", 0)
	won.Currency, won.Total, won.PaidOutside = "KRW", domain.NewMoney(50000, "KRW"), domain.Zero("KRW")
	e.sim.ResetCounters()
	if _, err := svc.Import(e.ctx, []domain.Invoice{yen, won}); err == nil || !strings.Contains(english.Err(err), "Mollie takes no payments in KRW") {
		t.Fatalf("importing a won invoice: %v", err)
	}
	if _, err := svc.Invoice(e.ctx, "INV-JP"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a refused import left an invoice behind: %v", err)
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Errorf("%d requests for a currency Mollie does not take", n)
	}
	e.importInvoices(svc, yen)
	if _, err := svc.RecordPayment(e.ctx, "INV-JP", domain.NewMoney(500, "JPY"), ""); err != nil {
		t.Fatal(err)
	}
	link := e.create(svc, "INV-JP").Payment
	if link.Amount != domain.NewMoney(1500, "JPY") {
		t.Fatalf("yen link for %v", link.Amount)
	}
	_, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+link.MollieID)
	if amount, _ := remote["amount"].(map[string]any); amount["value"] != "1500" || amount["currency"] != "JPY" {
		t.Errorf("Mollie has %v", remote["amount"])
	}
	e.payAtCheckout(link.URL, "paid", "creditcard")
	if st := e.refresh(svc, "INV-JP"); st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != domain.Zero("JPY") {
		t.Errorf("after paying in yen: %s, outstanding %v", st.Current.Status, st.Invoice.Outstanding(domain.ModeTest))
	}
}

// A customer name far beyond Mollie's 255 characters, not all of them ASCII,
// still gives a link whose description starts with the invoice number.
func TestLongDescription(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	inv := invoice("INV-1", 10000)
	inv.Customer = strings.Repeat("Bäckerei Müller & Söhne – ", 20)
	e.importInvoices(svc, inv)
	link := e.create(svc, "INV-1").Payment
	_, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+link.MollieID)
	d, _ := remote["description"].(string)
	if n := utf8.RuneCountInString(d); n != 255 || !strings.HasPrefix(d, "INV-1 – Bäckerei") || d != link.Description {
		t.Errorf("description at Mollie (%d characters): %q", n, d)
	}
}

// Once Mollie asked for an amount, a re-import may not change it behind its
// back; without a key nothing is asked at all.
func TestReimportAndDisconnect(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 500))
	e.create(svc, "INV-1")

	changed := invoice("INV-1", 9000)
	_, err := svc.Import(e.ctx, []domain.Invoice{changed, invoice("INV-2", 700)})
	var conflict *domain.ImportConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, domain.ErrConflict) || len(conflict.Conflicts) != 1 || conflict.Conflicts[0].Number != "INV-1" {
		t.Fatalf("re-import with a changed amount: %v", err)
	}
	if inv := e.invoiceOf(svc, "INV-2"); inv.Total != eur(500) {
		t.Errorf("a refused import changed INV-2 to %v", inv.Total)
	}
	if le, ok := findLog(e.logs(svc, ""), domain.EventImport, "refused"); !ok || le.Level != domain.LevelError {
		t.Errorf("no log row for the refused import:%s", dumpLog(e.logs(svc, "")))
	}
	// The same document again changes nothing and is fine.
	if res, err := svc.Import(e.ctx, []domain.Invoice{invoice("INV-1", 10000)}); err != nil || res.Unchanged != 1 {
		t.Errorf("re-import of the same invoice: %+v, %v", res, err)
	}

	if err := svc.Disconnect(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetCounters()
	if _, err := svc.CreatePayment(e.ctx, "INV-2", domain.KindLink); !errors.Is(err, domain.ErrNotConnected) {
		t.Errorf("CreatePayment after disconnecting: %v", err)
	}
	if _, err := svc.SyncOnce(e.ctx); !errors.Is(err, domain.ErrNotConnected) {
		t.Errorf("SyncOnce after disconnecting: %v", err)
	}
	if c, _ := svc.Connection(e.ctx); c.Connected || c.MaskedKey != "" {
		t.Errorf("connection after disconnecting: %+v", c)
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Errorf("%d requests without a key", n)
	}
}
