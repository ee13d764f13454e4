package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Gateways are what the gateway contract needs: a gateway whose test-mode
// key Mollie accepts, and one whose key Mollie refuses.
type Gateways struct {
	Test    domain.Gateway
	Refused domain.Gateway
}

// RunGateway runs the gateway contract against the gateways newGateways
// makes, each test with fresh ones.
func RunGateway(t *testing.T, newGateways func(t *testing.T) Gateways) {
	cases := []struct {
		name string
		run  func(*testing.T, Gateways)
	}{
		{"ProfileAndRefusedKey", testProfile},
		{"LinkLifecycle", testLinkLifecycle},
		{"CheckoutLifecycle", testCheckoutLifecycle},
		{"UnknownObjects", testUnknownObjects},
		{"Reversals", testReversals},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newGateways(t)) })
	}
}

func testProfile(t *testing.T, g Gateways) {
	ctx := context.Background()
	p, err := g.Test.Profile(ctx)
	if err != nil || p.ID == "" || p.Name == "" {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if _, err := g.Refused.Profile(ctx); !domain.Unauthorized(err) {
		t.Fatalf("profile with a refused key: %v; want a 401 GatewayError", err)
	}
	if _, err := g.Refused.CreatePaymentLink(ctx, linkRequest()); !domain.Unauthorized(err) {
		t.Fatalf("link with a refused key: %v; want a 401 GatewayError", err)
	}
}

func linkRequest() domain.LinkRequest {
	return domain.LinkRequest{
		Description: "Invoice INV-1", Amount: eur(8995), RedirectURL: "https://example.org/thanks",
		ExpiresAt: time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second), IdempotencyKey: "contract-link-1",
	}
}

func testLinkLifecycle(t *testing.T, g Gateways) {
	ctx := context.Background()
	req := linkRequest()
	l, err := g.Test.CreatePaymentLink(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if l.ID == "" || l.URL == "" || l.Amount != req.Amount || l.Description != req.Description || l.Mode != domain.ModeTest || l.Archived {
		t.Fatalf("created link = %+v", l)
	}
	got, err := g.Test.GetPaymentLink(ctx, l.ID)
	if err != nil || got.ID != l.ID || got.Amount != l.Amount || got.URL != l.URL {
		t.Fatalf("read link = %+v, %v; want %+v", got, err, l)
	}
	found := false
	for rl, err := range g.Test.ListPaymentLinks(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		found = found || rl.ID == l.ID
	}
	if !found {
		t.Fatalf("link %s is not listed", l.ID)
	}
	for _, err := range g.Test.LinkPayments(ctx, l.ID) {
		if err != nil {
			t.Fatal(err)
		}
	}
	archived, err := g.Test.ArchivePaymentLink(ctx, l.ID)
	if err != nil || !archived.Archived || archived.ID != l.ID {
		t.Fatalf("archived link = %+v, %v", archived, err)
	}
	if got, err := g.Test.GetPaymentLink(ctx, l.ID); err != nil || !got.Archived {
		t.Fatalf("link read after archiving = %+v, %v", got, err)
	}
}

func testCheckoutLifecycle(t *testing.T, g Gateways) {
	ctx := context.Background()
	req := domain.CheckoutRequest{
		Description: "Invoice INV-2", Amount: eur(24000), RedirectURL: "https://example.org/return", Locale: "nl_NL",
		Metadata: map[string]string{"invoice_number": "INV-2"}, IdempotencyKey: "contract-checkout-1",
	}
	p, err := g.Test.CreatePayment(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.CheckoutURL == "" || p.Amount != req.Amount || p.Status != domain.StatusOpen || p.Mode != domain.ModeTest {
		t.Fatalf("created payment = %+v", p)
	}
	got, err := g.Test.GetPayment(ctx, p.ID)
	if err != nil || got.ID != p.ID || got.Status != domain.StatusOpen || got.Amount != p.Amount {
		t.Fatalf("read payment = %+v, %v", got, err)
	}
	found := false
	for rp, err := range g.Test.ListPayments(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		found = found || rp.ID == p.ID
	}
	if !found {
		t.Fatalf("payment %s is not listed", p.ID)
	}
	// Mollie cancels only bank transfers; a payment without a method is not one.
	if _, err := g.Test.CancelPayment(ctx, p.ID); domain.HTTPStatusOf(err) != 422 {
		t.Fatalf("cancelling a payment without a method: %v; want a 422 GatewayError", err)
	}
	if got, err := g.Test.GetPayment(ctx, p.ID); err != nil || got.Status != domain.StatusOpen {
		t.Fatalf("payment after a refused cancel = %+v, %v", got, err)
	}
}

func testUnknownObjects(t *testing.T, g Gateways) {
	ctx := context.Background()
	if _, err := g.Test.GetPaymentLink(ctx, "pl_doesNotExist1"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown link: %v; want ErrNotFound", err)
	}
	if _, err := g.Test.GetPayment(ctx, "tr_doesNotExist1"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown payment: %v; want ErrNotFound", err)
	}
	if _, err := g.Test.ArchivePaymentLink(ctx, "pl_doesNotExist1"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("archiving an unknown link: %v; want ErrNotFound", err)
	}
}

// testReversals reads the refund and chargeback routes: a payment never paid
// has neither, the lists of all of them read without error, and a refused
// key is refused there too.
func testReversals(t *testing.T, g Gateways) {
	ctx := context.Background()
	p, err := g.Test.CreatePayment(ctx, domain.CheckoutRequest{Description: "Invoice INV-3", Amount: eur(1500),
		RedirectURL: "https://example.org/return", IdempotencyKey: "contract-reversals-1"})
	if err != nil {
		t.Fatal(err)
	}
	for r, err := range g.Test.PaymentRefunds(ctx, p.ID) {
		t.Fatalf("refund of an unpaid payment: %+v, %v", r, err)
	}
	for cb, err := range g.Test.PaymentChargebacks(ctx, p.ID) {
		t.Fatalf("chargeback of an unpaid payment: %+v, %v", cb, err)
	}
	for _, err := range g.Test.ListRefunds(ctx) {
		if err != nil {
			t.Fatalf("list refunds: %v", err)
		}
	}
	for _, err := range g.Test.ListChargebacks(ctx) {
		if err != nil {
			t.Fatalf("list chargebacks: %v", err)
		}
	}
	var refused error
	for _, err := range g.Refused.ListRefunds(ctx) {
		refused = err
		break
	}
	if !domain.Unauthorized(refused) {
		t.Fatalf("refunds with a refused key: %v; want a 401 GatewayError", refused)
	}
}
