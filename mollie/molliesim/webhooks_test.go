package molliesim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type hookCall struct {
	method      string
	path        string
	id          string
	contentType string
	answered    int
}

// receiver is a webhook endpoint whose answers a test scripts: it answers
// the queued statuses first, then 200.
type receiver struct {
	srv   *httptest.Server
	calls chan hookCall
	mu    sync.Mutex
	plan  []int
}

func newReceiver(t *testing.T, plan ...int) *receiver {
	rc := &receiver{calls: make(chan hookCall, 100), plan: plan}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		rc.mu.Lock()
		status := http.StatusOK
		if len(rc.plan) > 0 {
			status, rc.plan = rc.plan[0], rc.plan[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
		rc.calls <- hookCall{method: r.Method, path: r.URL.Path, id: r.PostForm.Get("id"), contentType: r.Header.Get("Content-Type"), answered: status}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) next(t *testing.T) hookCall {
	t.Helper()
	select {
	case c := <-rc.calls:
		return c
	case <-time.After(20 * time.Second):
		t.Fatal("no webhook arrived")
		return hookCall{}
	}
}

func hookEnv(t *testing.T, opts Options) *env {
	opts.AllowLoopbackWebhooks = true
	if opts.WebhookRetryDelays == nil {
		opts.WebhookRetryDelays = []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond}
	}
	return newEnv(t, opts)
}

func (e *env) run() {
	ctx, cancel := context.WithCancel(context.Background())
	e.t.Cleanup(cancel)
	e.sim.Run(ctx)
}

func (e *env) queued() int {
	e.sim.mu.Lock()
	defer e.sim.mu.Unlock()
	return len(e.sim.hooks)
}

func TestWebhookRetriedAfterAFailedAnswer(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
	e.run()
	l := e.createLink(with(linkRequest("60.00"), "webhookUrl", rc.srv.URL+"/hook"))
	tr := e.pay(l.ID, "paid", "ideal")

	for i, want := range []int{500, 503, 200} {
		c := rc.next(t)
		if c.id != tr || c.contentType != "application/x-www-form-urlencoded" || c.answered != want {
			t.Errorf("call %d: %+v, want id %s answered %d", i, c, tr, want)
		}
	}
	waitFor(t, "the delivery to be done", func() bool { return e.queued() == 0 })
	if len(rc.calls) != 0 {
		t.Errorf("%d calls after success", len(rc.calls))
	}
}

// A redirected webhook call goes on as Mollie documents: 301 and 302 turn
// it into a GET without the id, 307 and 308 post the id again.
func TestWebhookRedirects(t *testing.T) {
	for code, want := range map[int]hookCall{
		http.StatusMovedPermanently:  {method: http.MethodGet, path: "/hook"},
		http.StatusFound:             {method: http.MethodGet, path: "/hook"},
		http.StatusTemporaryRedirect: {method: http.MethodPost, path: "/hook"},
		http.StatusPermanentRedirect: {method: http.MethodPost, path: "/hook"},
	} {
		e := hookEnv(t, Options{})
		rc := newReceiver(t)
		moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, rc.srv.URL+"/hook", code)
		}))
		t.Cleanup(moved.Close)
		e.run()
		p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", moved.URL+"/old"))
		e.pay(p.ID, "paid", "ideal")
		if want.method == http.MethodPost {
			want.id, want.contentType = p.ID, "application/x-www-form-urlencoded"
		}
		want.answered = http.StatusOK
		if c := rc.next(t); c != want {
			t.Errorf("after a %d: the receiver got %+v, want %+v", code, c, want)
		}
		waitFor(t, "the delivery to be done", func() bool { return e.queued() == 0 })
	}
}

func TestWebhookGivesUpAfterTheLastAttempt(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t, 500, 500, 500, 500, 500, 500)
	e.run()
	p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(p.ID, "failed", "ideal")
	waitFor(t, "the delivery to be given up", func() bool { return e.queued() == 0 })
	if n := len(rc.calls); n != 4 {
		t.Errorf("%d attempts, want 1 + 3 retries", n)
	}
}

func TestWebhooksQueuedBeforeRunAreDelivered(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t)
	p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(p.ID, "canceled", "ideal")
	if e.queued() != 1 {
		t.Fatalf("%d queued", e.queued())
	}
	e.run()
	if c := rc.next(t); c.id != p.ID {
		t.Errorf("delivered %+v", c)
	}
}

func TestWebhookEventsAndSilences(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t)
	hooked := func() paymentView {
		return e.createPayment(with(paymentRequest("10.00"), "webhookUrl", rc.srv.URL))
	}

	pending := hooked()
	e.pay(pending.ID, "pending", "banktransfer")
	open := hooked()
	if e.queued() != 0 {
		t.Fatalf("open or pending queued a webhook")
	}
	plain := e.createPayment(paymentRequest("10.00"))
	e.pay(plain.ID, "paid", "ideal")
	if e.queued() != 0 {
		t.Fatalf("a payment without webhookUrl queued a webhook")
	}

	e.clock.Advance(20 * time.Second) // pending settles
	e.clock.Advance(15 * time.Minute) // open expires
	e.sim.Tick()
	authorized := hooked()
	e.pay(authorized.ID, "authorized", "creditcard")
	if err := e.sim.Refund(pending.ID, "1.00"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.Chargeback(pending.ID, "2.00"); err != nil {
		t.Fatal(err)
	}
	e.run()

	got := map[string]int{}
	for range 5 {
		got[rc.next(t).id]++
	}
	if got[pending.ID] != 3 || got[open.ID] != 1 || got[authorized.ID] != 1 {
		t.Errorf("deliveries %v: want 3 for %s (paid, refund, chargeback), 1 each for %s and %s", got, pending.ID, open.ID, authorized.ID)
	}
}

func TestLinkAttemptsUseTheLinksWebhook(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t)
	e.run()
	l := e.createLink(with(linkRequest("8.00"), "webhookUrl", rc.srv.URL+"/links"))
	tr := e.pay(l.ID, "failed", "ideal")
	if c := rc.next(t); c.id != tr {
		t.Errorf("link webhook posted %q, want the attempt %s", c.id, tr)
	}
	if p := e.getPayment(tr); p.WebhookURL != rc.srv.URL+"/links" {
		t.Errorf("attempt webhookUrl %q", p.WebhookURL)
	}
}

func TestDroppedWebhooksNeverArrive(t *testing.T) {
	e := hookEnv(t, Options{Faults: Faults{DropWebhooks: 1}})
	rc := newReceiver(t)
	e.run()
	p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(p.ID, "paid", "ideal")
	waitFor(t, "the delivery to be dropped", func() bool { return e.queued() == 0 })

	e.sim.SetFaults(Faults{})
	q := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(q.ID, "paid", "ideal")
	if c := rc.next(t); c.id != q.ID {
		t.Errorf("got %s first; the dropped delivery arrived after all", c.id)
	}
}

func TestCloseStopsBackgroundWork(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t)
	e.run()
	e.sim.SimulateCustomers(context.Background(), CustomerOptions{MinDelay: time.Hour})
	e.sim.Close()
	p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(p.ID, "paid", "ideal")
	if e.queued() != 0 {
		t.Error("a closed simulator queued a webhook")
	}
	e.sim.Run(context.Background()) // must not start anything
	e.sim.mu.Lock()
	running := e.sim.running
	e.sim.mu.Unlock()
	if running {
		t.Error("Run after Close started work")
	}
	e.sim.Close() // twice is fine
}

func TestRunStopsWithItsContextAndCanRunAgain(t *testing.T) {
	e := hookEnv(t, Options{})
	rc := newReceiver(t)
	ctx, cancel := context.WithCancel(context.Background())
	e.sim.Run(ctx)
	cancel()
	waitFor(t, "Run to stop", func() bool {
		e.sim.mu.Lock()
		defer e.sim.mu.Unlock()
		return !e.sim.running
	})
	p := e.createPayment(with(paymentRequest("1.00"), "webhookUrl", rc.srv.URL))
	e.pay(p.ID, "paid", "ideal")
	e.run()
	if c := rc.next(t); c.id != p.ID {
		t.Errorf("got %+v", c)
	}
}

func TestLinkWebhookURLReadsWhatTheLinkHolds(t *testing.T) {
	e := newEnv(t, Options{})
	const hook = "https://pay.example.com/webhooks/mollie?link=42"
	linked := e.createLink(with(linkRequest("1.00"), "webhookUrl", hook))
	got, err := LinkWebhookURL(t.Context(), e.srv.Client(), e.srv.URL, e.sim.TestKey(), linked.ID)
	if err != nil || got != hook {
		t.Errorf("LinkWebhookURL = %q, %v; want %q", got, err, hook)
	}
	without := e.createLink(linkRequest("1.00"))
	if _, err := LinkWebhookURL(t.Context(), e.srv.Client(), e.srv.URL, e.sim.TestKey(), without.ID); err == nil || !strings.Contains(err.Error(), "no webhook URL") {
		t.Errorf("a link without a webhook URL: %v", err)
	}
	if _, err := LinkWebhookURL(t.Context(), e.srv.Client(), e.srv.URL, e.sim.TestKey(), "pl_missing"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("an unknown link: %v", err)
	}
}
