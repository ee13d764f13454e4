package molliesim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure a Server.
type Options struct {
	// Now is the simulator's clock; nil means time.Now. Tests inject a fake
	// clock and move it to make payments expire or settle.
	Now func() time.Time
	// AllowLoopbackWebhooks accepts any http(s) webhookUrl, loopback and
	// private addresses included. Mollie never does; tests and the demo need it.
	AllowLoopbackWebhooks bool
	Faults                Faults
	// Seed drives the random fault decisions and the API keys; 0 is a fixed default.
	Seed int64
	// WebhookRetryDelays is the compressed retry schedule (real time); nil
	// means a short default. At most ten attempts are made in all.
	WebhookRetryDelays []time.Duration
	// PendingSettleAfter is how long (sim clock) a "pending" payment waits
	// before it becomes paid; 0 means 20s.
	PendingSettleAfter time.Duration
}

// Faults make the simulator misbehave the way a real network and API can.
type Faults struct {
	Latency       time.Duration // added to every API request (not to hosted pages)
	FailRate      float64       // share of API requests answered 500 or 503
	RateLimitRate float64       // share of API requests answered 429
	RetryAfter    time.Duration // Retry-After of a 429, whole seconds, at least 1
	DropWebhooks  float64       // share of webhook deliveries silently never sent
}

// Server is the simulated Mollie. It is an http.Handler; all methods are
// safe for concurrent use.
type Server struct {
	opts      Options
	now       func() time.Time
	sleep     func(time.Duration) // time.Sleep; tests hold requests here
	profileID string
	// profileStatus is what GET /v2/profiles/me reports: verified,
	// unverified (test payments only) or blocked. Guarded by mu.
	profileStatus string
	testKey       string
	liveKey       string
	mux           *http.ServeMux
	hookHTTP      *http.Client

	// done ends background work when Close is called.
	done      context.Context
	closeDone context.CancelFunc
	wg        sync.WaitGroup
	wake      chan struct{} // nudges the webhook loop when work arrives

	// mu guards everything below. It is never held while sleeping for
	// latency or while talking to a webhook receiver.
	mu              sync.Mutex
	closed          bool
	running         bool
	base            string
	faults          Faults
	rng             *rand.Rand // API fault decisions
	hookRng         *rand.Rand // webhook drops, apart so delivery timing cannot shift API faults
	custRng         *rand.Rand // seeds for SimulateCustomers
	keys            map[string]keyState
	payments        map[string]*payment
	links           map[string]*link
	payOrder        map[string][]*payment // per mode, oldest first
	linkOrder       map[string][]*link    // per mode, oldest first
	refunds         map[string]*refund
	refundOrder     map[string][]*refund // per mode, oldest first
	chargebacks     map[string]*chargeback
	chargebackOrder map[string][]*chargeback // per mode, oldest first
	events          eventQueue
	idem            idempotencyStore
	counters        map[string]int
	total           int
	hooks           []*delivery
	feeds           []*customerFeed
}

type keyState struct {
	mode    string
	revoked bool
}

const (
	modeTest = "test"
	modeLive = "live"
)

// New makes a simulator with one test and one live key. No goroutine runs
// until Run or SimulateCustomers is called.
func New(opts Options) *Server {
	seed := opts.Seed
	if seed == 0 {
		seed = 20180313
	}
	if opts.PendingSettleAfter <= 0 {
		opts.PendingSettleAfter = 20 * time.Second
	}
	if opts.WebhookRetryDelays == nil {
		opts.WebhookRetryDelays = defaultRetryDelays
	}
	keyRand := rand.New(rand.NewPCG(uint64(seed), 0x6b657973))
	s := &Server{
		opts:            opts,
		now:             opts.Now,
		sleep:           time.Sleep,
		profileID:       "pfl_" + randomToken(keyRand.IntN, 10),
		profileStatus:   "verified",
		testKey:         "test_" + randomToken(keyRand.IntN, 30),
		liveKey:         "live_" + randomToken(keyRand.IntN, 30),
		hookHTTP:        newWebhookClient(),
		wake:            make(chan struct{}, 1),
		faults:          opts.Faults,
		rng:             rand.New(rand.NewPCG(uint64(seed), 0x6661756c)),
		hookRng:         rand.New(rand.NewPCG(uint64(seed), 0x686f6f6b)),
		custRng:         rand.New(rand.NewPCG(uint64(seed), 0x63757374)),
		keys:            map[string]keyState{},
		payments:        map[string]*payment{},
		links:           map[string]*link{},
		payOrder:        map[string][]*payment{},
		linkOrder:       map[string][]*link{},
		refunds:         map[string]*refund{},
		refundOrder:     map[string][]*refund{},
		chargebacks:     map[string]*chargeback{},
		chargebackOrder: map[string][]*chargeback{},
		idem:            newIdempotencyStore(),
		counters:        map[string]int{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.done, s.closeDone = context.WithCancel(context.Background())
	s.keys[s.testKey] = keyState{mode: modeTest}
	s.keys[s.liveKey] = keyState{mode: modeLive}
	s.mux = s.routes()
	return s
}

// SetBaseURL sets the absolute base of every href the simulator hands out.
// Until it is set, hrefs are built from the request's Host.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = strings.TrimRight(u, "/")
}

// TestKey is an accepted API key in test mode.
func (s *Server) TestKey() string { return s.testKey }

// LiveKey is an accepted API key in live mode.
func (s *Server) LiveKey() string { return s.liveKey }

// AddKey accepts another API key; its prefix ("test_" or "live_") decides
// its mode. A key with neither prefix is ignored, as Mollie would refuse it.
func (s *Server) AddKey(key string) {
	mode, ok := keyMode(key)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = keyState{mode: mode}
}

// RevokeKey makes key answer 401 from now on.
func (s *Server) RevokeKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[key]; ok {
		k.revoked = true
		s.keys[key] = k
	}
}

func keyMode(key string) (string, bool) {
	switch {
	case strings.HasPrefix(key, "test_") && len(key) > len("test_"):
		return modeTest, true
	case strings.HasPrefix(key, "live_") && len(key) > len("live_"):
		return modeLive, true
	}
	return "", false
}

// SetFaults replaces the fault settings; requests already sleeping keep
// the latency they started with.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Counters tells how many API requests each endpoint received, keyed like
// "GET /v2/payments/{id}". Faulted and refused requests count too.
func (s *Server) Counters() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counters))
	for k, v := range s.counters {
		out[k] = v
	}
	return out
}

// ResetCounters sets every counter and the total back to zero.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.counters)
	s.total = 0
}

// TotalRequests is the number of API requests (paths under /v2/) received,
// including ones to unknown routes; hosted pages are not counted.
func (s *Server) TotalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Close stops webhook deliveries, the ticker and simulated customers, and
// waits for them. Queued deliveries are dropped. The handler keeps
// answering requests.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.hooks = nil
	s.mu.Unlock()
	s.closeDone()
	s.wg.Wait()
	s.hookHTTP.CloseIdleConnections()
}

// spawnLocked runs f in a goroutine that Close waits for, unless the
// server is already closed; checking under s.mu keeps wg.Add from racing
// Close's wg.Wait.
func (s *Server) spawnLocked(f func()) bool {
	if s.closed {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomToken(intN func(int) int, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenAlphabet[intN(len(tokenAlphabet))]
	}
	return string(b)
}

// SetProfileStatus sets the profile's status as GET /v2/profiles/me reports
// it: "verified", "unverified" (an account that may take test payments only)
// or "blocked".
func (s *Server) SetProfileStatus(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profileStatus = status
}
