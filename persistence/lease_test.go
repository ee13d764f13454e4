package persistence

import (
	"context"
	"testing"
	"time"
)

func TestLeaseLifecycle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ttl := 30 * time.Second
	acquire := func(holder string, now time.Time) bool {
		t.Helper()
		ok, err := s.AcquireLease(ctx, "sync", holder, now, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	lease := func() (string, time.Time) {
		t.Helper()
		h, until, err := s.Lease(ctx, "sync")
		if err != nil {
			t.Fatal(err)
		}
		return h, until
	}

	if h, until := lease(); h != "" || !until.IsZero() {
		t.Fatalf("lease before anyone took it: %q until %v", h, until)
	}
	if !acquire("a", t0) {
		t.Fatal("a could not take a free lease")
	}
	if h, until := lease(); h != "a" || !until.Equal(t0.Add(ttl)) {
		t.Fatalf("lease = %q until %v", h, until)
	}
	if acquire("b", t0.Add(10*time.Second)) {
		t.Fatal("b took a's running lease")
	}
	if !acquire("a", t0.Add(20*time.Second)) {
		t.Fatal("a could not renew")
	}
	if _, until := lease(); !until.Equal(t0.Add(20*time.Second + ttl)) {
		t.Fatalf("renewed until %v", until)
	}
	if acquire("b", t0.Add(20*time.Second+ttl)) {
		t.Fatal("b took the lease at the very moment it ends")
	}
	if !acquire("b", t0.Add(20*time.Second+ttl+time.Nanosecond)) {
		t.Fatal("b could not take over a lease that ran out")
	}
	if h, _ := lease(); h != "b" {
		t.Fatalf("holder after takeover = %q", h)
	}

	if err := s.ReleaseLease(ctx, "sync", "a"); err != nil {
		t.Fatal(err)
	}
	if h, _ := lease(); h != "b" {
		t.Fatal("a released b's lease")
	}
	if err := s.ReleaseLease(ctx, "sync", "b"); err != nil {
		t.Fatal(err)
	}
	if h, _ := lease(); h != "" {
		t.Fatalf("holder after release = %q", h)
	}
	if !acquire("a", t0.Add(time.Minute)) {
		t.Fatal("a could not take the released lease")
	}
	if _, err := s.AcquireLease(ctx, "sync", "", t0, ttl); err == nil {
		t.Fatal("an empty holder was accepted")
	}
}

func TestSettings(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if v, err := s.Setting(ctx, "language"); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v", v, err)
	}
	for _, v := range []string{"de", "nl"} {
		if err := s.SetSetting(ctx, "language", v); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Setting(ctx, "language"); got != v {
			t.Fatalf("setting = %q, want %q", got, v)
		}
	}
	if err := s.SetSetting(ctx, "language", ""); err != nil {
		t.Fatal(err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM settings`).Scan(&n)
	if n != 0 {
		t.Fatal("an empty value did not remove the setting")
	}
}
