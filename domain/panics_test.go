package domain_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
)

// brokenService talks to a Mollie client that panics as soon as it is
// made, and records what OnPanic is told.
func brokenService(t *testing.T, store domain.Store) (*domain.Service, func() []*domain.PanicError) {
	t.Helper()
	if err := store.SetSetting(t.Context(), domain.SettingIntegration, "on"); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var told []*domain.PanicError
	svc := domain.NewService(domain.ServiceConfig{
		Store:          store,
		Gateways:       func(string) domain.Gateway { panic("the client broke") },
		APIKeyOverride: "test_" + strings.Repeat("x", 30),
		OnPanic: func(p *domain.PanicError) {
			mu.Lock()
			defer mu.Unlock()
			told = append(told, p)
		},
	})
	return svc, func() []*domain.PanicError {
		mu.Lock()
		defer mu.Unlock()
		return append([]*domain.PanicError(nil), told...)
	}
}

func pollUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// panicRow finds the integration log's error row of a contained panic in job.
func panicRow(t *testing.T, svc *domain.Service, job domain.Event) *domain.LogEntry {
	t.Helper()
	rows, err := svc.Log(t.Context(), domain.LogFilter{Level: domain.LevelError})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Event == job && r.Says.Key == "log.panic" {
			return &r
		}
	}
	return nil
}

// A panic in a sync cycle is contained: the loop goes on, the cycle counts
// as failed (so headers say sync is failing), and the log keeps an error
// row with the stack.
func TestSyncLoopContainsAPanic(t *testing.T) {
	store := mock.NewStore()
	svc, told := brokenService(t, store)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- svc.RunSync(ctx, "here") }()

	var last domain.SyncReport
	pollUntil(t, "a failed sync cycle", func() bool {
		st, err := svc.SyncState(t.Context(), "here")
		last = st.Last
		return err == nil && last.Err != nil
	})
	var p *domain.PanicError
	if !errors.As(last.Err, &p) || p.Job != domain.EventSync || p.Value != "the client broke" {
		t.Fatalf("the cycle failed with %v, want the contained panic", last.Err)
	}
	row := panicRow(t, svc, domain.EventSync)
	if row == nil {
		t.Fatal("no error row for the panic")
	}
	if !strings.Contains(row.Message, "panics_test.go") || row.Says.Facts[1] != "the client broke" {
		t.Errorf("the row lacks the panic or its stack: %+v", *row)
	}
	if len(told()) == 0 {
		t.Error("OnPanic was not told")
	}
	select {
	case err := <-done:
		t.Fatalf("the sync loop stopped: %v", err)
	default:
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("the sync loop ended with %v", err)
	}
}

// A panic while handling a webhook becomes that webhook's error.
func TestWebhookContainsAPanic(t *testing.T) {
	store := mock.NewStore()
	svc, told := brokenService(t, store)
	err := svc.HandleWebhook(t.Context(), "tr_unknown", "")
	var p *domain.PanicError
	if !errors.As(err, &p) || p.Job != domain.EventWebhook {
		t.Fatalf("HandleWebhook returned %v, want the contained panic", err)
	}
	if panicRow(t, svc, domain.EventWebhook) == nil {
		t.Error("no error row for the panic")
	}
	if len(told()) != 1 {
		t.Errorf("OnPanic was told %d times, want once", len(told()))
	}
}

// stoppingStore's first change watcher stops at once, as one that
// contained a panic does; the later ones work.
type stoppingStore struct {
	*mock.Store
	calls    atomic.Int32
	watchers atomic.Int32 // counted once a watcher has taken its baseline
}

func (s *stoppingStore) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	if s.calls.Add(1) == 1 {
		s.watchers.Add(1)
		ch := make(chan struct{})
		close(ch)
		return ch
	}
	// A write made before the watcher took its baseline is not a change
	// to it: the test writes only after this count says it is watching.
	ch := s.Store.Changes(ctx, 10*time.Millisecond)
	s.watchers.Add(1)
	return ch
}

// The Service replaces a change watcher that stopped, and tells one change
// for what happened meanwhile; later changes arrive as before.
func TestChangesOutliveAStoppedWatcher(t *testing.T) {
	store := &stoppingStore{Store: mock.NewStore()}
	svc := domain.NewService(domain.ServiceConfig{Store: store})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	changes := svc.Changes(ctx, 10*time.Millisecond)
	recv := func(what string) {
		t.Helper()
		select {
		case _, ok := <-changes:
			if !ok {
				t.Fatalf("the changes channel closed before %s", what)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("timed out waiting for %s", what)
		}
	}
	recv("the change told after the watcher stopped")
	pollUntil(t, "a new watcher", func() bool { return store.watchers.Load() >= 2 })
	// Drain a pending signal so that the next one is the write's.
	select {
	case <-changes:
	default:
	}
	if err := store.SetSetting(ctx, domain.SettingLogDays, "30"); err != nil {
		t.Fatal(err)
	}
	recv("the write made after the restart")
	cancel()
	for range changes {
	}
}
