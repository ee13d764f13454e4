package mollie

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

func TestWireTimeFormats(t *testing.T) {
	want := time.Date(2021, 3, 20, 9, 29, 56, 0, time.UTC)
	for _, in := range []string{
		`"2021-03-20T09:29:56Z"`,
		`"2021-03-20T09:29:56.0Z"`,
		`"2021-03-20T09:29:56.000000+00:00"`,
		`"2021-03-20T10:29:56+01:00"`,
		`"2021-03-20T10:29:56+0100"`,
		`"2021-03-20 09:29:56"`,
	} {
		var got wireTime
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s = %v, want %v in UTC", in, got.Time, want)
		}
	}
	for _, in := range []string{`null`, `""`} {
		var got wireTime
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.IsZero() {
			t.Errorf("%s = %v, %v; want zero", in, got.Time, err)
		}
	}
	var got wireTime
	if err := json.Unmarshal([]byte(`"yesterday"`), &got); err == nil {
		t.Error(`"yesterday" was read as a time`)
	}
}

func TestMoneyExactAndLenient(t *testing.T) {
	c := newTestClient(t, Config{APIKey: testKey})
	for _, tc := range []struct {
		json     string
		minor    int64
		currency string
	}{
		{`{"currency":"EUR","value":"0.07"}`, 7, "EUR"},
		{`{"currency":"EUR","value":"92233720368547758.07"}`, 9223372036854775807, "EUR"},
		{`{"currency":"EUR","value":"-35.07"}`, -3507, "EUR"},
		{`{"currency":"JPY","value":"1500"}`, 1500, "JPY"},
		// Wrong decimals are read leniently instead of failing a list.
		{`{"currency":"EUR","value":"16.1"}`, 1610, "EUR"},
		{`{"currency":"EUR","value":"20"}`, 2000, "EUR"},
		{`{"currency":"EUR","value":"20.000"}`, 2000, "EUR"},
		{`{"currency":"JPY","value":"1500.00"}`, 1500, "JPY"},
		// A bare number is taken by its digits, not through a float.
		{`{"currency":"EUR","value":1234567890123456.78}`, 123456789012345678, "EUR"},
	} {
		var a wireAmount
		if err := json.Unmarshal([]byte(tc.json), &a); err != nil {
			t.Fatalf("%s: %v", tc.json, err)
		}
		got, err := c.money(&a, "amount")
		if err != nil || got != (domain.Money{Minor: tc.minor, Currency: tc.currency}) {
			t.Errorf("%s = %+v, %v; want %d %s", tc.json, got, err, tc.minor, tc.currency)
		}
	}
	for _, bad := range []string{
		`{"currency":"EUR","value":"ten"}`,
		`{"currency":"EUR","value":"1.005"}`,
		`{"currency":"euro","value":"1.00"}`,
	} {
		var a wireAmount
		if err := json.Unmarshal([]byte(bad), &a); err != nil {
			continue
		}
		if got, err := c.money(&a, "amount"); err == nil {
			t.Errorf("%s was read as %+v", bad, got)
		}
	}
}

func TestDecodePaymentTolerance(t *testing.T) {
	c := newTestClient(t, Config{APIKey: liveKey})
	p, err := c.decodePayment([]byte(`{
		"id": "tr_abc123", "status": "refunding-soon", "someNewField": {"x": [1, 2]},
		"amount": {"currency": "EUR", "value": "12.50"}, "amountRefunded": null,
		"method": null, "metadata": "{\"invoice_id\": 9007199254740993}",
		"paidAt": null, "createdAt": "2024-02-12T11:58:35.0Z",
		"_links": {"self": {"href": "..."}, "checkout": null,
			"paymentLink": {"href": "https://api.mollie.com/v2/payment-links/pl_4Y0eZitmBnQ6IDoMqZQKh"}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.Status("refunding-soon") || p.Status.Known() {
		t.Errorf("status = %q, want the unknown status kept", p.Status)
	}
	if p.Mode != domain.ModeLive {
		t.Errorf("mode without a mode field = %q, want the key's", p.Mode)
	}
	if p.Metadata["invoice_id"] != json.Number("9007199254740993") {
		t.Errorf("metadata = %#v, want the number exact", p.Metadata)
	}
	if p.CheckoutURL != "" || p.Method != "" || !p.PaidAt.IsZero() {
		t.Errorf("payment = %+v", p)
	}
	if p.NoRefunds || !p.NoChargebacks {
		t.Errorf("amountRefunded null, amountChargedBack absent: no refunds %v, no chargebacks %v; want false, true", p.NoRefunds, p.NoChargebacks)
	}

	p, err = c.decodePayment([]byte(`{"id": "tr_abc123", "metadata": [1]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Metadata["value"]; !ok {
		t.Errorf("metadata that is not an object = %#v, want it kept under value", p.Metadata)
	}
	if _, err := c.decodePayment([]byte(`{"status": "paid"}`)); err == nil {
		t.Error("a payment without id was accepted")
	}
}

// Mollie's document sends amountRefunded only when refunds are available
// for the payment and amountChargedBack only when something was charged
// back: their absence tells that the payment's lists are empty, their
// presence (any value) that the lists must be read.
func TestDecodePaymentTellsWhichReversalsToRead(t *testing.T) {
	c := newTestClient(t, Config{APIKey: testKey})
	for _, tc := range []struct {
		name, fields             string
		noRefunds, noChargebacks bool
	}{
		{"neither", ``, true, true},
		{"refunds available, none made", `, "amountRefunded": {"currency": "EUR", "value": "0.00"}`, false, true},
		{"refunded", `, "amountRefunded": {"currency": "EUR", "value": "5.00"}`, false, true},
		{"charged back", `, "amountRefunded": {"currency": "EUR", "value": "0.00"}, "amountChargedBack": {"currency": "EUR", "value": "5.00"}`, false, false},
		{"charged back, refunds unavailable", `, "amountChargedBack": {"currency": "EUR", "value": "5.00"}`, true, false},
	} {
		p, err := c.decodePayment([]byte(`{"id": "tr_abc123", "status": "paid", "amount": {"currency": "EUR", "value": "10.00"}` + tc.fields + `}`))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if p.NoRefunds != tc.noRefunds || p.NoChargebacks != tc.noChargebacks {
			t.Errorf("%s: no refunds %v, no chargebacks %v; want %v, %v", tc.name, p.NoRefunds, p.NoChargebacks, tc.noRefunds, tc.noChargebacks)
		}
	}
}

func TestAnswerErrorWithoutJSON(t *testing.T) {
	c := newTestClient(t, Config{APIKey: testKey})
	ge := c.answerError(&answer{
		status: 502,
		header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}},
		body:   []byte("<html><body>Bad gateway " + testKey + "</body></html>"),
	})
	msg := ge.Error()
	if ge.HTTPStatus != 502 || !ge.Retryable || !strings.Contains(msg, "502 Bad Gateway") || !strings.Contains(msg, "text/html") {
		t.Errorf("error = %+v: %s", ge, msg)
	}
	if strings.Contains(msg, testKey) {
		t.Error("the key leaked into the message")
	}
	ge = c.answerError(&answer{status: 404, header: map[string][]string{}, body: []byte(`{"status":"404","title":"Not Found","detail":"No payment exists with token tr_x."}`)})
	if ge.Err != domain.ErrNotFound || ge.Detail != "No payment exists with token tr_x." || ge.Retryable {
		t.Errorf("404 = %+v", ge)
	}
}

// BenchmarkDecodePaymentPage decodes a full page of 250 payments, what the
// sync loop reads per request when it lists.
func BenchmarkDecodePaymentPage(b *testing.B) {
	c, err := New(Config{APIKey: testKey})
	if err != nil {
		b.Fatal(err)
	}
	item := `{"resource":"payment","id":"tr_7UhSN1zuXS","mode":"test","status":"paid","isCancelable":false,
		"amount":{"value":"75.00","currency":"EUR"},"amountRefunded":{"value":"5.00","currency":"EUR"},
		"description":"INV-2025-001","method":"ideal","metadata":{"invoice_id":"12345"},
		"createdAt":"2024-02-12T11:58:35.0Z","paidAt":"2024-02-12T12:01:35+00:00","expiresAt":"2024-02-12T12:13:35.0Z",
		"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"},"dashboard":{"href":"..."}}}`
	page := []byte(`{"count":250,"_embedded":{"payments":[` + strings.TrimSuffix(strings.Repeat(item+",", 250), ",") + `]},"_links":{"next":null}}`)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		var p wirePage
		if err := json.Unmarshal(page, &p); err != nil {
			b.Fatal(err)
		}
		for _, raw := range p.items("payments") {
			if _, err := c.decodePayment(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}
