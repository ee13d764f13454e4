package molliesim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/mock"
)

// pathOf turns an absolute href from the simulator into a request path.
func pathOf(t *testing.T, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("href %q: %v", href, err)
	}
	return u.RequestURI()
}

func TestListLinksPagesNewestFirst(t *testing.T) {
	e := newEnv(t, Options{})
	var created []string
	for i := range 7 {
		l := e.createLink(with(linkRequest("10.00"), "description", fmt.Sprintf("INV-%d", i)))
		created = append(created, l.ID)
	}
	slices.Reverse(created)

	var got []string
	path := "/v2/payment-links?limit=3"
	var sizes []int
	for path != "" {
		var page listView[linkView]
		e.call("GET", path, nil, http.StatusOK, &page)
		items, ok := page.Embedded["payment_links"]
		if !ok || page.Count != len(items) {
			t.Fatalf("%s: count %d, embedded %v", path, page.Count, page.Embedded)
		}
		sizes = append(sizes, page.Count)
		for _, l := range items {
			got = append(got, l.ID)
		}
		if page.Links.Self == nil || page.Links.Documentation == nil {
			t.Fatalf("%s: self/documentation missing", path)
		}
		path = ""
		if page.Links.Next != nil {
			if !strings.Contains(page.Links.Next.Href, "limit=3") || !strings.HasPrefix(page.Links.Next.Href, e.srv.URL+"/v2/payment-links?") {
				t.Errorf("next href %q", page.Links.Next.Href)
			}
			path = pathOf(t, page.Links.Next.Href)
		}
	}
	if !slices.Equal(got, created) {
		t.Errorf("order\n got %v\nwant %v", got, created)
	}
	if !slices.Equal(sizes, []int{3, 3, 1}) {
		t.Errorf("page sizes %v", sizes)
	}

	var second listView[linkView]
	e.call("GET", "/v2/payment-links?limit=3&from="+created[3], nil, http.StatusOK, &second)
	if second.Embedded["payment_links"][0].ID != created[3] {
		t.Errorf("from is inclusive: first is %s", second.Embedded["payment_links"][0].ID)
	}
	if second.Links.Previous == nil || !strings.Contains(second.Links.Previous.Href, "from="+created[0]) {
		t.Errorf("previous = %+v", second.Links.Previous)
	}
}

func TestListDefaultsAndLimits(t *testing.T) {
	e := newEnv(t, Options{})
	for range 52 {
		e.createPayment(paymentRequest("1.00"))
	}
	var page listView[paymentView]
	e.call("GET", "/v2/payments", nil, http.StatusOK, &page)
	if page.Count != 50 || page.Links.Next == nil || page.Links.Previous != nil {
		t.Errorf("default page: count %d next %v previous %v", page.Count, page.Links.Next, page.Links.Previous)
	}
	e.call("GET", "/v2/payments?limit=250", nil, http.StatusOK, &page)
	if page.Count != 52 || page.Links.Next != nil {
		t.Errorf("full page: count %d next %v", page.Count, page.Links.Next)
	}
	for _, q := range []string{"limit=0", "limit=251", "limit=abc", "limit=-1"} {
		resp, raw := e.request("GET", "/v2/payments?"+q, e.sim.TestKey(), nil, nil)
		if resp.StatusCode != http.StatusBadRequest || decodeError(t, raw).Field != "limit" {
			t.Errorf("%s: %d %s", q, resp.StatusCode, raw)
		}
	}
	resp, raw := e.request("GET", "/v2/payments?from=tr_doesnotexist", e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusBadRequest || decodeError(t, raw).Field != "from" {
		t.Errorf("unknown cursor: %d %s", resp.StatusCode, raw)
	}
}

func TestEmptyListHasNullNext(t *testing.T) {
	e := newEnv(t, Options{})
	resp, raw := e.request("GET", "/v2/payment-links", e.sim.TestKey(), nil, nil)
	body := string(raw)
	if resp.StatusCode != 200 || !strings.Contains(body, `"payment_links":[]`) || !strings.Contains(body, `"next":null`) || !strings.Contains(body, `"previous":null`) {
		t.Errorf("empty list: %s", body)
	}
}

func TestLinkPaymentsList(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("30.00"))
	other := e.createLink(linkRequest("31.00"))
	var attempts []string
	for range 3 {
		attempts = append(attempts, e.pay(l.ID, "failed", "creditcard"))
	}
	otherAttempt := e.pay(other.ID, "paid", "ideal")
	slices.Reverse(attempts)

	var page listView[paymentView]
	e.call("GET", "/v2/payment-links/"+l.ID+"/payments?limit=2", nil, http.StatusOK, &page)
	if page.Count != 2 || page.Links.Next == nil {
		t.Fatalf("first page: %+v", page)
	}
	first := page.Embedded["payments"]
	e.call("GET", pathOf(t, page.Links.Next.Href), nil, http.StatusOK, &page)
	if page.Count != 1 || page.Links.Next != nil {
		t.Fatalf("second page: count %d next %v", page.Count, page.Links.Next)
	}
	got := []string{first[0].ID, first[1].ID, page.Embedded["payments"][0].ID}
	if !slices.Equal(got, attempts) {
		t.Errorf("attempts %v, want %v", got, attempts)
	}
	for _, p := range first {
		// Mollie's payment object declares no reference to a link.
		if p.PaymentLinkID != "" || p.Links["paymentLink"] != nil {
			t.Errorf("attempt %s names its link, which Mollie's payments never do: %+v", p.ID, p)
		}
	}
	resp, _ := e.request("GET", "/v2/payment-links/"+l.ID+"/payments?from="+otherAttempt, e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("cursor from another link: %d", resp.StatusCode)
	}
	resp, _ = e.request("GET", "/v2/payment-links/pl_unknown/payments", e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown link: %d", resp.StatusCode)
	}
}

func TestUpdateLinkOnlyWhatTheDocumentDeclares(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("40.00"))

	var got linkView
	e.call("PATCH", "/v2/payment-links/"+l.ID, map[string]any{"description": "INV-9 corrected"}, http.StatusOK, &got)
	if got.Description != "INV-9 corrected" || got.Archived {
		t.Errorf("after description change: %+v", got)
	}
	e.call("PATCH", "/v2/payment-links/"+l.ID, map[string]any{"allowedMethods": []string{"ideal"}}, http.StatusOK, &got)
	if len(got.AllowedMethods) != 1 || got.AllowedMethods[0] != "ideal" {
		t.Errorf("after allowedMethods change: %+v", got)
	}
	// Not declared by update-payment-link (unknown), or declared but not
	// modelled by the simulator (minimumAmount, lines).
	for _, field := range []string{"amount", "expiresAt", "redirectUrl", "webhookUrl", "reusable", "minimumAmount", "lines"} {
		body := map[string]any{field: "x"}
		if field == "amount" || field == "minimumAmount" {
			body[field] = eur("41.00")
		}
		resp, raw := e.request("PATCH", "/v2/payment-links/"+l.ID, e.sim.TestKey(), body, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || decodeError(t, raw).Field != field {
			t.Errorf("PATCH %s: %d %s", field, resp.StatusCode, raw)
		}
	}
	resp, raw := e.request("PATCH", "/v2/payment-links/"+l.ID, e.sim.TestKey(), map[string]any{"description": ""}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || decodeError(t, raw).Field != "description" {
		t.Errorf("empty description: %d %s", resp.StatusCode, raw)
	}

	e.call("PATCH", "/v2/payment-links/"+l.ID, map[string]any{"archived": true}, http.StatusOK, &got)
	if !got.Archived || got.Description != "INV-9 corrected" || got.Amount.Value != "40.00" {
		t.Errorf("after archive: %+v", got)
	}
	if status, body := e.page("/pay/" + l.ID); status != http.StatusGone || !strings.Contains(body, "This payment link is no longer payable") {
		t.Errorf("archived link page: %d", status)
	}
	if _, err := e.sim.Pay(l.ID, "paid", "ideal"); err == nil {
		t.Error("an archived link took a payment")
	}
}

func TestDeleteLinkOnlyWhenUntouched(t *testing.T) {
	e := newEnv(t, Options{})
	fresh := e.createLink(linkRequest("1.00"))
	viewed := e.createLink(linkRequest("2.00"))
	attempted := e.createLink(linkRequest("3.00"))
	e.page("/pay/" + viewed.ID)
	e.pay(attempted.ID, "canceled", "ideal")

	e.call("DELETE", "/v2/payment-links/"+fresh.ID, nil, http.StatusNoContent, nil)
	if resp, _ := e.request("GET", "/v2/payment-links/"+fresh.ID, e.sim.TestKey(), nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted link GET: %d", resp.StatusCode)
	}
	var page listView[linkView]
	e.call("GET", "/v2/payment-links?limit=1&from="+attempted.ID, nil, http.StatusOK, &page)
	e.call("GET", "/v2/payment-links", nil, http.StatusOK, &page)
	if page.Count != 2 {
		t.Errorf("list after delete: %d links", page.Count)
	}
	for _, l := range []linkView{viewed, attempted} {
		resp, raw := e.request("DELETE", "/v2/payment-links/"+l.ID, e.sim.TestKey(), nil, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("delete of %s: %d %s", l.Description, resp.StatusCode, raw)
		}
	}
	if status, _ := e.page("/pay/" + fresh.ID); status != http.StatusNotFound {
		t.Errorf("deleted link page: %d", status)
	}
}

func TestPagingSkipsDeletedLinks(t *testing.T) {
	e := newEnv(t, Options{})
	var ids []string
	for range 5 {
		ids = append(ids, e.createLink(linkRequest("1.00")).ID)
	}
	e.call("DELETE", "/v2/payment-links/"+ids[3], nil, http.StatusNoContent, nil)
	var page listView[linkView]
	e.call("GET", "/v2/payment-links?limit=2", nil, http.StatusOK, &page)
	got := []string{page.Embedded["payment_links"][0].ID, page.Embedded["payment_links"][1].ID}
	if !slices.Equal(got, []string{ids[4], ids[2]}) || !strings.Contains(page.Links.Next.Href, "from="+ids[1]) {
		t.Errorf("page %v next %s", got, page.Links.Next.Href)
	}
}

// BenchmarkListLinks pages through 5,000 links, the size the brief asks to
// stay cheap.
func BenchmarkListLinks(b *testing.B) {
	clock := mock.NewClock(t0)
	sim := New(Options{Now: clock.Now})
	sim.SetBaseURL("http://sim.example.org")
	for i := range 5000 {
		clock.Advance(time.Second)
		if _, err := sim.addTestLink(fmt.Sprintf("INV-%05d", i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		next := "/v2/payment-links?limit=250"
		for next != "" {
			req := httptest.NewRequest("GET", next, nil)
			req.Header.Set("Authorization", "Bearer "+sim.TestKey())
			rec := httptest.NewRecorder()
			sim.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
			next = nextPath(rec.Body.String())
		}
	}
}

func nextPath(body string) string {
	_, after, ok := strings.Cut(body, `"next":{"href":"http://sim.example.org`)
	if !ok {
		return ""
	}
	path, _, _ := strings.Cut(after, `"`)
	return strings.ReplaceAll(path, `\u0026`, "&")
}

// addTestLink creates a link the way POST /v2/payment-links would.
func (s *Server) addTestLink(description string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	l := &link{mode: modeTest, createdAt: now, description: description, amount: money{"EUR", 1000}}
	s.addLinkLocked(l)
	return l.id, nil
}

// sort=asc walks the payments list oldest first, its next links keep the
// direction, from stays inclusive; a sort Mollie does not know is 400, and
// the links list, which the document gives no sort, ignores it.
func TestListSort(t *testing.T) {
	e := newEnv(t, Options{})
	var created []string
	for range 5 {
		created = append(created, e.createPayment(paymentRequest("1.00")).ID)
	}
	walk := func(path string) []string {
		var got []string
		for path != "" {
			var page listView[paymentView]
			e.call("GET", path, nil, http.StatusOK, &page)
			for _, p := range page.Embedded["payments"] {
				got = append(got, p.ID)
			}
			path = ""
			if page.Links.Next != nil {
				path = pathOf(t, page.Links.Next.Href)
			}
		}
		return got
	}
	if got := walk("/v2/payments?limit=2&sort=asc"); !slices.Equal(got, created) {
		t.Errorf("asc\n got %v\nwant %v", got, created)
	}
	newest := slices.Clone(created)
	slices.Reverse(newest)
	for _, path := range []string{"/v2/payments?limit=2&sort=desc", "/v2/payments?limit=2"} {
		if got := walk(path); !slices.Equal(got, newest) {
			t.Errorf("%s\n got %v\nwant %v", path, got, newest)
		}
	}
	if got := walk("/v2/payments?limit=2&sort=asc&from=" + created[2]); !slices.Equal(got, created[2:]) {
		t.Errorf("asc from %s: %v", created[2], got)
	}
	var bad errorView
	e.call("GET", "/v2/payments?sort=up", nil, http.StatusBadRequest, &bad)
	if bad.Field != "sort" {
		t.Errorf("bad sort: %+v", bad)
	}
	var links listView[linkView]
	e.call("GET", "/v2/payment-links?sort=up", nil, http.StatusOK, &links)
}
