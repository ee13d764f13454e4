package mollie

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// specPath is Mollie's published OpenAPI document, kept beside the
// repository rather than in it: it is an outside reference.
var specPath = filepath.Join("..", "..", "shared", "mollie-openapi", "specs.yaml")

// contract holds paydesk's exchanges with Mollie to Mollie's document.
// schemas checks paths, parameters, status codes, content types and bodies;
// strict adds what most of the document's schemas leave open: no property
// the document does not declare for an object.
//
// They are built from the document read twice, because of how libopenapi
// (v0.41) reads an OpenAPI 3.1 "$ref" with sibling keywords, which Mollie's
// document writes for nearly every amount and URL property:
//
//	amount:
//	  $ref: '#/components/schemas/amount'
//	  description: The amount that you want to charge, ...
//
// Read as 3.1 asks (TransformSiblingRefs, libopenapi's default), such a
// schema becomes allOf [siblings, $ref], and its high-level Schema() gives
// only the siblings' view: a description, no properties. The body check
// follows the allOf and is right; libopenapi-validator's strict walker
// (v0.16.2, strict/property_collector.go) reads Properties of that view and
// calls the referenced object's own currency, value, href and type
// undeclared. So strict is built from the document read without that
// transformation, where the same property resolves to the referenced
// schema and its declared properties; the siblings there are annotations
// (description, title, example, x-…) or type and read/write flags, none of
// which declares a property, so nothing the strict check should see is
// lost. Only the strict check's errors are taken from it.
type contract struct {
	schemas, strict validator.Validator
}

// mollieSpec loads the document into a contract, once for all tests.
// Without the document the test is skipped, except under CI, where it must
// be there.
func mollieSpec(t *testing.T) contract {
	t.Helper()
	spec, err := loadSpec()
	switch {
	case errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") == "":
		t.Skipf("Mollie's OpenAPI document is not at %s (%v); the contract test needs it", specPath, err)
	case errors.Is(err, fs.ErrNotExist):
		t.Fatalf("Mollie's OpenAPI document is required under CI: %v", err)
	case err != nil:
		t.Fatal(err)
	}
	return spec
}

var loadSpec = sync.OnceValues(func() (contract, error) {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return contract{}, err
	}
	build := func(siblingRefsAsAllOf bool, opts ...config.Option) (validator.Validator, error) {
		cfg := datamodel.NewDocumentConfiguration()
		cfg.TransformSiblingRefs = siblingRefsAsAllOf
		doc, err := libopenapi.NewDocumentWithConfiguration(data, cfg)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", specPath, err)
		}
		v, errs := validator.NewValidator(doc, opts...)
		if len(errs) > 0 {
			return nil, fmt.Errorf("build a validator from %s: %v", specPath, errs)
		}
		return v, nil
	}
	var c contract
	if c.schemas, err = build(true); err != nil {
		return c, err
	}
	c.strict, err = build(false, config.WithStrictMode(), config.WithStrictIgnorePaths(
		// metadata is whatever the merchant sent; headers are not objects.
		"$.body.metadata.**", "$.body._embedded.*[*].metadata.**", "$.headers.**", "$.query.**"))
	return c, err
})

// check validates one exchange, its request too when asked, and returns
// what fails: every error of the schema check, and the strict check's own.
func (c contract) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte, requests bool) []*liberrors.ValidationError {
	var out []*liberrors.ValidationError
	for i, v := range []validator.Validator{c.schemas, c.strict} {
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		resp.Body = io.NopCloser(bytes.NewReader(respBody))
		validate := v.ValidateHttpResponse
		if requests {
			validate = v.ValidateHttpRequestResponse
		}
		if ok, errs := validate(req, resp); !ok {
			for _, e := range errs {
				if i == 0 || e.ValidationType == liberrors.StrictValidationType {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// exchange is one request paydesk's client sent and the answer it got.
type exchange struct {
	req      *http.Request
	reqBody  []byte
	resp     *http.Response
	respBody []byte
}

// tape is an http.RoundTripper that keeps every exchange.
type tape struct {
	mu   sync.Mutex
	next http.RoundTripper
	all  []exchange
}

func (tp *tape) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := tp.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	tp.mu.Lock()
	tp.all = append(tp.all, exchange{req: r, reqBody: body, resp: resp, respBody: data})
	tp.mu.Unlock()
	return resp, nil
}

// TestSimulatorAndClientFollowMollieDocument drives every route paydesk uses
// through the client against the simulator, and holds each request and each answer to Mollie's document:
// path, parameters, status code, content type and body schema, with no
// property the document does not declare.
func TestSimulatorAndClientFollowMollieDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("reads Mollie's 2 MB OpenAPI document")
	}
	spec := mollieSpec(t)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	sim := molliesim.New(molliesim.Options{Now: func() time.Time { return now }, AllowLoopbackWebhooks: true})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	defer sim.Close()
	sim.SetBaseURL(srv.URL)
	rec := &tape{next: http.DefaultTransport}
	c := newTestClient(t, Config{BaseURL: srv.URL, APIKey: sim.TestKey(), HTTPClient: &http.Client{Transport: rec}})
	ctx := context.Background()

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := c.Profile(ctx)
	must("profile", err)
	l, err := c.CreatePaymentLink(ctx, domain.LinkRequest{Description: "INV-1 – Acme B.V.", Amount: domain.NewMoney(10404, "EUR"),
		RedirectURL: "https://shop.example.org/thanks", WebhookURL: "https://pay.example.com/webhooks/mollie?link=1",
		ExpiresAt: now.AddDate(0, 0, 30), IdempotencyKey: "0d5c2f4e-5a8b-4c4e-9b1a-3f1e2d3c4b5a"})
	must("create link", err)
	tr, err := sim.Pay(l.ID, "paid", "ideal")
	must("pay link", err)
	refundID, err := sim.CreateRefund(tr, "5.00")
	must("refund", err)
	chargebackID, err := sim.CreateChargeback(tr, "10.00")
	must("chargeback", err)
	_, err = c.GetPaymentLink(ctx, l.ID)
	must("get link", err)
	for _, err := range c.ListPaymentLinks(ctx) {
		must("list links", err)
	}
	for _, err := range c.LinkPayments(ctx, l.ID) {
		must("link payments", err)
	}
	_, err = c.GetPayment(ctx, tr)
	must("get payment", err)
	for _, err := range c.PaymentRefunds(ctx, tr) {
		must("payment refunds", err)
	}
	for _, err := range c.PaymentChargebacks(ctx, tr) {
		must("payment chargebacks", err)
	}
	for _, err := range c.ListRefunds(ctx) {
		must("list refunds", err)
	}
	for _, err := range c.ListChargebacks(ctx) {
		must("list chargebacks", err)
	}
	unused, err := c.CreatePaymentLink(ctx, domain.LinkRequest{Description: "INV-2", Amount: domain.NewMoney(2000, "EUR")})
	must("create a second link", err)
	_, err = c.ArchivePaymentLink(ctx, unused.ID)
	must("archive", err)
	third, err := c.CreatePaymentLink(ctx, domain.LinkRequest{Description: "INV-3", Amount: domain.NewMoney(3000, "EUR")})
	must("create a third link", err)
	must("delete", c.DeletePaymentLink(ctx, third.ID))
	p, err := c.CreatePayment(ctx, domain.CheckoutRequest{Description: "INV-4", Amount: domain.NewMoney(4000, "EUR"),
		RedirectURL: "https://shop.example.org/thanks", Locale: "nl_NL",
		Metadata: map[string]string{"invoice_id": "4", "invoice_number": "INV-4"}, IdempotencyKey: "1e6d3a5f-6b9c-4d5f-8c2b-4a2f3e4d5c6b"})
	must("create payment", err)
	_, _ = c.CancelPayment(ctx, p.ID) // 422 for an iDEAL payment: an answer to check too
	for _, err := range c.ListPayments(ctx) {
		must("list payments", err)
	}
	_, err = c.GetPayment(ctx, "tr_unknown12345")
	if !errorsIsNotFound(err) {
		t.Fatalf("unknown payment: %v", err)
	}

	if len(rec.all) < 14 {
		t.Fatalf("only %d exchanges recorded", len(rec.all))
	}
	checkExchanges(t, spec, rec.all, true)

	// Requests paydesk never sends, to see the simulator refuse and change
	// what the document says: only the answers are held to it.
	raw := &tape{next: http.DefaultTransport}
	send := rawSender(t, &http.Client{Transport: raw}, srv.URL, sim.TestKey())
	send("PATCH", "/v2/payment-links/"+l.ID, `{"description":"INV-1 corrected","allowedMethods":["ideal"]}`, 200)
	send("PATCH", "/v2/payment-links/"+l.ID, `{"amount":{"currency":"EUR","value":"1.00"}}`, 422)
	send("POST", "/v2/payment-links", `{"description":"x","amount":{"currency":"EUR","value":"1.00"},"someFutureField":1}`, 422)
	send("POST", "/v2/payment-links", `{"description":"x","amount":{"currency":"EUR","value":"1.00"},"testmode":true}`, 422)
	send("POST", "/v2/payments", `{"description":"x","amount":{"currency":"EUR","value":"1.00"},"redirectUrl":"https://a.example.org/","profileId":"pfl_x"}`, 422)
	send("POST", "/v2/payment-links", `{"description":"Donation","minimumAmount":{"currency":"EUR","value":"5.00"}}`, 201)
	send("GET", "/v2/payments/"+p.ID, "", 200)
	send("POST", "/v2/payments/"+tr+"/refunds", `{"amount":{"currency":"EUR","value":"1.00"},"reverseRouting":true}`, 422)
	must("reverse chargeback", sim.ReverseChargeback(chargebackID))
	// The document's refund-request lists the read-only mode and createdAt
	// as required, which the validator then asks of a request; Mollie's
	// documentation requires only the amount
	// (https://docs.mollie.com/reference/create-refund), so only this answer
	// is held to the document.
	send("POST", "/v2/payments/"+tr+"/refunds", `{"amount":{"currency":"EUR","value":"1.00"},"description":"Partial refund","metadata":{"invoice":"INV-1"}}`, 201)
	checkExchanges(t, spec, raw.all, false)

	// The refund and chargeback resources, with requests a client would
	// send: requests and answers are both held to the document.
	full := &tape{next: http.DefaultTransport}
	send = rawSender(t, &http.Client{Transport: full}, srv.URL, sim.TestKey())
	send("GET", "/v2/payments/"+tr+"/refunds", "", 200)
	send("GET", "/v2/payments/"+tr+"/refunds/"+refundID, "", 200)
	send("GET", "/v2/refunds?limit=5", "", 200)
	send("GET", "/v2/refunds?sort=asc&limit=5", "", 200)
	send("GET", "/v2/payments?sort=asc&limit=2", "", 200)
	send("GET", "/v2/payments/"+tr+"/chargebacks", "", 200)
	send("GET", "/v2/payments/"+tr+"/chargebacks/"+chargebackID, "", 200)
	send("GET", "/v2/chargebacks", "", 200)
	send("GET", "/v2/payments/"+tr+"/refunds/re_unknown123", "", 404)
	send("GET", "/v2/payments/"+tr, "", 200)
	checkExchanges(t, spec, full.all, true)
}

// rawSender sends one API request with key and fails the test unless the
// answer has the status wanted.
func rawSender(t *testing.T, hc *http.Client, base, key string) func(method, path, body string, want int) {
	return func(method, path, body string, want int) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+key)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, data)
		}
	}
}

// checkExchanges holds each recorded answer, and with requests too each
// request, to the document.
func checkExchanges(t *testing.T, spec contract, all []exchange, requests bool) {
	t.Helper()
	for _, x := range all {
		name := fmt.Sprintf("%s %s → %d", x.req.Method, x.req.URL.Path, x.resp.StatusCode)
		for _, e := range spec.check(x.req, x.reqBody, x.resp, x.respBody, requests) {
			if unsetMethod(e.SchemaValidationErrors) {
				continue
			}
			t.Errorf("%s: %s: %s", name, e.Message, reasons(e.Reason, e.SchemaValidationErrors))
		}
	}
}

func errorsIsNotFound(err error) bool {
	return err != nil && strings.Contains(err.Error(), "[404") || err != nil && domain.HTTPStatusOf(err) == 404
}

// reasons joins a validation error's reason with its schema failures, each
// with where in the body it is.
func reasons[T any](reason string, details []T) string {
	var b strings.Builder
	b.WriteString(reason)
	for _, d := range details {
		fmt.Fprintf(&b, "\n\t%+v", d)
	}
	return b.String()
}

// unsetMethod tells whether a failure is only a payment's method being null.
// The document declares method-response as string or null but lists no null
// in its enum; Mollie's documentation of the payment object says the method
// is null until the customer picks one
// (https://docs.mollie.com/reference/get-payment, field "method"), and the
// simulator follows that.
func unsetMethod(details []*liberrors.SchemaValidationFailure) bool {
	if len(details) == 0 {
		return false
	}
	for _, d := range details {
		if !strings.HasSuffix(d.FieldPath, ".method") || !strings.Contains(d.Reason, "must be one of") {
			return false
		}
	}
	return true
}

// The strict check sees into the $ref'd amount and URL objects: a property
// they do not declare is reported there as anywhere else, and the same
// answer without it passes.
func TestContractFindsUndeclaredProperties(t *testing.T) {
	if testing.Short() {
		t.Skip("reads Mollie's 2 MB OpenAPI document")
	}
	spec := mollieSpec(t)
	sim := molliesim.New(molliesim.Options{})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	defer sim.Close()
	sim.SetBaseURL(srv.URL)
	c := newTestClient(t, Config{BaseURL: srv.URL, APIKey: sim.TestKey()})
	l, err := c.CreatePaymentLink(context.Background(), domain.LinkRequest{Description: "INV-1", Amount: domain.NewMoney(1000, "EUR")})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/payment-links/"+l.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+sim.TestKey())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if errs := spec.check(req, nil, resp, body, true); len(errs) != 0 {
		t.Fatalf("the simulator's answer fails: %v", errs[0].Message)
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatal(err)
	}
	obj["amount"].(map[string]any)["cents"] = 1000
	obj["_links"].(map[string]any)["paymentLink"].(map[string]any)["rel"] = "pay"
	obj["paymentLinkUrl"] = "https://example.org/"
	hostile, _ := json.Marshal(obj)
	var said []string
	for _, e := range spec.check(req, nil, resp, hostile, true) {
		said = append(said, e.Message)
	}
	for _, want := range []string{"'$.body.amount.cents'", "'$.body._links.paymentLink.rel'", "'$.body.paymentLinkUrl'"} {
		if !strings.Contains(strings.Join(said, "\n"), want) {
			t.Errorf("no error at %s; got:\n%s", want, strings.Join(said, "\n"))
		}
	}
}
