package main

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[99-i] = time.Duration(i+1) * time.Millisecond // 100 … 1, unsorted
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {1, time.Millisecond}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("p%.0f = %s, want %s", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 99); got != 0 {
		t.Errorf("p99 of nothing = %s", got)
	}
	if ds[0] != 100*time.Millisecond {
		t.Error("percentile sorted its input in place")
	}
}

func TestCheckDefaultsOneWebhookPerLink(t *testing.T) {
	c := config{paydesk: "paydesk", rate: 600, duration: 10 * time.Second, workers: 1}
	if err := c.check(); err != nil {
		t.Fatal(err)
	}
	if c.links != 6000 {
		t.Errorf("links = %d, want 6000", c.links)
	}
	c = config{paydesk: "paydesk", rate: 600, duration: time.Second, workers: 1, simURL: "http://127.0.0.1:1"}
	if err := c.check(); err == nil {
		t.Error("-sim without -sim-key was accepted")
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:12111", "http://localhost:1", "http://[::1]:2"} {
		if err := loopbackOnly(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1:1", "https://api.mollie.com", "nonsense"} {
		if err := loopbackOnly(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
