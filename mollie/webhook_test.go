package mollie

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

const formType = "application/x-www-form-urlencoded"

func TestParseWebhookBody(t *testing.T) {
	for _, tc := range []struct {
		contentType, body, id string
		err                   error
	}{
		{formType, "id=tr_WDqYK6vllg", "tr_WDqYK6vllg", nil},
		{formType + "; charset=utf-8", "id=tr_WDqYK6vllg", "tr_WDqYK6vllg", nil},
		{"Application/X-WWW-Form-Urlencoded", "id=tr_a1", "tr_a1", nil},
		{"application/json", `{"id":"tr_WDqYK6vllg"}`, "", ErrWebhookContentType},
		{"", "id=tr_WDqYK6vllg", "", ErrWebhookContentType},
		{formType, "", "", ErrWebhookBody},
		{formType, "id=", "", ErrWebhookBody},
		{formType, "id=tr_", "", ErrWebhookBody},
		{formType, "id=pl_4Y0eZitmBnQ6IDoMqZQKh", "", ErrWebhookBody},
		{formType, "id=tr_a&id=tr_b", "", ErrWebhookBody},
		{formType, "id=tr_a&status=paid", "", ErrWebhookBody},
		{formType, "ID=tr_a", "", ErrWebhookBody},
		{formType, "id=tr_a%0A", "", ErrWebhookBody},
		{formType, "id=tr_a;x", "", ErrWebhookBody},
		{formType, "id=tr_" + strings.Repeat("a", 100), "", ErrWebhookBody},
		{formType, "id=tr_a&pad=" + strings.Repeat("a", 5000), "", ErrWebhookTooLarge},
	} {
		id, err := ParseWebhookBody(tc.contentType, []byte(tc.body))
		if id != tc.id || !errors.Is(err, tc.err) {
			t.Errorf("ParseWebhookBody(%q, %.40q) = %q, %v; want %q, %v", tc.contentType, tc.body, id, err, tc.id, tc.err)
		}
	}
}

// idRecorder is an onID that remembers what it was given.
type idRecorder struct {
	mu  sync.Mutex
	ids []string
}

func (r *idRecorder) onID(hook Webhook) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := hook.ID
	if hook.Ref != "" {
		id += "@" + hook.Ref
	}
	r.ids = append(r.ids, id)
}

func (r *idRecorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

func TestWebhookHandlerRejects(t *testing.T) {
	rec := &idRecorder{}
	h := NewWebhookHandler(rec.onID)
	for _, tc := range []struct {
		name, method, contentType, body string
		status                          int
	}{
		{"GET", http.MethodGet, formType, "id=tr_a", http.StatusMethodNotAllowed},
		{"PUT", http.MethodPut, formType, "id=tr_a", http.StatusMethodNotAllowed},
		{"JSON", http.MethodPost, "application/json", `{"id":"tr_a"}`, http.StatusUnsupportedMediaType},
		{"no type", http.MethodPost, "", "id=tr_a", http.StatusUnsupportedMediaType},
		{"too large", http.MethodPost, formType, "id=tr_a&x=" + strings.Repeat("y", 5000), http.StatusRequestEntityTooLarge},
		{"empty", http.MethodPost, formType, "", http.StatusBadRequest},
		{"missing id", http.MethodPost, formType, "foo=tr_a", http.StatusBadRequest},
		{"two ids", http.MethodPost, formType, "id=tr_a&id=tr_b", http.StatusBadRequest},
		{"link id", http.MethodPost, formType, "id=pl_abc", http.StatusBadRequest},
		{"bad chars", http.MethodPost, formType, "id=tr_%3Cscript%3E", http.StatusBadRequest},
	} {
		req := httptest.NewRequest(tc.method, "/webhook", strings.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.status)
		}
	}
	h.Close()
	if ids := rec.got(); len(ids) != 0 {
		t.Errorf("onID called with %v for rejected calls", ids)
	}
}

func TestWebhookHandlerAccepts(t *testing.T) {
	rec := &idRecorder{}
	h := NewWebhookHandler(rec.onID)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, call := range []struct{ query, id string }{
		{"", "tr_WDqYK6vllg"}, {"?link=42", "tr_unknown1"}, {"?link=x1", "tr_odd"}} {
		resp, err := http.Post(srv.URL+call.query, formType, strings.NewReader("id="+call.id))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", call.id, resp.StatusCode)
		}
	}
	h.Close()
	// A malformed link reference is no reference; the id still counts.
	if got := rec.got(); len(got) != 3 || got[0] != "tr_WDqYK6vllg" || got[1] != "tr_unknown1@42" || got[2] != "tr_odd" {
		t.Errorf("onID got %v, want each id once, with its link reference", got)
	}
	h.Close() // a second Close is harmless
}

// TestWebhookHandlerNeverBlocks fills the queue while onID is stuck: the
// handler keeps answering at once, 200 while there is room, 503 after.
func TestWebhookHandlerNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	started := make(chan string, 1)
	rec := &idRecorder{}
	h := NewWebhookHandler(func(hook Webhook) {
		select {
		case started <- hook.ID:
			<-release
		default:
		}
		rec.onID(hook)
	})
	var logs logRecorder
	h.Note = func(n WebhookNote) { logs.logf("%s %s", n.Kind, n.ID) }
	post := func(id string) int {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("id="+id))
		req.Header.Set("Content-Type", formType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	if code := post("tr_first"); code != http.StatusOK {
		t.Fatalf("first: %d", code)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("onID was not called")
	}
	for i := range webhookQueue {
		if code := post(fmtID(i)); code != http.StatusOK {
			t.Fatalf("id %d: status %d while the queue has room", i, code)
		}
	}
	if code := post(fmtID(0)); code != http.StatusOK {
		t.Errorf("an id already waiting: %d, want 200 without queueing it twice", code)
	}
	if code := post("tr_overflow"); code != http.StatusServiceUnavailable {
		t.Errorf("full queue: %d, want 503", code)
	}
	if len(logs.all()) != 1 {
		t.Errorf("log lines %v, want one about the full queue", logs.all())
	}
	close(release)
	h.Close()
	if got := rec.got(); len(got) != webhookQueue+1 {
		t.Errorf("onID called %d times, want %d", len(got), webhookQueue+1)
	}
	if code := post("tr_late"); code != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d, want 503", code)
	}
}

func fmtID(i int) string { return "tr_q" + strconv.Itoa(i) }

func FuzzParseWebhookBody(f *testing.F) {
	f.Add(formType, []byte("id=tr_WDqYK6vllg"))
	f.Add(formType+"; charset=utf-8", []byte("id=tr_a&id=tr_b"))
	f.Add("application/json", []byte(`{"id":"tr_x"}`))
	f.Add(formType, []byte("id=tr_%41%42"))
	f.Add(formType, []byte("id=pl_abc&x=1"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		id, err := ParseWebhookBody(contentType, body)
		if err != nil {
			if id != "" {
				t.Fatalf("id %q returned with error %v", id, err)
			}
			return
		}
		if !webhookIDPattern.MatchString(id) || len(id) > maxWebhookID || len(body) > maxWebhookBody {
			t.Fatalf("accepted id %q from %q", id, body)
		}
		// Whatever is accepted must be what a form parser reads as the one id.
		if got, err := ParseWebhookBody(formType, []byte("id="+id)); err != nil || got != id {
			t.Fatalf("re-parsing %q: %q, %v", id, got, err)
		}
	})
}

// Mollie follows a redirect in front of the receiver as its documentation
// says: after 307 or 308 the id arrives; after 301 or 302 the call comes as
// a GET without it, which the handler does not take for delivered (so
// Mollie tries again) and names the cause.
func TestWebhookHandlerBehindARedirect(t *testing.T) {
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		rec := &idRecorder{}
		var mu sync.Mutex
		var notes []string
		h := NewWebhookHandler(rec.onID)
		h.Note = func(n WebhookNote) {
			mu.Lock()
			defer mu.Unlock()
			notes = append(notes, string(n.Kind))
		}
		receiver := httptest.NewServer(h)
		moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, receiver.URL+"/webhooks/mollie", code)
		}))
		sim := molliesim.New(molliesim.Options{AllowLoopbackWebhooks: true, WebhookRetryDelays: []time.Duration{time.Millisecond}})
		api := httptest.NewServer(sim)
		sim.SetBaseURL(api.URL)
		ctx, cancel := context.WithCancel(context.Background())
		sim.Run(ctx)
		c := newTestClient(t, Config{BaseURL: api.URL, APIKey: sim.TestKey()})
		p, err := c.CreatePayment(ctx, domain.CheckoutRequest{Description: "INV-1", Amount: domain.NewMoney(1000, "EUR"),
			RedirectURL: "https://shop.example.org/thanks", WebhookURL: moved.URL + "/old"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.Pay(p.ID, "paid", "ideal"); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			noted := len(notes)
			mu.Unlock()
			if len(rec.got()) > 0 || noted >= 2 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		h.Close()
		mu.Lock()
		got, said := rec.got(), strings.Join(notes, "\n")
		mu.Unlock()
		if code == http.StatusTemporaryRedirect || code == http.StatusPermanentRedirect {
			if len(got) != 1 || got[0] != p.ID || said != "" {
				t.Errorf("after a %d: ids %v, notes %q; want %s once and nothing said", code, got, said, p.ID)
			}
		} else if len(got) != 0 || !strings.Contains(said, string(NoteRedirected)) {
			t.Errorf("after a %d: ids %v, notes %q; want no id, the cause named, and Mollie trying again", code, got, said)
		}
		cancel()
		api.Close()
		sim.Close()
		moved.Close()
		receiver.Close()
	}
}
