package mollie

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

const (
	testKey = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"
	liveKey = "live_Bf9xJq3TzWm8RkP2sLd7VnC4gH6yAeQ1"
)

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sleepRecorder replaces real waiting and remembers each wait.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// logRecorder is a Logf that keeps every line.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logRecorder) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func gatewayError(t *testing.T, err error) *domain.GatewayError {
	t.Helper()
	var ge *domain.GatewayError
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not a *domain.GatewayError", err, err)
	}
	return ge
}
