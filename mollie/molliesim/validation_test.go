package molliesim

import (
	"maps"
	"net/http"
	"strings"
	"testing"
)

func with(base map[string]any, key string, value any) map[string]any {
	m := maps.Clone(base)
	if value == nil {
		delete(m, key)
	} else {
		m[key] = value
	}
	return m
}

func eur(v string) map[string]string { return map[string]string{"currency": "EUR", "value": v} }

func TestCreateRefusesWithField(t *testing.T) {
	e := newEnv(t, Options{})
	link := linkRequest("10.00")
	pay := paymentRequest("10.00")
	unreachable := "The webhook URL is invalid because it is unreachable from Mollie's point of view."
	cases := []struct {
		name, path string
		body       map[string]any
		field      string
		detail     string // expected substring, "" for any
	}{
		{"checkout amount missing", "/v2/payments", with(pay, "amount", nil), "amount", "required"},
		{"amount not an object", "/v2/payment-links", with(link, "amount", "10.00"), "amount", ""},
		{"one decimal", "/v2/payment-links", with(link, "amount", eur("16.1")), "amount.value", "The amount contains an invalid value"},
		{"three decimals", "/v2/payments", with(pay, "amount", eur("16.100")), "amount.value", "The amount contains an invalid value"},
		{"no decimals for EUR", "/v2/payment-links", with(link, "amount", eur("16")), "amount.value", "invalid value"},
		{"comma", "/v2/payment-links", with(link, "amount", eur("16,10")), "amount.value", "invalid value"},
		{"value as number", "/v2/payment-links", with(link, "amount", map[string]any{"currency": "EUR", "value": 16.10}), "amount.value", "invalid value"},
		{"decimals for JPY", "/v2/payment-links", with(link, "amount", map[string]string{"currency": "JPY", "value": "1000.00"}), "amount.value", "invalid value"},
		{"zero", "/v2/payment-links", with(link, "amount", eur("0.00")), "amount", "lower than the minimum"},
		{"negative", "/v2/payments", with(pay, "amount", eur("-5.00")), "amount", "lower than the minimum"},
		{"over maximum", "/v2/payment-links", with(link, "amount", eur("50000.01")), "amount", "The amount is higher than the maximum"},
		{"over maximum in JPY", "/v2/payment-links", with(link, "amount", map[string]string{"currency": "JPY", "value": "9000000"}), "amount", "higher than the maximum"},
		{"unsupported currency", "/v2/payment-links", with(link, "amount", map[string]string{"currency": "XBT", "value": "1.00"}), "amount.currency", ""},
		{"lower-case currency", "/v2/payments", with(pay, "amount", map[string]string{"currency": "eur", "value": "1.00"}), "amount.currency", ""},
		{"currency missing", "/v2/payments", with(pay, "amount", map[string]string{"value": "1.00"}), "amount.currency", ""},
		{"description missing", "/v2/payment-links", with(link, "description", nil), "description", ""},
		{"description blank", "/v2/payments", with(pay, "description", "   "), "description", ""},
		{"description too long", "/v2/payment-links", with(link, "description", strings.Repeat("x", 256)), "description", ""},
		{"description not a string", "/v2/payment-links", with(link, "description", 12), "description", ""},
		{"webhook localhost", "/v2/payment-links", with(link, "webhookUrl", "http://localhost:8080/hook"), "webhookUrl", unreachable},
		{"webhook 127.0.0.1", "/v2/payments", with(pay, "webhookUrl", "http://127.0.0.1/hook"), "webhookUrl", unreachable},
		{"webhook 127.8.9.10", "/v2/payments", with(pay, "webhookUrl", "http://127.8.9.10/hook"), "webhookUrl", unreachable},
		{"webhook ::1", "/v2/payments", with(pay, "webhookUrl", "http://[::1]:9000/hook"), "webhookUrl", unreachable},
		{"webhook 10/8", "/v2/payment-links", with(link, "webhookUrl", "https://10.1.2.3/hook"), "webhookUrl", unreachable},
		{"webhook 192.168/16", "/v2/payment-links", with(link, "webhookUrl", "https://192.168.1.20/hook"), "webhookUrl", unreachable},
		{"webhook 172.16/12", "/v2/payment-links", with(link, "webhookUrl", "https://172.20.0.5/hook"), "webhookUrl", unreachable},
		{"webhook .local", "/v2/payment-links", with(link, "webhookUrl", "https://books.local/hook"), "webhookUrl", unreachable},
		{"webhook .test", "/v2/payment-links", with(link, "webhookUrl", "https://paydesk.test/hook"), "webhookUrl", unreachable},
		{"webhook ftp", "/v2/payment-links", with(link, "webhookUrl", "ftp://shop.example.org/hook"), "webhookUrl", "invalid"},
		{"webhook garbage", "/v2/payment-links", with(link, "webhookUrl", "not a url"), "webhookUrl", "invalid"},
		{"checkout without redirectUrl", "/v2/payments", with(pay, "redirectUrl", nil), "redirectUrl", ""},
		{"redirectUrl relative", "/v2/payments", with(pay, "redirectUrl", "/thanks"), "redirectUrl", ""},
		{"expiresAt in the past", "/v2/payment-links", with(link, "expiresAt", "2025-03-14T08:59:59+00:00"), "expiresAt", ""},
		{"expiresAt now", "/v2/payment-links", with(link, "expiresAt", "2025-03-14T09:00:00Z"), "expiresAt", ""},
		{"expiresAt garbage", "/v2/payment-links", with(link, "expiresAt", "next tuesday"), "expiresAt", ""},
		{"testmode with API key", "/v2/payment-links", with(link, "testmode", true), "testmode", ""},
		{"profileId with API key", "/v2/payments", with(pay, "profileId", "pfl_abc"), "profileId", ""},
		{"metadata too large", "/v2/payments", with(pay, "metadata", map[string]string{"blob": strings.Repeat("a", 1100)}), "metadata", ""},
		{"unknown method", "/v2/payments", with(pay, "method", "bitcoin"), "method", ""},
		{"bad locale", "/v2/payments", with(pay, "locale", "dutch"), "locale", ""},
		{"reusable not a bool", "/v2/payment-links", with(link, "reusable", "yes"), "reusable", ""},
		{"unknown link parameter", "/v2/payment-links", with(link, "someFutureField", true), "someFutureField", "unknown"},
		{"unknown payment parameter", "/v2/payments", with(pay, "paymentLinkId", "pl_abc"), "paymentLinkId", "unknown"},
		{"minimumAmount beside an amount", "/v2/payment-links", with(link, "minimumAmount", eur("1.00")), "minimumAmount", "only allowed when no amount"},
		{"minimumAmount not an amount", "/v2/payment-links", with(with(link, "amount", nil), "minimumAmount", eur("1.5")), "minimumAmount.value", "invalid"},
		{"order lines are not modelled", "/v2/payments", with(pay, "lines", []string{}), "lines", "not supported"},
		{"recurring sequence", "/v2/payments", with(pay, "sequenceType", "recurring"), "sequenceType", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, raw := e.request("POST", tc.path, e.sim.TestKey(), tc.body, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", resp.StatusCode, raw)
			}
			ev := decodeError(t, raw)
			if ev.Status != 422 || ev.Title != "Unprocessable Entity" || ev.Field != tc.field {
				t.Errorf("body %s, want field %q", raw, tc.field)
			}
			if !strings.Contains(ev.Detail, tc.detail) {
				t.Errorf("detail %q, want it to contain %q", ev.Detail, tc.detail)
			}
		})
	}
	var links listView[linkView]
	e.call("GET", "/v2/payment-links", nil, http.StatusOK, &links)
	var pays listView[paymentView]
	e.call("GET", "/v2/payments", nil, http.StatusOK, &pays)
	if links.Count != 0 || pays.Count != 0 {
		t.Errorf("refused requests created objects: %d links, %d payments", links.Count, pays.Count)
	}
}

func TestCreateAccepts(t *testing.T) {
	e := newEnv(t, Options{})
	cases := []struct {
		name, path string
		body       map[string]any
	}{
		{"JPY without decimals", "/v2/payment-links", with(linkRequest("1.00"), "amount", map[string]string{"currency": "JPY", "value": "1500"})},
		{"ISK without decimals", "/v2/payment-links", with(linkRequest("1.00"), "amount", map[string]string{"currency": "ISK", "value": "990"})},
		{"exactly the maximum", "/v2/payment-links", linkRequest("50000.00")},
		{"one cent", "/v2/payments", paymentRequest("0.01")},
		{"255 characters", "/v2/payment-links", with(linkRequest("1.00"), "description", strings.Repeat("é", 255))},
		{"public webhook", "/v2/payments", with(paymentRequest("1.00"), "webhookUrl", "https://hooks.example.org/mollie")},
		{"public IP webhook", "/v2/payments", with(paymentRequest("1.00"), "webhookUrl", "http://93.184.216.34/hook")},
		{"date-only expiry", "/v2/payment-links", with(linkRequest("1.00"), "expiresAt", "2025-12-31")},
		{"null fields", "/v2/payments", with(with(paymentRequest("1.00"), "webhookUrl", jsonNull{}), "metadata", jsonNull{})},
		{"method list", "/v2/payments", with(paymentRequest("1.00"), "method", []string{"ideal", "creditcard"})},
		{"one-off sequence", "/v2/payments", with(paymentRequest("1.00"), "sequenceType", "oneoff")},
	}
	for _, tc := range cases {
		if resp, raw := e.request("POST", tc.path, e.sim.TestKey(), tc.body, nil); resp.StatusCode != http.StatusCreated {
			t.Errorf("%s: status %d: %s", tc.name, resp.StatusCode, raw)
		}
	}
}

// jsonNull marshals as JSON null, which Mollie treats as "not given".
type jsonNull struct{}

func (jsonNull) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

func TestLoopbackWebhooksWhenAllowed(t *testing.T) {
	e := newEnv(t, Options{AllowLoopbackWebhooks: true})
	if resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), with(linkRequest("1.00"), "webhookUrl", "http://127.0.0.1:4567/hook"), nil); resp.StatusCode != http.StatusCreated {
		t.Errorf("loopback webhook refused: %d %s", resp.StatusCode, raw)
	}
	resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), with(linkRequest("1.00"), "webhookUrl", "file:///etc/passwd"), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || decodeError(t, raw).Field != "webhookUrl" {
		t.Errorf("non-http webhook: %d %s", resp.StatusCode, raw)
	}
}

func TestMalformedJSONIs400(t *testing.T) {
	e := newEnv(t, Options{})
	for _, body := range []string{`{"description": `, `[1,2]`, `"text"`, `{"a":1}{`} {
		resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), body, nil)
		if resp.StatusCode != http.StatusBadRequest || decodeError(t, raw).Status != 400 {
			t.Errorf("%s: %d %s", body, resp.StatusCode, raw)
		}
	}
	resp, raw := e.request("PATCH", "/v2/payment-links/pl_x", e.sim.TestKey(), `{`, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("PATCH: %d %s", resp.StatusCode, raw)
	}
}
