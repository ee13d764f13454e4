package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// faultProxy stands between paydesk and the simulator and spoils the answers
// to link creations after the simulator has made the link: what a Mollie
// that fails late, or a broken network path, looks like from paydesk.
type faultProxy struct {
	mu      sync.Mutex
	fault   string // "" passes through; "503" or "garbled"
	spoiled int    // creations that reached the simulator and were spoiled
	url     string
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	fp := &faultProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = fp.spoil
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	fp.url = srv.URL
	return fp
}

func (fp *faultProxy) set(fault string) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.fault = fault
}

func (fp *faultProxy) spoiledCount() int {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return fp.spoiled
}

// spoil replaces the simulator's answer to a successful link creation.
func (fp *faultProxy) spoil(resp *http.Response) error {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	req := resp.Request
	if fp.fault == "" || req.Method != http.MethodPost || req.URL.Path != "/v2/payment-links" || resp.StatusCode >= 300 {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	fp.spoiled++
	switch fp.fault {
	case "503":
		body = []byte(`{"status":503,"title":"Service Unavailable","detail":"The service is temporarily unavailable, please try again later","_links":{"documentation":{"href":"https://docs.mollie.com/overview/handling-errors","type":"text/html"}}}`)
		resp.StatusCode, resp.Status = http.StatusServiceUnavailable, "503 Service Unavailable"
		resp.Header.Set("Content-Type", "application/hal+json")
	case "garbled":
		body = body[:len(body)/2] // cut off mid-object
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return nil
}

// An answer that may mean "created" (a 503 after the link was made, or a
// success that cannot be read) keeps the intent and its Idempotency-Key; the
// next pay or sync finishes it, and the simulator holds exactly one link.
func TestUncertainCreateNeverMakesASecondLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault  string
		finish []string // the command that finishes the intent
	}{
		{"503", []string{"pay", "INV-9"}},
		{"garbled", []string{"sync"}},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			proxy := newFaultProxy(t, h.url)
			// paydesk talks to the proxy, and the links it hands out are on
			// the host it talks to.
			h.url = proxy.url
			h.sim.SetBaseURL(proxy.url)
			h.importInvoices("INV-9,Hooli,104.04")
			h.connect()

			proxy.set(tt.fault)
			r := h.fails("pay", "INV-9")
			if proxy.spoiledCount() == 0 {
				t.Fatalf("no creation reached the simulator:\n%s", r)
			}
			if !strings.Contains(r.stderr, "INV-9") || !strings.Contains(r.stderr, "never sent twice") {
				t.Errorf("the failed pay does not say the request is kept:\n%s", r)
			}
			var st statusJSON
			h.jsonOut(&st, "status", "INV-9", "--json")
			if st.Status == nil || *st.Status != "creating" {
				t.Fatalf("after an uncertain answer the intent should wait in creating: %+v", st)
			}
			if links := h.remoteLinks(); len(links) != 1 {
				t.Fatalf("the simulator holds %d links after the first pay, want 1", len(links))
			}

			proxy.set("")
			h.ok(tt.finish...)
			p := h.pay("INV-9")
			if p.Amount.Value != "104.04" || !p.Reused || p.URL == "" {
				t.Errorf("pay after the fault = %+v", p)
			}
			links := h.remoteLinks()
			if len(links) != 1 || links[0].ID != p.MollieID {
				t.Errorf("the simulator holds %d links (%+v), want only %s", len(links), links, p.MollieID)
			}
			var log []logJSON
			h.jsonOut(&log, "log", "--json", "--invoice", "INV-9")
			found := false
			for _, e := range log {
				found = found || (e.Event == "create" && strings.Contains(e.Message, "same idempotency key"))
			}
			if !found {
				t.Errorf("no log row says the request is kept: %+v", log)
			}
		})
	}
}

// A refund and then a chargeback of a link payment re-open the invoice after
// 'paydesk sync' alone, and a failed refund or a reversed chargeback settle
// it again: the payment names no link, so sync reads the link's payments
// once, follows the known payment through the payments list, and reads
// Mollie's refund and chargeback lists for what each still gives back.
func TestSyncSeesRefundsOfLinkPayments(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-7,Pied Piper,100.00")
	h.connect()
	p := h.pay("INV-7")
	tr, err := h.sim.Pay(p.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	outstanding := func() string {
		t.Helper()
		h.ok("sync")
		var st statusJSON
		h.jsonOut(&st, "status", "INV-7", "--json")
		return st.Outstanding.Value
	}
	if got := outstanding(); got != "0.00" {
		t.Fatalf("after paying, sync leaves %s outstanding", got)
	}
	refund, err := h.sim.CreateRefund(tr, "5.00")
	if err != nil {
		t.Fatal(err)
	}
	if got := outstanding(); got != "5.00" {
		t.Errorf("after a refund of 5.00, sync leaves %s outstanding", got)
	}
	// The bank sends the refund back: the money is the merchant's again.
	if err := h.sim.SetRefundStatus(refund, "failed"); err != nil {
		t.Fatal(err)
	}
	if got := outstanding(); got != "0.00" {
		t.Errorf("after the refund failed, sync leaves %s outstanding", got)
	}
	chargeback, err := h.sim.CreateChargeback(tr, "95.00")
	if err != nil {
		t.Fatal(err)
	}
	if got := outstanding(); got != "95.00" {
		t.Errorf("after a chargeback of 95.00, sync leaves %s outstanding", got)
	}
	if err := h.sim.ReverseChargeback(chargeback); err != nil {
		t.Fatal(err)
	}
	if got := outstanding(); got != "0.00" {
		t.Errorf("after the chargeback was reversed, sync leaves %s outstanding", got)
	}
	if err := h.sim.Refund(tr, "100.00"); err != nil {
		t.Fatal(err)
	}
	if got := outstanding(); got != "100.00" {
		t.Errorf("after a full refund, sync leaves %s outstanding", got)
	}
}

// A refund created and canceled before the bookkeeper synced never re-opens
// the invoice: only refunds that give money back count.
func TestSyncIgnoresCanceledRefunds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-8,Hooli,40.00")
	h.connect()
	p := h.pay("INV-8")
	tr, err := h.sim.Pay(p.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	refund, err := h.sim.CreateRefund(tr, "40.00")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.sim.SetRefundStatus(refund, "canceled"); err != nil {
		t.Fatal(err)
	}
	h.ok("sync")
	var st statusJSON
	h.jsonOut(&st, "status", "INV-8", "--json")
	if st.Outstanding.Value != "0.00" {
		t.Errorf("a canceled refund left %s outstanding", st.Outstanding.Value)
	}
}
