package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
)

// startServe runs 'paydesk serve' on a free port and returns its base URL
// and a function that stops it with SIGTERM and returns its output.
func (h *harness) startServe(t *testing.T) (string, func() string) {
	t.Helper()
	cmd := h.command(t.Context(), "", "serve", "--listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	base := ""
	var seen strings.Builder
	for lines.Scan() {
		seen.WriteString(lines.Text() + "\n")
		if _, after, ok := strings.Cut(lines.Text(), "listening on "); ok {
			base = strings.TrimSpace(after)
			break
		}
	}
	if base == "" {
		_ = cmd.Wait()
		t.Fatalf("serve did not say where it listens:\n%s\n%s", seen.String(), stderr.String())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	stopped := false
	stop := func() string {
		if stopped {
			return ""
		}
		stopped = true
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("signal serve: %v", err)
		}
		out := seen.String() + <-rest
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve did not stop cleanly: %v\n%s\n%s", err, out, stderr.String())
		}
		return out + stderr.String()
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

func postWebhook(t *testing.T, url, contentType, body string) int {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServeHandlesWebhooks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-5,Hooli,42.00")
	h.connect()
	h.ok("settings", "set", "webhook_url", "https://pay.example.com/webhooks/mollie")
	p := h.pay("INV-5")
	// Mollie posts a link payment's id to the URL paydesk gave the link;
	// the payment names no link, the URL does.
	given := h.linkWebhookURL(p.MollieID)
	if given.Host != "pay.example.com" || given.Query().Get("link") == "" {
		t.Fatalf("the link's webhook URL %s names no link", given)
	}

	base, stop := h.startServe(t)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz answered %d", resp.StatusCode)
	}

	hook := base + "/webhooks/mollie"
	form := "application/x-www-form-urlencoded"
	garbage := []struct{ contentType, body string }{
		{form, "id=garbage"},
		{form, "id=tr_"},
		{form, "id=tr_abc&id=tr_def"},
		{form, "hello world"},
		{form, ""},
		{form, "id=tr_" + strings.Repeat("a", 10000)},
		{"application/json", `{"id":"tr_abc"}`},
		{"text/plain", "id=tr_abc"},
	}
	for _, g := range garbage {
		if code := postWebhook(t, hook, g.contentType, g.body); code < 400 || code >= 500 {
			t.Errorf("webhook %s %.40q answered %d, want 4xx", g.contentType, g.body, code)
		}
	}
	var log []logJSON
	h.jsonOut(&log, "log", "--json")
	for _, e := range log {
		if e.Event == "webhook" {
			t.Errorf("a garbage webhook left a log row: %+v", e)
		}
	}
	var st statusJSON
	h.jsonOut(&st, "status", "INV-5", "--json")
	if *st.Status != "open" {
		t.Errorf("after garbage webhooks the status is %s", *st.Status)
	}

	tr, err := h.sim.Pay(p.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	if code := postWebhook(t, hook+"?"+given.RawQuery, form, "id="+tr); code != http.StatusOK {
		t.Fatalf("webhook for %s answered %d", tr, code)
	}
	waitFor(t, "the webhook to mark INV-5 paid", func() bool {
		h.jsonOut(&st, "status", "INV-5", "--json")
		return st.Status != nil && *st.Status == "paid"
	})
	waitFor(t, "the webhook's log row", func() bool {
		h.jsonOut(&log, "log", "--json", "--invoice", "INV-5")
		for _, e := range log {
			if e.Event == "webhook" && e.MollieID != nil && *e.MollieID == tr {
				return true
			}
		}
		return false
	})
	if out := stop(); !strings.Contains(out, "stopped") {
		t.Errorf("serve did not report stopping:\n%s", out)
	}
}

// linkWebhookURL reads the webhook URL the simulator holds for a link.
func (h *harness) linkWebhookURL(id string) *url.URL {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.url+"/v2/payment-links/"+id, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.sim.TestKey())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var l struct {
		WebhookURL string `json:"webhookUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
		h.t.Fatal(err)
	}
	u, err := url.Parse(l.WebhookURL)
	if err != nil {
		h.t.Fatal(err)
	}
	return u
}

func TestServeRefusesAPrivateWebhookURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.fails("serve", "--listen", "127.0.0.1:0", "--public-url", "http://127.0.0.1:8080")
	if !strings.Contains(r.stderr, "Mollie") || !strings.Contains(r.stderr, "https") {
		t.Errorf("refusal does not explain Mollie's rule:\n%s", r)
	}
	if got := strings.TrimSpace(h.ok("settings", "get", "webhook_url")); got != "" {
		t.Errorf("webhook_url = %q after a refused --public-url", got)
	}
}
