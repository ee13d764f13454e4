package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mock"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/persistence"
)

// t0 is where the shared fake clock starts.
var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// deadline bounds every scenario; generous, because the machine may be busy.
const deadline = 2 * time.Minute

// lines collects the mollie client's debug output.
type lines struct {
	mu  sync.Mutex
	all []string
}

func (l *lines) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, fmt.Sprintf(format, args...))
}

func (l *lines) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.all...)
}

// env is one simulated Mollie account and one paydesk database file.
type env struct {
	t      *testing.T
	ctx    context.Context
	sim    *molliesim.Server
	base   string
	clock  *mock.Clock
	dbPath string
	debug  *lines
	mollie mollie.Config
}

type envOptions struct {
	sim         molliesim.Options
	timeout     time.Duration // per request; default 20s
	retryBudget time.Duration // default 3s
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	t.Cleanup(cancel)
	clock := mock.NewClock(t0)
	if o.sim.Now == nil {
		o.sim.Now = clock.Now
	}
	sim := molliesim.New(o.sim)
	srv := httptest.NewServer(sim)
	sim.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		sim.Close()
		srv.Close()
	})
	if o.timeout == 0 {
		o.timeout = 20 * time.Second
	}
	if o.retryBudget == 0 {
		o.retryBudget = 3 * time.Second
	}
	debug := &lines{}
	return &env{t: t, ctx: ctx, sim: sim, base: srv.URL, clock: clock,
		dbPath: filepath.Join(t.TempDir(), "paydesk.db"), debug: debug,
		mollie: mollie.Config{BaseURL: srv.URL, UserAgent: "paydesk-integration/1 Go/test",
			Timeout: o.timeout, RetryBudget: o.retryBudget, Logf: debug.logf}}
}

// open is one paydesk process: its own connection to the database file and
// its own Service.
func (e *env) open(actor string) *domain.Service {
	e.t.Helper()
	return e.openWith(actor, mollie.Gateways(e.mollie), "")
}

func (e *env) openWith(actor string, gateways domain.GatewayFactory, keyOverride string) *domain.Service {
	e.t.Helper()
	st, err := persistence.Open(e.ctx, e.dbPath, persistence.Options{})
	if err != nil {
		e.t.Fatalf("open the database: %v", err)
	}
	e.t.Cleanup(func() { _ = st.Close() })
	var clock domain.Clock // nil: the system clock
	if e.clock != nil {
		clock = e.clock
	}
	return domain.NewService(domain.ServiceConfig{Store: st, Gateways: gateways, Clock: clock,
		Actor: actor, APIKeyOverride: keyOverride})
}

// connected opens a process with the integration on and the test key stored.
func (e *env) connected(actor string) *domain.Service {
	e.t.Helper()
	svc := e.open(actor)
	if err := svc.SetIntegration(e.ctx, true); err != nil {
		e.t.Fatalf("switch the integration on: %v", err)
	}
	prof, err := svc.Connect(e.ctx, e.sim.TestKey())
	if err != nil {
		e.t.Fatalf("connect: %v", err)
	}
	if prof.Mode != domain.ModeTest {
		e.t.Fatalf("connected in %s mode", prof.Mode)
	}
	return svc
}

func eur(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }

// invoice is an EUR invoice due in 30 days by the fake clock.
func invoice(number string, total int64) domain.Invoice {
	return domain.Invoice{Number: number, Customer: "Acme B.V.", Email: "ap@acme.example", Currency: "EUR",
		Total: eur(total), PaidOutside: eur(0), Kind: domain.KindInvoice,
		IssueDate: domain.Date(t0), DueDate: domain.Date(t0.AddDate(0, 0, 30)),
		SourceFile: "march.csv", SourceLine: 2}
}

func (e *env) importInvoices(svc *domain.Service, invs ...domain.Invoice) {
	e.t.Helper()
	if _, err := svc.Import(e.ctx, invs); err != nil {
		e.t.Fatalf("import: %v", err)
	}
}

func (e *env) create(svc *domain.Service, number string) domain.PayResult {
	e.t.Helper()
	res, err := svc.CreatePayment(e.ctx, number, domain.KindLink)
	if err != nil {
		e.t.Fatalf("CreatePayment(%s): %v", number, err)
	}
	if !strings.HasPrefix(res.Payment.MollieID, "pl_") || res.Payment.Status != domain.StatusOpen || res.Payment.URL == "" {
		e.t.Fatalf("CreatePayment(%s) = %s %s %q", number, res.Payment.MollieID, res.Payment.Status, res.Payment.URL)
	}
	return res
}

// paidLink creates a payment link for the invoice and has its customer pay
// it by iDEAL at the simulator; it returns the link and the payment's id.
func (e *env) paidLink(svc *domain.Service, number string) (domain.Payment, string) {
	e.t.Helper()
	link := e.create(svc, number).Payment
	tr, err := e.sim.Pay(link.MollieID, "paid", "ideal")
	if err != nil {
		e.t.Fatalf("pay %s: %v", link.MollieID, err)
	}
	return link, tr
}

func (e *env) invoiceOf(svc *domain.Service, number string) domain.Invoice {
	e.t.Helper()
	inv, err := svc.Invoice(e.ctx, number)
	if err != nil {
		e.t.Fatalf("Invoice(%s): %v", number, err)
	}
	return inv
}

func (e *env) payments(svc *domain.Service, number string) []domain.Payment {
	e.t.Helper()
	ps, err := svc.Payments(e.ctx, domain.PaymentFilter{InvoiceNumber: number})
	if err != nil {
		e.t.Fatalf("Payments(%s): %v", number, err)
	}
	return ps
}

// payAtCheckout is the customer on the hosted page, over HTTP.
func (e *env) payAtCheckout(pageURL, outcome, method string) {
	e.t.Helper()
	if !strings.HasPrefix(pageURL, e.base+"/") {
		e.t.Fatalf("payment URL %q is not the simulator's", pageURL)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(pageURL, url.Values{"outcome": {outcome}, "method": {method}})
	if err != nil {
		e.t.Fatalf("POST %s: %v", pageURL, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("POST %s outcome=%s: %d %s", pageURL, outcome, resp.StatusCode, body)
	}
}

// pageStatus is what a customer opening the payment URL gets.
func (e *env) pageStatus(pageURL string) int {
	e.t.Helper()
	resp, err := http.Get(pageURL)
	if err != nil {
		e.t.Fatalf("GET %s: %v", pageURL, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// simGet reads an object straight from the simulator's API, bypassing the
// client under test.
func (e *env) simGet(key, path string) (int, map[string]any) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.base+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatalf("GET %s: decode: %v", path, err)
	}
	return resp.StatusCode, out
}

// simLinks lists every payment link of the key's mode at the simulator.
func (e *env) simLinks(key string) []map[string]any {
	e.t.Helper()
	var all []map[string]any
	path := "/v2/payment-links?limit=250"
	for path != "" {
		code, page := e.simGet(key, path)
		if code != http.StatusOK {
			e.t.Fatalf("list links: %d %v", code, page)
		}
		embedded, _ := page["_embedded"].(map[string]any)
		items, _ := embedded["payment_links"].([]any)
		for _, it := range items {
			all = append(all, it.(map[string]any))
		}
		path = ""
		if links, ok := page["_links"].(map[string]any); ok {
			if next, ok := links["next"].(map[string]any); ok {
				href, _ := next["href"].(string)
				path = strings.TrimPrefix(href, e.base)
			}
		}
	}
	return all
}

// logs is the whole integration log, oldest first.
func (e *env) logs(svc *domain.Service, number string) []domain.LogEntry {
	e.t.Helper()
	entries, err := svc.Log(e.ctx, domain.LogFilter{InvoiceNumber: number})
	if err != nil {
		e.t.Fatalf("Log: %v", err)
	}
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	return entries
}

// findLog returns the first entry of the event whose message contains text.
// english reads log entries the way an English reader sees them.
var english = i18n.New("en")

func findLog(entries []domain.LogEntry, event domain.Event, text string) (domain.LogEntry, bool) {
	for _, le := range entries {
		if le.Event == event && strings.Contains(english.Log(le), text) {
			return le, true
		}
	}
	return domain.LogEntry{}, false
}

func dumpLog(entries []domain.LogEntry) string {
	var b strings.Builder
	for _, le := range entries {
		fmt.Fprintf(&b, "\n  %s %-5s %-14s %-8s %s %d %s", le.At.Format(time.TimeOnly), le.Level, le.Event, le.InvoiceNumber, le.MollieID, le.HTTPStatus, english.Log(le))
	}
	return b.String()
}

// waitFor polls cond until it holds or the scenario's deadline passes.
func (e *env) waitFor(what string, cond func() bool) {
	e.t.Helper()
	for !cond() {
		select {
		case <-e.ctx.Done():
			e.t.Fatalf("gave up waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}
