package mollie

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// scripted is a fake Mollie that answers from a script, one entry per
// request (the last entry repeats), and records what it was sent.
type scripted struct {
	mu       sync.Mutex
	script   []http.HandlerFunc
	requests []recordedRequest
}

type recordedRequest struct {
	method, uri string
	header      http.Header
	body        string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, recordedRequest{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
	h := s.script[min(n, len(s.script)-1)]
	s.mu.Unlock()
	h(w, r)
}

func (s *scripted) recorded() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recordedRequest(nil), s.requests...)
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/hal+json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func mollieError(status int, title, detail, field string) http.HandlerFunc {
	body, _ := json.Marshal(map[string]any{"status": status, "title": title, "detail": detail, "field": field})
	return reply(status, string(body))
}

const paymentBody = `{"resource":"payment","id":"tr_WDqYK6vllg","mode":"test","status":"open",
	"amount":{"currency":"EUR","value":"20.00"},"createdAt":"2018-03-13T14:02:29+00:00",
	"_links":{"checkout":{"href":"https://www.mollie.com/checkout/x"}}}`

const linkBody = `{"resource":"payment-link","id":"pl_4Y0eZitmBnQ6IDoMqZQKh","mode":"test",
	"amount":{"currency":"EUR","value":"24.95"},"archived":false,
	"_links":{"paymentLink":{"href":"https://payment-links.mollie.com/payment/4Y0eZitmBnQ6IDoMqZQKh"}}}`

func fakeClient(t *testing.T, s *scripted, sleeps *sleepRecorder, logs *logRecorder) *Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, APIKey: testKey, Sleep: sleeps.sleep, RetryBudget: 20 * time.Second}
	if logs != nil {
		cfg.Logf = logs.logf
	}
	return newTestClient(t, cfg)
}

func TestRequestShape(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{reply(201, linkBody), reply(201, paymentBody)}}
	c := fakeClient(t, s, &sleepRecorder{}, nil)
	ctx := context.Background()
	expires := time.Date(2030, 1, 31, 23, 0, 0, 0, time.FixedZone("CET", 3600))
	if _, err := c.CreatePaymentLink(ctx, domain.LinkRequest{
		Description: "INV-1 Bicycle tires", Amount: domain.NewMoney(2495, "EUR"),
		ExpiresAt: expires, IdempotencyKey: "key-from-caller",
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePayment(ctx, domain.CheckoutRequest{
		Description: "INV-2", Amount: domain.NewMoney(150000, "JPY"), RedirectURL: "https://example.org/back",
		Locale: "nl_NL", Metadata: map[string]string{"invoice_number": "INV-2"},
	}); err != nil {
		t.Fatal(err)
	}
	reqs := s.recorded()
	var link map[string]any
	if err := json.Unmarshal([]byte(reqs[0].body), &link); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"description": "INV-1 Bicycle tires",
		"amount":      map[string]any{"currency": "EUR", "value": "24.95"},
		"expiresAt":   "2030-01-31T22:00:00Z",
	}
	if !jsonEqual(link, want) {
		t.Errorf("link body %s", reqs[0].body)
	}
	if !strings.Contains(reqs[1].body, `"amount":{"currency":"JPY","value":"150000"}`) ||
		!strings.Contains(reqs[1].body, `"metadata":{"invoice_number":"INV-2"}`) ||
		!strings.Contains(reqs[1].body, `"locale":"nl_NL"`) {
		t.Errorf("payment body %s", reqs[1].body)
	}
	for i, r := range reqs {
		h := r.header
		if h.Get("Authorization") != "Bearer "+testKey || h.Get("Accept") != "application/json" ||
			h.Get("Content-Type") != "application/json" || !strings.HasPrefix(h.Get("User-Agent"), "paydesk/") {
			t.Errorf("request %d headers %v", i, h)
		}
		if strings.Contains(r.body, "testmode") || strings.Contains(r.body, "profileId") || strings.Contains(r.uri, "testmode") {
			t.Errorf("request %d sends testmode or profileId: %s %s", i, r.uri, r.body)
		}
	}
	if reqs[0].header.Get("Idempotency-Key") != "key-from-caller" {
		t.Errorf("Idempotency-Key %q, want the caller's", reqs[0].header.Get("Idempotency-Key"))
	}
	if k := reqs[1].header.Get("Idempotency-Key"); len(k) != 36 || k[14] != '4' {
		t.Errorf("generated Idempotency-Key %q is not a UUID v4", k)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestLocalRefusals(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{reply(200, paymentBody)}}
	c := fakeClient(t, s, &sleepRecorder{}, nil)
	ctx := context.Background()
	for _, m := range []domain.Money{domain.NewMoney(0, "EUR"), domain.NewMoney(-100, "EUR"), domain.NewMoney(100, "XXX")} {
		if _, err := c.CreatePaymentLink(ctx, domain.LinkRequest{Description: "x", Amount: m}); err == nil {
			t.Errorf("amount %v was sent", m)
		}
	}
	for _, id := range []string{"", "pl_abc", "tr_", "tr_a/../b", "tr_a?x=1", testKey} {
		_, err := c.GetPayment(ctx, id)
		if !errors.Is(err, domain.ErrNotFound) || strings.Contains(err.Error(), testKey) {
			t.Errorf("GetPayment(%q) = %v", id, err)
		}
	}
	if _, err := c.GetPaymentLink(ctx, "tr_abc"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("GetPaymentLink(tr_) = %v", err)
	}
	if n := len(s.recorded()); n != 0 {
		t.Errorf("%d requests sent for refused input", n)
	}
}

func TestRetriesServerErrorsWithTheSameKey(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{
		mollieError(503, "Service Unavailable", "try later", ""),
		reply(502, "<html>bad gateway</html>"),
		reply(201, paymentBody),
	}}
	sleeps := &sleepRecorder{}
	c := fakeClient(t, s, sleeps, nil)
	p, err := c.CreatePayment(context.Background(), domain.CheckoutRequest{Description: "x", Amount: domain.NewMoney(2000, "EUR"), RedirectURL: "https://example.org"})
	if err != nil || p.ID != "tr_WDqYK6vllg" {
		t.Fatalf("%+v, %v", p, err)
	}
	reqs := s.recorded()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	key := reqs[0].header.Get("Idempotency-Key")
	for i, r := range reqs {
		if r.header.Get("Idempotency-Key") != key || r.body != reqs[0].body {
			t.Errorf("attempt %d differs: key %q body %s", i+1, r.header.Get("Idempotency-Key"), r.body)
		}
	}
	waits := sleeps.recorded()
	if len(waits) != 2 || waits[0] < firstBackoff/2 || waits[0] > firstBackoff || waits[1] < firstBackoff || waits[1] > 2*firstBackoff {
		t.Errorf("back-off waits %v", waits)
	}
}

func TestRetryAfterAsHTTPDate(t *testing.T) {
	when := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	s := &scripted{script: []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", when)
			mollieError(429, "Too Many Requests", "slow down", "")(w, r)
		},
		reply(200, paymentBody),
	}}
	sleeps := &sleepRecorder{}
	c := fakeClient(t, s, sleeps, nil)
	if _, err := c.GetPayment(context.Background(), "tr_WDqYK6vllg"); err != nil {
		t.Fatal(err)
	}
	if w := sleeps.recorded(); len(w) != 1 || w[0] <= 0 || w[0] > 3*time.Second {
		t.Errorf("waits %v, want one up to the date", w)
	}
}

func TestRetryAfterBeyondBudgetGivesUpAtOnce(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		mollieError(429, "Too Many Requests", "slow down", "")(w, r)
	}}}
	sleeps := &sleepRecorder{}
	c := fakeClient(t, s, sleeps, nil)
	_, err := c.GetPayment(context.Background(), "tr_WDqYK6vllg")
	ge := gatewayError(t, err)
	if ge.HTTPStatus != 429 || !ge.Retryable || ge.Unreachable {
		t.Errorf("error %+v", ge)
	}
	if len(s.recorded()) != 1 || len(sleeps.recorded()) != 0 {
		t.Errorf("%d requests, waits %v; want one request and no wait", len(s.recorded()), sleeps.recorded())
	}
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := &scripted{script: []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
		reply(200, paymentBody),
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, Config{BaseURL: srv.URL, APIKey: testKey, Timeout: 50 * time.Millisecond, Sleep: (&sleepRecorder{}).sleep})
	if _, err := c.GetPayment(context.Background(), "tr_WDqYK6vllg"); err != nil {
		t.Fatalf("after a timed-out attempt: %v", err)
	}
	if n := len(s.recorded()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestCallerCancelStopsRetrying(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{mollieError(500, "Internal Server Error", "boom", "")}}
	ctx, cancel := context.WithCancel(context.Background())
	c := fakeClient(t, s, &sleepRecorder{}, nil)
	c.sleep = func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}
	_, err := c.GetPayment(ctx, "tr_WDqYK6vllg")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := len(s.recorded()); n != 1 {
		t.Errorf("%d requests after cancel", n)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://evil.example/v2/payments", http.StatusFound)
	}}}
	c := fakeClient(t, s, &sleepRecorder{}, nil)
	_, err := c.GetPayment(context.Background(), "tr_WDqYK6vllg")
	if ge := gatewayError(t, err); ge.HTTPStatus != 302 || ge.Retryable {
		t.Errorf("error %+v", ge)
	}
}

func TestNextPageOnlyOnTheSameHost(t *testing.T) {
	for name, next := range map[string]string{
		"other host":   `"https://evil.example/v2/payments?from=tr_b"`,
		"other scheme": `"https://127.0.0.1/v2/payments?from=tr_b"`,
		"relative":     `"/v2/payments?from=tr_b"`,
		"same page":    `"SELF"`,
	} {
		t.Run(name, func(t *testing.T) {
			var base string
			s := &scripted{script: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
				n := strings.ReplaceAll(next, "SELF", base+r.RequestURI)
				reply(200, `{"count":1,"_embedded":{"payments":[`+paymentBody+`]},"_links":{"next":{"href":`+n+`}}}`)(w, r)
			}}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			base = srv.URL
			c := newTestClient(t, Config{BaseURL: srv.URL, APIKey: testKey})
			var ids []string
			var lastErr error
			for p, err := range c.ListPayments(context.Background()) {
				if err != nil {
					lastErr = err
					break
				}
				ids = append(ids, p.ID)
			}
			if len(ids) != 1 || lastErr == nil || len(s.recorded()) != 1 {
				t.Errorf("ids %v, err %v, %d requests; want one page then an error", ids, lastErr, len(s.recorded()))
			}
		})
	}
}

func TestOddObjectInAListSpoilsOnlyItself(t *testing.T) {
	s := &scripted{script: []http.HandlerFunc{reply(200, `{"_embedded":{"payments":[
		{"id":"tr_a","amount":{"currency":"EUR","value":"1.00"}},
		{"id":"tr_b","amount":{"currency":"EUR","value":"lots"}},
		{"id":"tr_c","amount":{"currency":"EUR","value":"3.1"},"createdAt":"2024-01-01T00:00:00.123456Z"}
	]},"_links":{"next":null}}`)}}
	c := fakeClient(t, s, &sleepRecorder{}, nil)
	var got []string
	for p, err := range c.ListPayments(context.Background()) {
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, p.ID+" "+p.Amount.String())
	}
	if strings.Join(got, ", ") != "tr_a EUR 1.00, error, tr_c EUR 3.10" {
		t.Errorf("got %v", got)
	}
}

func TestUnreachableNeverShowsTheKey(t *testing.T) {
	var logs logRecorder
	sleeps := &sleepRecorder{}
	c := newTestClient(t, Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey, Logf: logs.logf, Sleep: sleeps.sleep, RetryBudget: 3 * time.Second})
	_, err := c.Profile(context.Background())
	ge := gatewayError(t, err)
	if !ge.Unreachable || !ge.Retryable || ge.HTTPStatus != 0 {
		t.Errorf("error %+v", ge)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "mollie unreachable: ") || !strings.Contains(msg, "refused") || !strings.Contains(msg, "attempts") {
		t.Errorf("message %q", msg)
	}
	if len(sleeps.recorded()) == 0 {
		t.Error("no retry before giving up")
	}
	assertNoKey(t, testKey, append(logs.all(), msg, fmt.Sprintf("%+v", *ge)))
}

func assertNoKey(t *testing.T, key string, texts []string) {
	t.Helper()
	if len(texts) == 0 {
		t.Error("nothing to check")
	}
	for _, s := range texts {
		if strings.Contains(s, key) || strings.Contains(s, key[5:]) {
			t.Errorf("the key appears in %q", s)
		}
	}
}

// leakyTransport fails every request with an error that quotes the
// Authorization header, and notes how long each attempt was given.
type leakyTransport struct {
	mu        sync.Mutex
	deadlines []time.Duration
}

func (l *leakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	d, ok := r.Context().Deadline()
	l.mu.Lock()
	if ok {
		l.deadlines = append(l.deadlines, time.Until(d))
	}
	l.mu.Unlock()
	return nil, errors.New("proxy refused " + r.Header.Get("Authorization"))
}

func TestRetriesStayWithinTheBudget(t *testing.T) {
	var logs logRecorder
	sleeps := &sleepRecorder{}
	lt := &leakyTransport{}
	const budget = 5 * time.Second
	c := newTestClient(t, Config{APIKey: testKey, HTTPClient: &http.Client{Transport: lt}, Logf: logs.logf,
		Sleep: sleeps.sleep, Timeout: 30 * time.Second, RetryBudget: budget})
	_, err := c.GetPayment(context.Background(), "tr_WDqYK6vllg")
	ge := gatewayError(t, err)
	if !ge.Unreachable || !strings.Contains(err.Error(), "proxy refused Bearer test_…") {
		t.Errorf("error %v", err)
	}
	assertNoKey(t, testKey, append(logs.all(), err.Error()))

	waits := sleeps.recorded()
	if len(lt.deadlines) < 2 || len(lt.deadlines) != len(waits)+1 {
		t.Fatalf("%d attempts, waits %v", len(lt.deadlines), waits)
	}
	if lt.deadlines[0] <= budget {
		t.Errorf("first attempt given %v, want the full timeout", lt.deadlines[0])
	}
	var waited time.Duration
	for i, w := range waits {
		waited += w
		if given := lt.deadlines[i+1]; given > budget-waited {
			t.Errorf("retry %d given %v after waiting %v of a %v budget", i+1, given, waited, budget)
		}
	}
	if waited > budget {
		t.Errorf("waited %v in all, budget %v", waited, budget)
	}
}

// A success answer that cannot be read may still mean Mollie made the
// object: the error says so, so that the caller keeps its intent.
func TestUnreadableCreateMayHaveSucceeded(t *testing.T) {
	for name, body := range map[string]string{
		"cut off":   linkBody[:len(linkBody)/2],
		"no id":     `{"resource":"payment-link","amount":{"currency":"EUR","value":"24.95"}}`,
		"bad money": strings.Replace(linkBody, `"24.95"`, `"24,95x"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			s := &scripted{script: []http.HandlerFunc{reply(201, body)}}
			c := fakeClient(t, s, &sleepRecorder{}, nil)
			_, err := c.CreatePaymentLink(context.Background(), domain.LinkRequest{Description: "x", Amount: domain.NewMoney(2495, "EUR")})
			ge := gatewayError(t, err)
			if !ge.Unreadable || !ge.MayHaveSucceeded() || !domain.OutcomeUnknown(err) || len(s.recorded()) != 1 {
				t.Errorf("%+v after %d requests", ge, len(s.recorded()))
			}
		})
	}
	refused := &domain.GatewayError{HTTPStatus: 422}
	if refused.MayHaveSucceeded() || domain.OutcomeUnknown(refused) {
		t.Error("a 422 counts as perhaps done")
	}
	if !(&domain.GatewayError{HTTPStatus: 503}).MayHaveSucceeded() {
		t.Error("a 503 counts as surely not done")
	}
}

// Calls made side by side, as serve's webhook workers make them, keep their
// connections for the next round instead of dialling again: the standard
// transport keeps only two idle connections per host.
func TestConcurrentCallsReuseConnections(t *testing.T) {
	const callers = 32
	var mu sync.Mutex
	dialled := 0
	arrived := 0
	all := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Hold every answer until all callers are in, so that each round
		// needs callers connections at once.
		mu.Lock()
		arrived++
		if arrived == callers {
			close(all)
		}
		wait := all
		mu.Unlock()
		<-wait
		reply(http.StatusOK, paymentBody)(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			dialled++
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, Config{BaseURL: srv.URL, APIKey: testKey})
	round := func() int {
		mu.Lock()
		arrived, all, dialled = 0, make(chan struct{}), 0
		mu.Unlock()
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				if _, err := c.GetPayment(t.Context(), "tr_WDqYK6vllg"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return dialled
	}
	if n := round(); n != callers {
		t.Fatalf("first round dialled %d connections, want %d", n, callers)
	}
	// A connection goes back to the pool just after its answer is read, so
	// a few may not be back yet; the standard transport would dial 30.
	if n := round(); n > callers/4 {
		t.Errorf("second round dialled %d new connections; the first round's %d were not kept", n, callers)
	}
}
