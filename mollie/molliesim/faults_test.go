package molliesim

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestFailRateAnswers5xxInMollieShape(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{FailRate: 1}})
	seen := map[int]bool{}
	for range 40 {
		resp, raw := e.request("GET", "/v2/payments", e.sim.TestKey(), nil, nil)
		if resp.StatusCode != 500 && resp.StatusCode != 503 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		ev := decodeError(t, raw)
		if ev.Status != resp.StatusCode || ev.Title == "" || ev.Detail == "" {
			t.Errorf("body %s", raw)
		}
		seen[resp.StatusCode] = true
	}
	if !seen[500] || !seen[503] {
		t.Errorf("over 40 requests only saw %v", seen)
	}
	e.sim.SetFaults(Faults{})
	if resp, _ := e.request("GET", "/v2/payments", e.sim.TestKey(), nil, nil); resp.StatusCode != 200 {
		t.Errorf("after clearing faults: %d", resp.StatusCode)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{RateLimitRate: 1, RetryAfter: 1500 * time.Millisecond}})
	resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("1.00"), nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("status %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if ev := decodeError(t, raw); ev.Status != 429 || ev.Title != "Too Many Requests" {
		t.Errorf("body %s", raw)
	}
	e.sim.SetFaults(Faults{RateLimitRate: 1})
	if resp, _ := e.request("GET", "/v2/payments", e.sim.TestKey(), nil, nil); resp.Header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After without a setting: %q", resp.Header.Get("Retry-After"))
	}
	e.sim.SetFaults(Faults{})
	if n := e.linkCount(e.sim.TestKey()); n != 0 {
		t.Errorf("a rate-limited request created %d links", n)
	}
}

func TestFaultDecisionsFollowTheSeed(t *testing.T) {
	sequence := func(seed int64) []int {
		e := newEnv(t, Options{Seed: seed, Faults: Faults{FailRate: 0.3, RateLimitRate: 0.3}})
		var out []int
		for range 30 {
			resp, _ := e.request("GET", "/v2/profiles/me", e.sim.TestKey(), nil, nil)
			out = append(out, resp.StatusCode)
		}
		return out
	}
	a, b := sequence(42), sequence(42)
	mixed := map[int]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different answers at %d: %v vs %v", i, a, b)
		}
		mixed[a[i]] = true
	}
	if !mixed[200] || !mixed[429] || (!mixed[500] && !mixed[503]) {
		t.Errorf("rates 0.3/0.3 gave only %v", mixed)
	}
}

func TestLatencyOnlyForTheAPI(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{Latency: 3 * time.Second}})
	var mu sync.Mutex
	var slept []time.Duration
	e.sim.sleep = func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
	}
	l := e.createLink(linkRequest("1.00"))
	e.page("/pay/" + l.ID)
	e.form("/pay/"+l.ID, map[string][]string{"outcome": {"paid"}, "method": {"ideal"}})
	mu.Lock()
	defer mu.Unlock()
	if len(slept) != 1 || slept[0] != 3*time.Second {
		t.Errorf("slept %v, want one 3s sleep for the one API request", slept)
	}
}

func TestCounters(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("1.00"))
	e.getLink(l.ID)
	e.getLink(l.ID)
	e.request("GET", "/v2/payment-links/"+l.ID+"/payments", e.sim.TestKey(), nil, nil)
	e.request("GET", "/v2/payments/tr_nothere", e.sim.TestKey(), nil, nil)
	e.request("GET", "/v2/payments", "", nil, nil) // 401 counts too
	e.request("GET", "/v2/nothing", e.sim.TestKey(), nil, nil)
	e.page("/pay/" + l.ID)
	e.sim.SetFaults(Faults{FailRate: 1})
	e.request("GET", "/v2/payments", e.sim.TestKey(), nil, nil)

	want := map[string]int{
		"POST /v2/payment-links":              1,
		"GET /v2/payment-links/{id}":          2,
		"GET /v2/payment-links/{id}/payments": 1,
		"GET /v2/payments/{id}":               1,
		"GET /v2/payments":                    2,
	}
	got := e.sim.Counters()
	if len(got) != len(want) {
		t.Errorf("counters %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
	if e.sim.TotalRequests() != 8 {
		t.Errorf("total %d, want 8", e.sim.TotalRequests())
	}
	got["GET /v2/payments"] = 99 // a copy, not the live map
	e.sim.ResetCounters()
	if len(e.sim.Counters()) != 0 || e.sim.TotalRequests() != 0 {
		t.Errorf("after reset: %v %d", e.sim.Counters(), e.sim.TotalRequests())
	}
}
