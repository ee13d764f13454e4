// Package mollie talks to the Mollie API v2 for one API key (it implements
// domain.Gateway) and receives Mollie's webhooks.
package mollie

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Version goes into the default User-Agent; the binary may set it at link
// time (-ldflags "-X github.com/paydesk/paydesk/mollie.Version=…").
var Version = "0.1.0"

const (
	defaultBaseURL     = "https://api.mollie.com"
	defaultTimeout     = 30 * time.Second
	defaultRetryBudget = 20 * time.Second
	// maxPageLimit is the largest page Mollie serves; fewer pages mean fewer
	// requests against the rate limit.
	maxPageLimit = 250
)

// Config says how a Client reaches Mollie. Only APIKey is required.
type Config struct {
	BaseURL   string        // default "https://api.mollie.com"
	APIKey    string        // test_… or live_…
	UserAgent string        // default "paydesk/<Version> Go/<go version>"
	Timeout   time.Duration // per request attempt; default 30s
	// RetryBudget bounds what retries of one call may take, waits and
	// attempts together, after the first attempt failed; default 20s. A call
	// therefore ends within Timeout + RetryBudget.
	RetryBudget time.Duration
	HTTPClient  *http.Client // default: a client that follows no redirects
	// Logf receives debug lines (method, path, status, retries); never the key.
	Logf func(format string, args ...any)
	// Sleep waits between retries; tests replace it. Default: a timer that
	// stops early when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// String keeps the key out of any %v of a Config.
func (c Config) String() string {
	return fmt.Sprintf("mollie.Config{BaseURL: %q, APIKey: %q}", c.BaseURL, domain.MaskKey(c.APIKey))
}

// GoString keeps the key out of %#v too.
func (c Config) GoString() string { return c.String() }

// Client is the Mollie API for one key. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	key         string
	mode        domain.Mode
	userAgent   string
	timeout     time.Duration
	retryBudget time.Duration
	http        *http.Client
	logf        func(format string, args ...any)
	sleep       func(ctx context.Context, d time.Duration) error
	scrub       scrubber
	// pageLimit is the page size asked of list endpoints; tests lower it to
	// cross page boundaries with few objects.
	pageLimit int
}

var _ domain.Gateway = (*Client)(nil)

// New checks the key's format and the base URL and builds a Client. It does
// not contact Mollie; Profile is the cheap way to check a key for real.
func New(cfg Config) (*Client, error) {
	if err := CheckKeyFormat(cfg.APIKey); err != nil {
		return nil, err
	}
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		key:         cfg.APIKey,
		mode:        domain.KeyMode(cfg.APIKey),
		userAgent:   cfg.UserAgent,
		timeout:     cfg.Timeout,
		retryBudget: cfg.RetryBudget,
		http:        cfg.HTTPClient,
		logf:        cfg.Logf,
		sleep:       cfg.Sleep,
		scrub:       newScrubber(cfg.APIKey),
		pageLimit:   maxPageLimit,
	}
	if c.userAgent == "" {
		c.userAgent = "paydesk/" + Version + " Go/" + strings.TrimPrefix(runtime.Version(), "go")
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if c.retryBudget <= 0 {
		c.retryBudget = defaultRetryBudget
	}
	if c.http == nil {
		c.http = &http.Client{Transport: keepAlive, CheckRedirect: refuseRedirect}
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	return c, nil
}

// String keeps the key out of any %v of a Client.
func (c *Client) String() string {
	return fmt.Sprintf("mollie.Client{%s, key %s}", c.base, domain.MaskKey(c.key))
}

// GoString keeps the key out of %#v too.
func (c *Client) GoString() string { return c.String() }

// Mode is the mode of the client's key.
func (c *Client) Mode() domain.Mode { return c.mode }

// parseBaseURL accepts https anywhere and plain http only on the loopback
// interface (the local simulator), so a key never crosses a network in clear.
func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = defaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("mollie: base URL %q: %w", raw, err)
	}
	switch {
	case u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("mollie: base URL %q must be an absolute https URL", raw)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("mollie: base URL %q must not carry credentials, a query or a fragment", u.Redacted())
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("mollie: base URL %q must use https (plain http is only for a simulator on this machine)", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keepAlive is the transport every Client without its own HTTPClient
// shares. The standard transport keeps two idle connections per host, so
// webhooks handled side by side (serve runs dozens of workers) closed
// nearly every connection after one request and dialled (and on
// api.mollie.com shook TLS hands) for the next: the dial cost more than
// the request. Keeping as many idle connections as there are concurrent
// callers reuses them instead.
var keepAlive = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxIdlePerHost
	t.MaxIdleConns = 2 * maxIdlePerHost
	return t
}()

// maxIdlePerHost is above the number of webhook workers 'paydesk serve'
// runs, so a burst of them finds a connection waiting.
const maxIdlePerHost = 128

// refuseRedirect hands a redirect back as the answer: Mollie's API never
// redirects, and following one would drop a POST body.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// debugf formats a debug line and scrubs it before Logf sees it.
func (c *Client) debugf(format string, args ...any) {
	if c.logf == nil {
		return
	}
	c.logf("%s", c.scrub.scrub(fmt.Sprintf(format, args...)))
}

// endpoint is the absolute URL of an API path such as "/v2/payments".
func (c *Client) endpoint(path string, query url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	return u.String()
}
