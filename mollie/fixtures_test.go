package mollie

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// fixtureDir holds response bodies from Mollie's PHP client, copied with
// their licence (see its README.md).
const fixtureDir = "testdata/fixtures"

// fixtureIDs fills {{ RESOURCE_ID }} with an id of the file's resource.
var fixtureIDs = map[string]string{
	"chargeback.json":             "chb_xg7414",
	"current-profile.json":        "pfl_85dxyKqNHa",
	"cursor-collection.json":      "tr_WDqYK6vllg",
	"cursor-collection-next.json": "tr_WDqYK6vllg",
	"empty-list.json":             "payments",
	"error.json":                  "",
	"method.json":                 "ideal",
	"payment.json":                "tr_WDqYK6vllg",
	"payment-link.json":           "pl_4Y0eZitmBnQ6IDoMqZQKh",
	"profile.json":                "pfl_QkEhN94Ba",
	"refund.json":                 "re_4qqhO89gsT",
}

func loadFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	filled := strings.NewReplacer(
		"{{ RESOURCE_ID }}", fixtureIDs[name],
		"{{ CODE }}", "422",
		"{{ TITLE }}", "Unprocessable Entity",
		"{{ DETAIL }}", "The amount contains an invalid value",
		"{{ FIELD }}", "amount.value",
		// The fixtures elide their URLs; the client accepts only Mollie's.
		`"href": "..."`, `"href": "https://www.mollie.com/checkout/select-method/7UhSN1zuXS"`,
	).Replace(string(data))
	if strings.Contains(filled, "{{") {
		t.Fatalf("%s has a template this test does not fill", name)
	}
	return []byte(filled)
}

// fixtureChecks decodes each fixture the way the client would and checks
// values that a float or a sloppy decoder would get wrong.
var fixtureChecks = map[string]func(t *testing.T, c *Client, data []byte){
	"payment.json": func(t *testing.T, c *Client, data []byte) {
		p := mustDecodePayment(t, c, data)
		wantMoney(t, "amount", p.Amount, 2000, "EUR")
		if p.Reversals {
			t.Error("a payment alone says what was given back; only its refunds and chargebacks do")
		}
		if p.ID != "tr_WDqYK6vllg" || p.Status != domain.StatusOpen || p.Mode != domain.ModeTest || p.Method != "ideal" {
			t.Errorf("payment = %+v", p)
		}
		wantTime(t, "createdAt", p.CreatedAt, time.Date(2018, 3, 13, 14, 2, 29, 0, time.UTC))
		wantTime(t, "expiresAt", p.ExpiresAt, time.Date(2018, 3, 13, 14, 17, 29, 0, time.UTC))
		if !p.PaidAt.IsZero() || p.CheckoutURL != "https://www.mollie.com/checkout/select-method/7UhSN1zuXS" || p.Metadata["order_id"] != "1234" {
			t.Errorf("paidAt %v, checkout %q, metadata %v", p.PaidAt, p.CheckoutURL, p.Metadata)
		}
	},
	"payment-link.json": func(t *testing.T, c *Client, data []byte) {
		l, err := c.decodeLink(data)
		if err != nil {
			t.Fatal(err)
		}
		wantMoney(t, "amount", l.Amount, 2495, "EUR")
		if l.ID != "pl_4Y0eZitmBnQ6IDoMqZQKh" || l.Mode != domain.ModeLive || l.Archived || l.Reusable ||
			l.URL != "https://payment-links.mollie.com/payment/4Y0eZitmBnQ6IDoMqZQKh" || l.Description != "Bicycle tires" {
			t.Errorf("link = %+v", l)
		}
		wantTime(t, "createdAt", l.CreatedAt, time.Date(2021, 3, 20, 9, 29, 56, 0, time.UTC))
		wantTime(t, "expiresAt", l.ExpiresAt, time.Date(2023, 6, 6, 11, 0, 0, 0, time.UTC))
		if !l.PaidAt.IsZero() {
			t.Errorf("paidAt = %v, want zero", l.PaidAt)
		}
	},
	"payment-list.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		items := page.items("payments")
		if len(items) != 1 {
			t.Fatalf("%d payments", len(items))
		}
		p := mustDecodePayment(t, c, items[0])
		wantMoney(t, "amount", p.Amount, 7500, "GBP")
		if p.ID != "tr_7UhSN1zuXS" || p.Mode != domain.ModeLive || p.CheckoutURL != "https://www.mollie.com/checkout/issuer/select/ideal/7UhSN1zuXS" {
			t.Errorf("payment = %+v", p)
		}
		wantTime(t, "createdAt", p.CreatedAt, time.Date(2024, 2, 12, 11, 58, 35, 0, time.UTC))
		wantNext(t, c, page, "https://api.mollie.com/v2/payments?from=tr_SDkzMggpvx&limit=5")
	},
	"payment-link-list.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		items := page.items("payment_links")
		if len(items) != 1 {
			t.Fatalf("%d links", len(items))
		}
		l, err := c.decodeLink(items[0])
		if err != nil {
			t.Fatal(err)
		}
		wantMoney(t, "amount", l.Amount, 2495, "EUR")
		wantNext(t, c, page, "https://api.mollie.com/v2/payment-links?from=pl_ayGNzD4TYuQtUaxNyu8aH&limit=5")
	},
	"chargeback-list.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		items := page.items("chargebacks")
		if len(items) != 2 {
			t.Fatalf("%d chargebacks", len(items))
		}
		for _, raw := range items {
			var cb struct {
				Amount           *wireAmount `json:"amount"`
				SettlementAmount *wireAmount `json:"settlementAmount"`
				Embedded         struct {
					Payment json.RawMessage `json:"payment"`
				} `json:"_embedded"`
			}
			if err := json.Unmarshal(raw, &cb); err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "settlement", mustMoney(t, c, cb.SettlementAmount), -1000, "EUR")
			got, err := c.decodeChargeback(raw)
			if err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "chargeback amount", got.Amount, 1000, "EUR")
			if !strings.HasPrefix(got.ID, "chb_") || !strings.HasPrefix(got.PaymentID, "tr_") || !got.ReversedAt.IsZero() {
				t.Errorf("chargeback = %+v", got)
			}
			p := mustDecodePayment(t, c, cb.Embedded.Payment)
			if p.Status != domain.StatusPaid || p.PaidAt.IsZero() || p.Method != "creditcard" {
				t.Errorf("embedded payment = %+v", p)
			}
		}
		if _, err := c.nextPage("https://api.mollie.com/v2/chargebacks", page.Links.href("next")); err == nil {
			t.Error(`a next href of "..." was accepted`)
		}
	},
	"chargeback.json": func(t *testing.T, c *Client, data []byte) {
		var cb struct {
			Amount           *wireAmount `json:"amount"`
			SettlementAmount *wireAmount `json:"settlementAmount"`
			CreatedAt        wireTime    `json:"createdAt"`
			ReversedAt       wireTime    `json:"reversedAt"`
		}
		if err := json.Unmarshal(data, &cb); err != nil {
			t.Fatal(err)
		}
		wantMoney(t, "settlement", mustMoney(t, c, cb.SettlementAmount), -3507, "EUR")
		got, err := c.decodeChargeback(data)
		if err != nil {
			t.Fatal(err)
		}
		wantMoney(t, "amount", got.Amount, 4338, "USD")
		wantTime(t, "createdAt", got.CreatedAt, time.Date(2023, 3, 14, 17, 9, 2, 0, time.UTC))
		if got.ID != "chb_xg7414" || got.PaymentID != "tr_7UhSN1zuXS" || !got.ReversedAt.IsZero() {
			t.Errorf("chargeback = %+v", got)
		}
	},
	"refund.json": func(t *testing.T, c *Client, data []byte) {
		var r struct {
			Metadata json.RawMessage `json:"metadata"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if got := decodeMetadata(r.Metadata)["bookkeeping_id"]; got != json.Number("12345") {
			t.Errorf("metadata sent as text: bookkeeping_id = %#v", got)
		}
		checkRefund(t, c, data)
	},
	"refund-list.json": func(t *testing.T, c *Client, data []byte) {
		items := mustPage(t, data).items("refunds")
		if len(items) != 1 {
			t.Fatalf("%d refunds", len(items))
		}
		var r struct {
			Metadata json.RawMessage `json:"metadata"`
		}
		if err := json.Unmarshal(items[0], &r); err != nil {
			t.Fatal(err)
		}
		if got := decodeMetadata(r.Metadata)["bookkeeping_id"]; got != json.Number("12345") {
			t.Errorf("metadata object: bookkeeping_id = %#v", got)
		}
		checkRefund(t, c, items[0])
	},
	"method.json": func(t *testing.T, c *Client, data []byte) {
		checkMethod(t, c, data, 1, 5000000)
	},
	"method-list.json": func(t *testing.T, c *Client, data []byte) {
		items := mustPage(t, data).items("methods")
		if len(items) != 2 {
			t.Fatalf("%d methods", len(items))
		}
		checkMethod(t, c, items[0], 1, 5000000)
		checkMethod(t, c, items[1], 1, 200000)
	},
	"profile.json": func(t *testing.T, c *Client, data []byte) {
		p, err := c.decodeProfile(data)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.Profile{ID: "pfl_QkEhN94Ba", Name: "My website name", Website: "https://shop.example.org", Status: "verified", Mode: domain.ModeTest}
		if p != want {
			t.Errorf("profile = %+v, want %+v", p, want)
		}
	},
	"current-profile.json": func(t *testing.T, c *Client, data []byte) {
		p, err := c.decodeProfile(data)
		if err != nil {
			t.Fatal(err)
		}
		// The body says live; the test key decides.
		if p.ID != "pfl_85dxyKqNHa" || p.Name != "Jonas Test BV" || p.Mode != domain.ModeTest {
			t.Errorf("profile = %+v", p)
		}
	},
	"cursor-collection.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		p := mustDecodePayment(t, c, page.items("payments")[0])
		if p.ID != "tr_WDqYK6vllg" || !p.Amount.IsZero() || p.Mode != domain.ModeTest {
			t.Errorf("payment = %+v", p)
		}
		wantNext(t, c, page, "")
	},
	"cursor-collection-next.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		mustDecodePayment(t, c, page.items("payments")[0])
		wantNext(t, c, page, "https://api.mollie.com/v2/payments?from=tr_WDqYK6vllg")
	},
	"empty-list.json": func(t *testing.T, c *Client, data []byte) {
		page := mustPage(t, data)
		if n := len(page.items("payments")); n != 0 {
			t.Errorf("%d items in an empty list", n)
		}
		wantNext(t, c, page, "")
	},
	"error.json": func(t *testing.T, c *Client, data []byte) {
		ge := c.answerError(&answer{status: 422, body: data})
		if ge.HTTPStatus != 422 || ge.Field != "amount.value" || ge.Detail != "The amount contains an invalid value" || ge.Retryable {
			t.Errorf("error = %+v", ge)
		}
		if msg := ge.Error(); !strings.Contains(msg, "422 Unprocessable Entity (amount.value)") {
			t.Errorf("message %q", msg)
		}
	},
	"unprocessable-entity.json": func(t *testing.T, c *Client, data []byte) {
		ge := c.answerError(&answer{status: 422, body: data})
		if ge.Field != "" || ge.Title != "Unprocessable Entity" || !strings.Contains(ge.Detail, `"recurringType"`) {
			t.Errorf("error = %+v", ge)
		}
	},
}

func TestDecodeEveryFixture(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures in %s: %v", fixtureDir, err)
	}
	c := newTestClient(t, Config{APIKey: testKey})
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			check, ok := fixtureChecks[name]
			if !ok {
				t.Fatalf("no check for %s", name)
			}
			check(t, c, loadFixture(t, name))
		})
	}
}

func checkMethod(t *testing.T, c *Client, data []byte, minMinor, maxMinor int64) {
	t.Helper()
	var m struct {
		Min *wireAmount `json:"minimumAmount"`
		Max *wireAmount `json:"maximumAmount"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "minimumAmount", mustMoney(t, c, m.Min), minMinor, "EUR")
	wantMoney(t, "maximumAmount", mustMoney(t, c, m.Max), maxMinor, "EUR")
}

func mustPage(t *testing.T, data []byte) wirePage {
	t.Helper()
	var page wirePage
	if err := json.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	return page
}

func mustDecodePayment(t *testing.T, c *Client, data []byte) domain.RemotePayment {
	t.Helper()
	p, err := c.decodePayment(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustMoney(t *testing.T, c *Client, a *wireAmount) domain.Money {
	t.Helper()
	m, err := c.money(a, "amount")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func wantMoney(t *testing.T, what string, got domain.Money, minor int64, currency string) {
	t.Helper()
	if got != (domain.Money{Minor: minor, Currency: currency}) {
		t.Errorf("%s = %+v, want %d %s", what, got, minor, currency)
	}
}

func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func wantNext(t *testing.T, c *Client, page wirePage, want string) {
	t.Helper()
	got, err := c.nextPage("https://api.mollie.com/v2/current", page.Links.href("next"))
	if err != nil || got != want {
		t.Errorf("next page = %q, %v; want %q", got, err, want)
	}
}

// checkRefund decodes a refund as the client does: the pending refund of
// 5.95 EUR of tr_7UhSN1zuXS in Mollie's examples.
func checkRefund(t *testing.T, c *Client, raw []byte) {
	t.Helper()
	r, err := c.decodeRefund(raw)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "amount", r.Amount, 595, "EUR")
	if r.ID != "re_4qqhO89gsT" || r.PaymentID != "tr_7UhSN1zuXS" || r.Status != "pending" || r.CreatedAt.IsZero() {
		t.Errorf("refund = %+v", r)
	}
}
