package molliesim

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func idemHeader(key string) map[string]string { return map[string]string{"Idempotency-Key": key} }

func (e *env) linkCount(key string) int {
	e.t.Helper()
	resp, raw := e.request("GET", "/v2/payment-links?limit=250", key, nil, nil)
	var page listView[linkView]
	if err := json.Unmarshal(raw, &page); err != nil || resp.StatusCode != 200 {
		e.t.Fatalf("list: %d %s", resp.StatusCode, raw)
	}
	return page.Count
}

func TestIdempotentReplay(t *testing.T) {
	e := newEnv(t, Options{})
	key := e.sim.TestKey()
	h := idemHeader("6f1c2b9e-4a57-4c1e-9a0e-2d1f3b7c8a90")

	first, firstBody := e.request("POST", "/v2/payment-links", key, linkRequest("60.00"), h)
	second, secondBody := e.request("POST", "/v2/payment-links", key, linkRequest("60.00"), h)
	if first.StatusCode != http.StatusCreated || second.StatusCode != http.StatusCreated {
		t.Fatalf("statuses %d, %d", first.StatusCode, second.StatusCode)
	}
	if first.Header.Get("Idempotent-Replayed") != "" || second.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("Idempotent-Replayed: first %q, second %q", first.Header.Get("Idempotent-Replayed"), second.Header.Get("Idempotent-Replayed"))
	}
	if !bytes.Equal(firstBody, secondBody) {
		t.Errorf("replay differs:\n%s\n%s", firstBody, secondBody)
	}
	if n := e.linkCount(key); n != 1 {
		t.Errorf("%d links after a replay", n)
	}

	resp, raw := e.request("POST", "/v2/payment-links", key, linkRequest("61.00"), h)
	if resp.StatusCode != http.StatusBadRequest || decodeError(t, raw).Status != 400 {
		t.Errorf("same key, other body: %d %s", resp.StatusCode, raw)
	}
	resp, _ = e.request("POST", "/v2/payments", key, paymentRequest("60.00"), h)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("same key, other endpoint: %d", resp.StatusCode)
	}
}

func TestIdempotencyReplaysRefusalsToo(t *testing.T) {
	e := newEnv(t, Options{})
	h := idemHeader("k-refused")
	bad := with(linkRequest("1.00"), "description", nil)
	first, _ := e.request("POST", "/v2/payment-links", e.sim.TestKey(), bad, h)
	second, _ := e.request("POST", "/v2/payment-links", e.sim.TestKey(), bad, h)
	if first.StatusCode != 422 || second.StatusCode != 422 || second.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("422 replay: %d, %d %q", first.StatusCode, second.StatusCode, second.Header.Get("Idempotent-Replayed"))
	}
}

func TestIdempotencyKeyScopeAndWindow(t *testing.T) {
	e := newEnv(t, Options{})
	other := "test_anotheraccountanotheraccount00"
	e.sim.AddKey(other)
	h := idemHeader("shared-key")
	e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("5.00"), h)
	resp, _ := e.request("POST", "/v2/payment-links", other, linkRequest("5.00"), h)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("another API key shares the idempotency key: %d %q", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
	}

	e.clock.Advance(59 * time.Minute)
	resp, _ = e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("5.00"), h)
	if resp.Header.Get("Idempotent-Replayed") != "true" {
		t.Error("forgotten within the hour")
	}
	e.clock.Advance(2 * time.Minute)
	resp, _ = e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("5.00"), h)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("remembered after the hour: %d %q", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
	}
	if n := e.linkCount(e.sim.TestKey()); n != 3 {
		t.Errorf("%d links, want 3", n)
	}
}

// heldSleep replaces the latency sleep so that a test decides when a slow
// request goes on, without measuring time.
type heldSleep struct {
	entered chan time.Duration
	release chan struct{}
}

func holdLatency(e *env) *heldSleep {
	h := &heldSleep{entered: make(chan time.Duration, 4), release: make(chan struct{})}
	e.sim.sleep = func(d time.Duration) {
		h.entered <- d
		<-h.release
	}
	return h
}

func (h *heldSleep) await(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-h.entered:
		return d
	case <-time.After(20 * time.Second):
		t.Fatal("no request reached the latency sleep")
		return 0
	}
}

func TestIdempotencyConflictWhileFirstIsRunning(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{Latency: 2 * time.Second}})
	held := holdLatency(e)
	h := idemHeader("slow-key")

	type result struct {
		status int
		body   []byte
	}
	done := make(chan result, 1)
	go func() {
		resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("7.00"), h)
		done <- result{resp.StatusCode, raw}
	}()
	if d := held.await(t); d != 2*time.Second {
		t.Errorf("latency slept %v", d)
	}

	resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("7.00"), h)
	if resp.StatusCode != http.StatusConflict || decodeError(t, raw).Status != 409 {
		t.Errorf("second request while the first runs: %d %s", resp.StatusCode, raw)
	}
	close(held.release)
	first := <-done
	if first.status != http.StatusCreated {
		t.Fatalf("first request: %d %s", first.status, first.body)
	}
	resp, raw = e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("7.00"), h)
	if resp.StatusCode != http.StatusCreated || !bytes.Equal(raw, first.body) {
		t.Errorf("replay after the first finished: %d", resp.StatusCode)
	}
}

func TestRequestCompletesWhenClientLeavesDuringLatency(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{Latency: time.Second}})
	held := holdLatency(e)
	h := idemHeader("client-gave-up")

	ctx, cancel := context.WithCancel(context.Background())
	raw, _ := json.Marshal(linkRequest("8.00"))
	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/v2/payment-links", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+e.sim.TestKey())
	req.Header.Set("Idempotency-Key", h["Idempotency-Key"])
	errc := make(chan error, 1)
	go func() {
		resp, err := e.srv.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	held.await(t)
	cancel()
	if err := <-errc; err == nil {
		t.Fatal("the client request did not fail after cancel")
	}
	e.sim.SetFaults(Faults{})
	close(held.release)

	waitFor(t, "the abandoned request to finish", func() bool {
		e.sim.mu.Lock()
		defer e.sim.mu.Unlock()
		return len(e.sim.linkOrder[modeTest]) == 1 && e.sim.idem.entries[e.sim.TestKey()+"\x00client-gave-up"].done
	})
	resp, _ := e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("8.00"), h)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry after the client left: %d %q", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
	}
	if n := e.linkCount(e.sim.TestKey()); n != 1 {
		t.Errorf("%d links, want 1", n)
	}
}

func TestFaultsAreNotRememberedForIdempotency(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{FailRate: 1}})
	h := idemHeader("after-a-500")
	resp, _ := e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("9.00"), h)
	if resp.StatusCode < 500 {
		t.Fatalf("fault not applied: %d", resp.StatusCode)
	}
	e.sim.SetFaults(Faults{})
	resp, _ = e.request("POST", "/v2/payment-links", e.sim.TestKey(), linkRequest("9.00"), h)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("retry after a 5xx: %d %q", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
	}
}
