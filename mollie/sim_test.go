package mollie

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// simEnv is the client against the simulator over real HTTP, with a
// recording handler in front of the simulator, recorded waits instead of
// real ones, and a check at the end that no key leaked into a log line or
// an error.
type simEnv struct {
	t      *testing.T
	sim    *molliesim.Server
	front  *frontDoor
	url    string
	logs   *logRecorder
	sleeps *sleepRecorder
	mu     sync.Mutex
	errs   []string
	keys   []string
}

// frontDoor records every request before the simulator sees it and may
// answer in its place.
type frontDoor struct {
	next      http.Handler
	mu        sync.Mutex
	seen      []seenRequest
	intercept func(w http.ResponseWriter, r *http.Request, n int) bool
}

type seenRequest struct {
	method, uri, idemKey string
	status               int
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (f *frontDoor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	n := len(f.seen)
	f.seen = append(f.seen, seenRequest{method: r.Method, uri: r.RequestURI, idemKey: r.Header.Get("Idempotency-Key")})
	intercept := f.intercept
	f.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	if intercept == nil || !intercept(sw, r, n) {
		f.next.ServeHTTP(sw, r)
	}
	f.mu.Lock()
	f.seen[n].status = sw.status
	f.mu.Unlock()
}

func (f *frontDoor) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

func (f *frontDoor) setIntercept(fn func(w http.ResponseWriter, r *http.Request, n int) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.intercept = fn
}

func newSimEnv(t *testing.T) *simEnv {
	t.Helper()
	sim := molliesim.New(molliesim.Options{Seed: 7})
	front := &frontDoor{next: sim}
	srv := httptest.NewServer(front)
	sim.SetBaseURL(srv.URL)
	e := &simEnv{t: t, sim: sim, front: front, url: srv.URL, logs: &logRecorder{}, sleeps: &sleepRecorder{}}
	e.keys = []string{sim.TestKey(), sim.LiveKey()}
	t.Cleanup(func() {
		srv.Close()
		sim.Close()
		e.assertNoKeyLeaked()
	})
	return e
}

func (e *simEnv) client(key string) *Client {
	e.t.Helper()
	e.keys = append(e.keys, key)
	return newTestClient(e.t, Config{BaseURL: e.url, APIKey: key, Logf: e.logs.logf, Sleep: e.sleeps.sleep})
}

// fail records an error for the leak check and returns it.
func (e *simEnv) fail(err error) error {
	if err != nil {
		e.mu.Lock()
		e.errs = append(e.errs, err.Error())
		e.mu.Unlock()
	}
	return err
}

func (e *simEnv) assertNoKeyLeaked() {
	e.t.Helper()
	e.mu.Lock()
	texts := append(e.logs.all(), e.errs...)
	e.mu.Unlock()
	for _, key := range e.keys {
		for _, s := range texts {
			if strings.Contains(s, key) || strings.Contains(s, key[5:]) {
				e.t.Errorf("key %s appears in %q", domain.MaskKey(key), s)
			}
		}
	}
}

func (e *simEnv) count(route string) int { return e.sim.Counters()[route] }

func linkRequest(desc string, minor int64) domain.LinkRequest {
	return domain.LinkRequest{
		Description: desc,
		Amount:      domain.NewMoney(minor, "EUR"),
		RedirectURL: "https://example.org/thanks",
		ExpiresAt:   time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second),
	}
}

func checkoutRequest(desc string, minor int64) domain.CheckoutRequest {
	return domain.CheckoutRequest{
		Description: desc,
		Amount:      domain.NewMoney(minor, "EUR"),
		RedirectURL: "https://example.org/return",
		Locale:      "nl_NL",
		Metadata:    map[string]string{"invoice_id": "42", "invoice_number": "INV-42"},
	}
}

func collect[T any](e *simEnv, seq func(func(T, error) bool)) []T {
	e.t.Helper()
	var out []T
	for v, err := range seq {
		if e.fail(err) != nil {
			e.t.Fatalf("list: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func TestSimProfile(t *testing.T) {
	e := newSimEnv(t)
	for key, mode := range map[string]domain.Mode{e.sim.TestKey(): domain.ModeTest, e.sim.LiveKey(): domain.ModeLive} {
		p, err := e.client(key).Profile(context.Background())
		if e.fail(err) != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.ID, "pfl_") || p.Name == "" || p.Mode != mode {
			t.Errorf("profile = %+v, want mode %s", p, mode)
		}
	}
}

func TestSimPaymentLinks(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	ctx := context.Background()
	req := linkRequest("INV-2025-001 Bicycle tires", 2495)
	l, err := c.CreatePaymentLink(ctx, req)
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.ID, "pl_") || l.Mode != domain.ModeTest || l.Description != req.Description ||
		l.Amount != req.Amount || l.URL != e.url+"/pay/"+l.ID || l.Archived || l.Reusable || l.CreatedAt.IsZero() {
		t.Errorf("created %+v", l)
	}
	wantTime(t, "expiresAt", l.ExpiresAt, req.ExpiresAt)

	got, err := c.GetPaymentLink(ctx, l.ID)
	if e.fail(err) != nil || got != l {
		t.Errorf("get = %+v, %v; want %+v", got, err, l)
	}
	if links := collect(e, c.ListPaymentLinks(ctx)); len(links) != 1 || links[0] != l {
		t.Errorf("list = %+v", links)
	}
	if attempts := collect(e, c.LinkPayments(ctx, l.ID)); len(attempts) != 0 {
		t.Errorf("attempts before anyone paid: %+v", attempts)
	}

	failedID, err := e.sim.Pay(l.ID, "failed", "creditcard")
	if err != nil {
		t.Fatal(err)
	}
	paidID, err := e.sim.Pay(l.ID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	attempts := collect(e, c.LinkPayments(ctx, l.ID))
	if len(attempts) != 2 || attempts[0].ID != paidID || attempts[1].ID != failedID {
		t.Fatalf("attempts = %+v, want %s then %s", attempts, paidID, failedID)
	}
	for _, a := range attempts {
		if a.Amount != req.Amount || a.Mode != domain.ModeTest {
			t.Errorf("attempt %+v", a)
		}
	}
	if attempts[0].Status != domain.StatusPaid || attempts[0].PaidAt.IsZero() || attempts[0].Method != "ideal" {
		t.Errorf("paid attempt %+v", attempts[0])
	}
	if attempts[1].Status != domain.StatusFailed || attempts[1].FailedAt.IsZero() {
		t.Errorf("failed attempt %+v", attempts[1])
	}
	if got, err := c.GetPaymentLink(ctx, l.ID); e.fail(err) != nil || got.PaidAt.IsZero() {
		t.Errorf("paid link = %+v, %v", got, err)
	}

	// A paid link cannot be deleted; an unopened one can.
	ge := gatewayError(t, e.fail(c.DeletePaymentLink(ctx, l.ID)))
	if ge.HTTPStatus != 422 || ge.Retryable {
		t.Errorf("delete of a paid link: %+v", ge)
	}
	fresh, err := c.CreatePaymentLink(ctx, linkRequest("INV-2025-002", 1000))
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	if err := e.fail(c.DeletePaymentLink(ctx, fresh.ID)); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.GetPaymentLink(ctx, fresh.ID); !errors.Is(e.fail(err), domain.ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}

	other, err := c.CreatePaymentLink(ctx, linkRequest("INV-2025-003", 5000))
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	archived, err := c.ArchivePaymentLink(ctx, other.ID)
	if e.fail(err) != nil || !archived.Archived || archived.ID != other.ID {
		t.Errorf("archive = %+v, %v", archived, err)
	}
	if again, err := c.ArchivePaymentLink(ctx, other.ID); e.fail(err) != nil || !again.Archived {
		t.Errorf("archiving twice = %+v, %v", again, err)
	}
	if _, err := e.sim.Pay(other.ID, "paid", "ideal"); err == nil {
		t.Error("the simulator let a customer pay an archived link")
	}
}

func TestSimPayments(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	ctx := context.Background()
	req := checkoutRequest("INV-42 phone payment", 12550)
	p, err := c.CreatePayment(ctx, req)
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ID, "tr_") || p.Status != domain.StatusOpen || p.Amount != req.Amount || p.Mode != domain.ModeTest ||
		!strings.HasPrefix(p.CheckoutURL, e.url+"/checkout/") || p.ExpiresAt.IsZero() {
		t.Errorf("created %+v", p)
	}
	if p.Metadata["invoice_id"] != "42" || p.Metadata["invoice_number"] != "INV-42" {
		t.Errorf("metadata = %#v", p.Metadata)
	}

	if got, err := c.GetPayment(ctx, p.ID); e.fail(err) != nil || got.ID != p.ID || got.Amount != p.Amount {
		t.Errorf("get = %+v, %v", got, err)
	}
	if list := collect(e, c.ListPayments(ctx)); len(list) != 1 || list[0].ID != p.ID {
		t.Errorf("list = %+v", list)
	}

	// Only what Mollie allows can be canceled: an open iDEAL-like payment not.
	ge := gatewayError(t, e.fail(func() error { _, err := c.CancelPayment(ctx, p.ID); return err }()))
	if ge.HTTPStatus != 422 || ge.Retryable {
		t.Errorf("cancel of a card payment: %+v", ge)
	}
	if _, err := e.sim.Pay(p.ID, "pending", "banktransfer"); err != nil {
		t.Fatal(err)
	}
	canceled, err := c.CancelPayment(ctx, p.ID)
	if e.fail(err) != nil || canceled.Status != domain.StatusCanceled || canceled.CanceledAt.IsZero() {
		t.Errorf("cancel of a bank transfer = %+v, %v", canceled, err)
	}

	paid, err := c.CreatePayment(ctx, checkoutRequest("INV-43", 2000))
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.Pay(paid.ID, "paid", "ideal"); err != nil {
		t.Fatal(err)
	}
	refund, err := e.sim.CreateRefund(paid.ID, "5.00")
	if err != nil {
		t.Fatal(err)
	}
	chargeback, err := e.sim.CreateChargeback(paid.ID, "2.50")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPayment(ctx, paid.ID)
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusPaid || got.PaidAt.IsZero() || got.Method != "ideal" {
		t.Errorf("paid payment %+v", got)
	}
	for name, refunds := range map[string][]domain.RemoteRefund{
		"payment's": collect(e, c.PaymentRefunds(ctx, paid.ID)), "all": collect(e, c.ListRefunds(ctx)),
	} {
		if len(refunds) != 1 || refunds[0].ID != refund || refunds[0].PaymentID != paid.ID || refunds[0].Status != "refunded" {
			t.Fatalf("%s refunds = %+v", name, refunds)
		}
		wantMoney(t, "refund", refunds[0].Amount, 500, "EUR")
	}
	for name, chargebacks := range map[string][]domain.RemoteChargeback{
		"payment's": collect(e, c.PaymentChargebacks(ctx, paid.ID)), "all": collect(e, c.ListChargebacks(ctx)),
	} {
		if len(chargebacks) != 1 || chargebacks[0].ID != chargeback || chargebacks[0].PaymentID != paid.ID || !chargebacks[0].ReversedAt.IsZero() {
			t.Fatalf("%s chargebacks = %+v", name, chargebacks)
		}
		wantMoney(t, "chargeback", chargebacks[0].Amount, 250, "EUR")
	}
	if err := e.sim.ReverseChargeback(chargeback); err != nil {
		t.Fatal(err)
	}
	if cbs := collect(e, c.PaymentChargebacks(ctx, paid.ID)); len(cbs) != 1 || cbs[0].ReversedAt.IsZero() {
		t.Errorf("reversed chargeback = %+v", cbs)
	}
}

func TestSimErrorMapping(t *testing.T) {
	e := newSimEnv(t)
	ctx := context.Background()
	test, live := e.client(e.sim.TestKey()), e.client(e.sim.LiveKey())

	p, err := test.CreatePayment(ctx, checkoutRequest("INV-1", 1000))
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	_, err = live.GetPayment(ctx, p.ID)
	ge := gatewayError(t, e.fail(err))
	if !errors.Is(err, domain.ErrNotFound) || ge.HTTPStatus != 404 || ge.Retryable || ge.Detail == "" {
		t.Errorf("test payment with the live key: %+v", ge)
	}
	if _, err := live.GetPaymentLink(ctx, "pl_doesNotExist1"); !errors.Is(e.fail(err), domain.ErrNotFound) {
		t.Errorf("unknown link: %v", err)
	}

	unknown := "test_" + strings.Repeat("Q", 32)
	_, err = e.client(unknown).Profile(ctx)
	if !domain.Unauthorized(e.fail(err)) || !strings.Contains(err.Error(), "mollie 401 ") {
		t.Errorf("unknown key: %v", err)
	}
	revoked := "live_" + strings.Repeat("R", 32)
	e.sim.AddKey(revoked)
	rc := e.client(revoked)
	if _, err := rc.Profile(ctx); e.fail(err) != nil {
		t.Fatalf("added key: %v", err)
	}
	e.sim.RevokeKey(revoked)
	if _, err := rc.Profile(ctx); !domain.Unauthorized(e.fail(err)) {
		t.Errorf("revoked key: %v", err)
	}

	before := e.count("POST /v2/payment-links")
	_, err = test.CreatePaymentLink(ctx, linkRequest("INV-2", 100_000_000_00))
	ge = gatewayError(t, e.fail(err))
	if ge.HTTPStatus != 422 || ge.Field != "amount" || ge.Retryable ||
		!strings.Contains(err.Error(), "mollie 422 Unprocessable Entity (amount)") || !strings.Contains(err.Error(), "higher than the maximum") {
		t.Errorf("too high: %+v: %v", ge, err)
	}
	if n := e.count("POST /v2/payment-links") - before; n != 1 || len(e.sleeps.recorded()) != 0 {
		t.Errorf("a 422 was sent %d times with waits %v; want once", n, e.sleeps.recorded())
	}

	// The client never writes a wrong value itself, so the body is made by hand.
	body := map[string]any{"description": "INV-3", "amount": map[string]string{"currency": "EUR", "value": "16.1"}}
	err = e.fail(test.call(ctx, http.MethodPost, test.endpoint("/v2/payment-links", nil), body, "", nil))
	ge = gatewayError(t, err)
	if ge.Field != "amount.value" || !strings.HasPrefix(err.Error(), "mollie 422 Unprocessable Entity (amount.value): ") {
		t.Errorf("wrong decimals: %+v: %v", ge, err)
	}

	hook := linkRequest("INV-4", 1000)
	hook.WebhookURL = "http://127.0.0.1:8080/webhook"
	_, err = test.CreatePaymentLink(ctx, hook)
	if ge := gatewayError(t, e.fail(err)); ge.Field != "webhookUrl" || !strings.Contains(err.Error(), "(webhookUrl)") {
		t.Errorf("loopback webhook: %+v: %v", ge, err)
	}
}

// TestSimRetryKeepsTheIdempotencyKey loses Mollie's first answer on the way
// back: the retry carries the same key, the simulator replays the answer,
// and only one link exists.
func TestSimRetryKeepsTheIdempotencyKey(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	e.front.setIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n > 1 {
			return false
		}
		if n == 0 {
			e.sim.ServeHTTP(httptest.NewRecorder(), r) // done, but the answer is lost
		}
		w.WriteHeader(http.StatusBadGateway)
		return true
	})
	l, err := c.CreatePaymentLink(context.Background(), linkRequest("INV-7", 700))
	if e.fail(err) != nil {
		t.Fatal(err)
	}
	reqs := e.front.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3: %+v", len(reqs), reqs)
	}
	for _, r := range reqs {
		if r.idemKey != reqs[0].idemKey || r.idemKey == "" {
			t.Errorf("keys differ: %+v", reqs)
		}
	}
	e.front.setIntercept(nil)
	links := collect(e, c.ListPaymentLinks(context.Background()))
	if len(links) != 1 || links[0].ID != l.ID {
		t.Errorf("links = %+v, want only %s", links, l.ID)
	}
	if waits := e.sleeps.recorded(); len(waits) != 2 {
		t.Errorf("waits %v", waits)
	}
}

// TestSimFlakyServer runs many creations through random 500s and 503s: each
// intent ends as exactly one object.
func TestSimFlakyServer(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	ctx := context.Background()
	e.sim.SetFaults(molliesim.Faults{FailRate: 0.3})
	const n = 20
	for i := range n {
		if _, err := c.CreatePayment(ctx, checkoutRequest("INV-flaky", int64(100+i))); e.fail(err) != nil {
			t.Fatalf("creation %d: %v", i, err)
		}
	}
	e.sim.SetFaults(molliesim.Faults{})
	if got := len(collect(e, c.ListPayments(ctx))); got != n {
		t.Errorf("%d payments, want %d", got, n)
	}
	failed := 0
	for _, r := range e.front.requests() {
		if r.status >= 500 {
			failed++
		}
	}
	if failed == 0 || len(e.sleeps.recorded()) != failed {
		t.Errorf("%d failed answers, %d waits; want one wait per failure", failed, len(e.sleeps.recorded()))
	}
}

func TestSimRateLimitHonoursRetryAfter(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	e.sim.SetFaults(molliesim.Faults{RateLimitRate: 1, RetryAfter: 3 * time.Second})
	e.front.setIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n == 1 {
			e.sim.SetFaults(molliesim.Faults{})
		}
		return false
	})
	if _, err := c.Profile(context.Background()); e.fail(err) != nil {
		t.Fatal(err)
	}
	if reqs := e.front.requests(); len(reqs) != 2 || reqs[0].status != http.StatusTooManyRequests {
		t.Errorf("requests %+v", reqs)
	}
	if waits := e.sleeps.recorded(); len(waits) != 1 || waits[0] != 3*time.Second {
		t.Errorf("waits %v, want exactly the 3s Mollie asked for", waits)
	}
}

func TestSimRetryBudgetRunsOut(t *testing.T) {
	for name, faults := range map[string]molliesim.Faults{
		"server errors": {FailRate: 1},
		"rate limited":  {RateLimitRate: 1, RetryAfter: time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			e := newSimEnv(t)
			c := e.client(e.sim.TestKey())
			e.sim.SetFaults(faults)
			_, err := c.CreatePaymentLink(context.Background(), linkRequest("INV-9", 900))
			ge := gatewayError(t, e.fail(err))
			if !ge.Retryable || ge.Unreachable || (ge.HTTPStatus != 429 && ge.HTTPStatus < 500) {
				t.Errorf("error %+v", ge)
			}
			var total time.Duration
			for _, w := range e.sleeps.recorded() {
				total += w
			}
			attempts := len(e.front.requests())
			if attempts < 3 || total > c.retryBudget || attempts != len(e.sleeps.recorded())+1 {
				t.Errorf("%d attempts waiting %v in all (budget %v)", attempts, total, c.retryBudget)
			}
			e.sim.SetFaults(molliesim.Faults{})
			if links := collect(e, c.ListPaymentLinks(context.Background())); len(links) != 0 {
				t.Errorf("a refused creation left %d links", len(links))
			}
		})
	}
}

func TestSimPagination(t *testing.T) {
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	c.pageLimit = 3
	ctx := context.Background()
	var created []string
	for i := range 8 {
		l, err := c.CreatePaymentLink(ctx, linkRequest("INV-page", int64(100+i)))
		if e.fail(err) != nil {
			t.Fatal(err)
		}
		created = append(created, l.ID)
	}
	before := e.count("GET /v2/payment-links")
	links := collect(e, c.ListPaymentLinks(ctx))
	if len(links) != len(created) {
		t.Fatalf("%d links, want %d", len(links), len(created))
	}
	for i, l := range links {
		if want := created[len(created)-1-i]; l.ID != want {
			t.Errorf("link %d = %s, want %s (newest first)", i, l.ID, want)
		}
	}
	if pages := e.count("GET /v2/payment-links") - before; pages != 3 {
		t.Errorf("%d page requests, want 3", pages)
	}

	before = e.count("GET /v2/payment-links")
	seen := 0
	for _, err := range c.ListPaymentLinks(ctx) {
		if e.fail(err) != nil {
			t.Fatal(err)
		}
		if seen++; seen == 4 {
			break
		}
	}
	if pages := e.count("GET /v2/payment-links") - before; pages != 2 {
		t.Errorf("stopping after 4 fetched %d pages, want 2", pages)
	}

	for range 5 {
		if _, err := e.sim.Pay(created[0], "failed", "ideal"); err != nil {
			t.Fatal(err)
		}
	}
	if attempts := collect(e, c.LinkPayments(ctx, created[0])); len(attempts) != 5 {
		t.Errorf("%d attempts across pages, want 5", len(attempts))
	}
	if pages := e.count("GET /v2/payment-links/{id}/payments"); pages != 2 {
		t.Errorf("%d attempt pages, want 2", pages)
	}
}

func TestSimFullPagesOf250(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 260 payments")
	}
	e := newSimEnv(t)
	c := e.client(e.sim.TestKey())
	ctx := context.Background()
	for i := range 260 {
		if _, err := c.CreatePayment(ctx, checkoutRequest("INV-bulk", int64(100+i))); e.fail(err) != nil {
			t.Fatal(err)
		}
	}
	list := collect(e, c.ListPayments(ctx))
	if len(list) != 260 || list[0].Amount.Minor != 359 || list[259].Amount.Minor != 100 {
		t.Errorf("%d payments, first %v, last %v", len(list), list[0].Amount, list[len(list)-1].Amount)
	}
	if pages := e.count("GET /v2/payments"); pages != 2 {
		t.Errorf("%d page requests, want 2 of 250", pages)
	}
}
