package molliesim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/mock"
)

// t0 is the fake clock's start.
var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// env is a simulator behind a real HTTP server with a fake clock.
type env struct {
	t     *testing.T
	sim   *Server
	srv   *httptest.Server
	clock *mock.Clock
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	clock := mock.NewClock(t0)
	opts.Now = clock.Now
	sim := New(opts)
	srv := httptest.NewServer(sim)
	sim.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		sim.Close()
		srv.Close()
	})
	return &env{t: t, sim: sim, srv: srv, clock: clock}
}

// request sends an API request with key ("" for none) and a JSON body.
func (e *env) request(method, path, key string, body any, header map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read body: %v", err)
	}
	return resp, raw
}

// call sends a request with the test key and decodes the answer into out.
func (e *env) call(method, path string, body any, want int, out any) {
	e.t.Helper()
	resp, raw := e.request(method, path, e.sim.TestKey(), body, nil)
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
}

// form posts a form to a hosted page or test endpoint.
func (e *env) form(path string, values url.Values) (int, string) {
	e.t.Helper()
	resp, err := e.srv.Client().PostForm(e.srv.URL+path, values)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func (e *env) page(path string) (int, string) {
	e.t.Helper()
	resp, err := e.srv.Client().Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func (e *env) createLink(body map[string]any) linkView {
	e.t.Helper()
	var l linkView
	e.call("POST", "/v2/payment-links", body, http.StatusCreated, &l)
	return l
}

func (e *env) createPayment(body map[string]any) paymentView {
	e.t.Helper()
	var p paymentView
	e.call("POST", "/v2/payments", body, http.StatusCreated, &p)
	return p
}

func (e *env) getPayment(id string) paymentView {
	e.t.Helper()
	var p paymentView
	e.call("GET", "/v2/payments/"+id, nil, http.StatusOK, &p)
	return p
}

func (e *env) getLink(id string) linkView {
	e.t.Helper()
	var l linkView
	e.call("GET", "/v2/payment-links/"+id, nil, http.StatusOK, &l)
	return l
}

func (e *env) pay(id, outcome, method string) string {
	e.t.Helper()
	tr, err := e.sim.Pay(id, outcome, method)
	if err != nil {
		e.t.Fatalf("Pay(%s, %s): %v", id, outcome, err)
	}
	return tr
}

func linkRequest(value string) map[string]any {
	return map[string]any{
		"description": "INV-2025-001 Acme B.V.",
		"amount":      map[string]string{"currency": "EUR", "value": value},
	}
}

func paymentRequest(value string) map[string]any {
	return map[string]any{
		"description": "INV-2025-002 Acme B.V.",
		"amount":      map[string]string{"currency": "EUR", "value": value},
		"redirectUrl": "https://shop.example.org/thanks",
		"metadata":    map[string]string{"invoice_id": "42", "invoice_number": "INV-2025-002"},
	}
}

type hal struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

type paymentView struct {
	Resource          string          `json:"resource"`
	ID                string          `json:"id"`
	Mode              string          `json:"mode"`
	Status            string          `json:"status"`
	Description       string          `json:"description"`
	CreatedAt         string          `json:"createdAt"`
	ExpiresAt         string          `json:"expiresAt"`
	PaidAt            string          `json:"paidAt"`
	CanceledAt        string          `json:"canceledAt"`
	ExpiredAt         string          `json:"expiredAt"`
	FailedAt          string          `json:"failedAt"`
	AuthorizedAt      string          `json:"authorizedAt"`
	Method            *string         `json:"method"`
	IsCancelable      bool            `json:"isCancelable"`
	Amount            amountJSON      `json:"amount"`
	AmountRefunded    *amountJSON     `json:"amountRefunded"`
	AmountRemaining   *amountJSON     `json:"amountRemaining"`
	AmountChargedBack *amountJSON     `json:"amountChargedBack"`
	Metadata          json.RawMessage `json:"metadata"`
	ProfileID         string          `json:"profileId"`
	RedirectURL       string          `json:"redirectUrl"`
	WebhookURL        string          `json:"webhookUrl"`
	PaymentLinkID     string          `json:"paymentLinkId"`
	Links             map[string]*hal `json:"_links"`
}

type linkView struct {
	Resource       string          `json:"resource"`
	ID             string          `json:"id"`
	Mode           string          `json:"mode"`
	Description    string          `json:"description"`
	Amount         amountJSON      `json:"amount"`
	MinimumAmount  *amountJSON     `json:"minimumAmount"`
	Archived       bool            `json:"archived"`
	Reusable       bool            `json:"reusable"`
	AllowedMethods []string        `json:"allowedMethods"`
	CreatedAt      string          `json:"createdAt"`
	PaidAt         *string         `json:"paidAt"`
	ExpiresAt      *string         `json:"expiresAt"`
	ProfileID      string          `json:"profileId"`
	WebhookURL     string          `json:"webhookUrl"`
	Links          map[string]*hal `json:"_links"`
}

type listView[T any] struct {
	Count    int            `json:"count"`
	Embedded map[string][]T `json:"_embedded"`
	Links    struct {
		Self          *hal `json:"self"`
		Previous      *hal `json:"previous"`
		Next          *hal `json:"next"`
		Documentation *hal `json:"documentation"`
	} `json:"_links"`
}

type errorView struct {
	Status int             `json:"status"`
	Title  string          `json:"title"`
	Detail string          `json:"detail"`
	Field  string          `json:"field"`
	Links  map[string]*hal `json:"_links"`
}

func decodeError(t *testing.T, raw []byte) errorView {
	t.Helper()
	var ev errorView
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatalf("decode error body %s: %v", raw, err)
	}
	return ev
}

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
