package mollie

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

func TestCheckKeyFormat(t *testing.T) {
	for _, good := range []string{testKey, liveKey, "test_" + strings.Repeat("a", 30)} {
		if err := CheckKeyFormat(good); err != nil {
			t.Errorf("CheckKeyFormat(%s): %v", domain.MaskKey(good), err)
		}
	}
	for bad, hint := range map[string]string{
		"":                                       "empty",
		" " + testKey:                            "spaces or a line break",
		testKey + "\n":                           "spaces or a line break",
		"access_" + strings.Repeat("a", 40):      "organization access token",
		"test_ab" + strings.Repeat("c", 20):      "too short",
		"prod_" + strings.Repeat("a", 30):        "does not start with test_ or live_",
		"test_" + strings.Repeat("a", 29):        "too short",
		"test_" + strings.Repeat("ä", 30):        "letters and digits",
		"test_" + strings.Repeat("a-", 20):       "letters and digits",
		"test_abc def" + strings.Repeat("g", 30): "contains spaces",
	} {
		err := CheckKeyFormat(bad)
		if !errors.Is(err, ErrKeyFormat) {
			t.Errorf("CheckKeyFormat(%q) = %v, want ErrKeyFormat", bad, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{hint, "test_ or live_ followed by at least 30 letters and digits", "Mollie dashboard → Developers → API keys"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message for %q lacks %q: %s", bad, want, msg)
			}
		}
		if bad != "" && strings.Contains(msg, strings.TrimSpace(bad)) {
			t.Errorf("message repeats the key: %s", msg)
		}
	}
}

func TestNewRefusesBadKeysAndBaseURLs(t *testing.T) {
	bad := "test_" + strings.Repeat("x", 12)
	_, err := New(Config{APIKey: bad})
	if !errors.Is(err, ErrKeyFormat) || strings.Contains(err.Error(), bad) {
		t.Errorf("New with a short key: %v", err)
	}
	for _, base := range []string{
		"http://api.mollie.com",
		"ftp://api.mollie.com",
		"api.mollie.com",
		"https://user:pass@api.mollie.com",
		"https://api.mollie.com/?x=1",
	} {
		if _, err := New(Config{APIKey: testKey, BaseURL: base}); err == nil {
			t.Errorf("base URL %q was accepted", base)
		}
	}
	for _, base := range []string{"", "https://api.mollie.com/", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		if _, err := New(Config{APIKey: testKey, BaseURL: base}); err != nil {
			t.Errorf("base URL %q: %v", base, err)
		}
	}
}

func TestPrintingNeverShowsTheKey(t *testing.T) {
	cfg := Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1"}
	c := newTestClient(t, cfg)
	for _, s := range []string{
		fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg),
		fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
	} {
		if strings.Contains(s, testKey) {
			t.Errorf("printed: %s", s)
		}
	}
}

func TestGatewaysFactory(t *testing.T) {
	factory := Gateways(Config{BaseURL: "http://127.0.0.1:1"})
	if c, ok := factory(testKey).(*Client); !ok || c.Mode() != domain.ModeTest {
		t.Fatalf("factory(test key) = %T", factory(testKey))
	}
	bad := "live_" + strings.Repeat("z", 8)
	g := factory(bad)
	ctx := context.Background()
	errs := []error{}
	_, err := g.Profile(ctx)
	errs = append(errs, err)
	_, err = g.CreatePaymentLink(ctx, domain.LinkRequest{})
	errs = append(errs, err)
	_, err = g.GetPaymentLink(ctx, "pl_x")
	errs = append(errs, err)
	_, err = g.ArchivePaymentLink(ctx, "pl_x")
	errs = append(errs, err)
	errs = append(errs, g.DeletePaymentLink(ctx, "pl_x"))
	_, err = g.CreatePayment(ctx, domain.CheckoutRequest{})
	errs = append(errs, err)
	_, err = g.GetPayment(ctx, "tr_x")
	errs = append(errs, err)
	_, err = g.CancelPayment(ctx, "tr_x")
	errs = append(errs, err)
	for _, err := range g.ListPaymentLinks(ctx) {
		errs = append(errs, err)
	}
	for _, err := range g.LinkPayments(ctx, "pl_x") {
		errs = append(errs, err)
	}
	for _, err := range g.ListPayments(ctx) {
		errs = append(errs, err)
	}
	if len(errs) != 11 {
		t.Fatalf("%d errors, want one per method", len(errs))
	}
	for i, err := range errs {
		if !errors.Is(err, ErrKeyFormat) || strings.Contains(err.Error(), bad) {
			t.Errorf("method %d: %v", i, err)
		}
	}
}
