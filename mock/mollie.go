package mock

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/paydesk/paydesk/domain"
)

// Mollie is Mollie in memory, behind a domain.Gateway per API key. Tests set
// its exported fields before they start the code under test, or while
// holding no other expectation about calls in flight.
type Mollie struct {
	mu       sync.Mutex
	Profile  domain.Profile
	Links    map[string]domain.RemoteLink
	Attempts map[string][]domain.RemotePayment
	Payments map[string]domain.RemotePayment
	// Refunds and Chargebacks are every payment's, oldest first.
	Refunds     []domain.RemoteRefund
	Chargebacks []domain.RemoteChargeback
	n           int
	// CreateErr, when set, is what creating a link returns.
	CreateErr error
	// Hold, when set, makes every call wait until it is closed, to show
	// that a slow Mollie never blocks the interface.
	Hold chan struct{}
	// Created counts the links and payments created.
	Created int
}

// NewMollie returns a Mollie with one verified profile and nothing else.
func NewMollie() *Mollie {
	return &Mollie{
		Profile:  domain.Profile{ID: "pfl_QkEhN94Ba", Name: "Acme Bookkeeping", Website: "https://acme.example", Status: "verified"},
		Links:    map[string]domain.RemoteLink{},
		Attempts: map[string][]domain.RemotePayment{},
		Payments: map[string]domain.RemotePayment{},
	}
}

// Gateways gives every key this Mollie; a key that is not test_/live_ and
// 30 characters long is refused as Mollie refuses it.
func (f *Mollie) Gateways() domain.GatewayFactory {
	return func(key string) domain.Gateway { return &fakeKey{f: f, key: key} }
}

type fakeKey struct {
	f   *Mollie
	key string
}

var _ domain.Gateway = (*fakeKey)(nil)

func (g *fakeKey) wait(ctx context.Context) error {
	g.f.mu.Lock()
	hold := g.f.Hold
	g.f.mu.Unlock()
	if hold == nil {
		return nil
	}
	select {
	case <-hold:
		return nil
	case <-ctx.Done():
		return &domain.GatewayError{Unreachable: true, Err: ctx.Err()}
	}
}

func (g *fakeKey) check(ctx context.Context) error {
	if err := g.wait(ctx); err != nil {
		return err
	}
	if (!strings.HasPrefix(g.key, "test_") && !strings.HasPrefix(g.key, "live_")) || len(g.key) < 30 {
		return &domain.GatewayError{HTTPStatus: 401, Title: "Unauthorized Request", Detail: "Missing authentication, or failed to authenticate"}
	}
	return nil
}

func (g *fakeKey) Profile(ctx context.Context) (domain.Profile, error) {
	if err := g.check(ctx); err != nil {
		return domain.Profile{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	return g.f.Profile, nil
}

func (g *fakeKey) CreatePaymentLink(ctx context.Context, req domain.LinkRequest) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	if g.f.CreateErr != nil {
		return domain.RemoteLink{}, g.f.CreateErr
	}
	g.f.n++
	g.f.Created++
	id := fmt.Sprintf("pl_Fake%04d", g.f.n)
	l := domain.RemoteLink{ID: id, Mode: domain.KeyMode(g.key), Description: req.Description, Amount: req.Amount,
		URL: fmt.Sprintf("https://paymentlink.mollie.com/payment/Fake%04d/", g.f.n), ExpiresAt: req.ExpiresAt}
	g.f.Links[id] = l
	return l, nil
}

func (g *fakeKey) GetPaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	l, ok := g.f.Links[id]
	if !ok {
		return l, domain.ErrNotFound
	}
	return l, nil
}

func (g *fakeKey) ListPaymentLinks(ctx context.Context) iter.Seq2[domain.RemoteLink, error] {
	return listed(ctx, g, func() []domain.RemoteLink { return slices.Collect(maps.Values(g.f.Links)) })
}

func (g *fakeKey) LinkPayments(ctx context.Context, linkID string) iter.Seq2[domain.RemotePayment, error] {
	return listed(ctx, g, func() []domain.RemotePayment { return slices.Clone(g.f.Attempts[linkID]) })
}

func (g *fakeKey) ArchivePaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	l, ok := g.f.Links[id]
	if !ok {
		return l, domain.ErrNotFound
	}
	l.Archived = true
	g.f.Links[id] = l
	return l, nil
}

func (g *fakeKey) DeletePaymentLink(ctx context.Context, id string) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	delete(g.f.Links, id)
	return nil
}

func (g *fakeKey) CreatePayment(ctx context.Context, req domain.CheckoutRequest) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	g.f.n++
	g.f.Created++
	id := fmt.Sprintf("tr_Fake%04d", g.f.n)
	p := domain.RemotePayment{ID: id, Mode: domain.KeyMode(g.key), Status: domain.StatusOpen, Description: req.Description,
		Amount: req.Amount, CheckoutURL: fmt.Sprintf("https://www.mollie.com/checkout/select-method/Fake%04d", g.f.n)}
	g.f.Payments[id] = p
	return p, nil
}

func (g *fakeKey) GetPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	p, ok := g.f.Payments[id]
	if !ok {
		return p, domain.ErrNotFound
	}
	return p, nil
}

func (g *fakeKey) ListPayments(ctx context.Context) iter.Seq2[domain.RemotePayment, error] {
	return listed(ctx, g, func() []domain.RemotePayment { return slices.Collect(maps.Values(g.f.Payments)) })
}

func (g *fakeKey) CancelPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	p, ok := g.f.Payments[id]
	if !ok {
		return p, domain.ErrNotFound
	}
	// Mollie lets a merchant cancel only bank transfers not yet completed.
	if p.Method != "banktransfer" || (p.Status != domain.StatusOpen && p.Status != domain.StatusPending) {
		return domain.RemotePayment{}, &domain.GatewayError{HTTPStatus: 422, Title: "Unprocessable Entity", Detail: "The payment cannot be canceled"}
	}
	p.Status = domain.StatusCanceled
	g.f.Payments[id] = p
	return p, nil
}

func (g *fakeKey) PaymentRefunds(ctx context.Context, paymentID string) iter.Seq2[domain.RemoteRefund, error] {
	return listed(ctx, g, func() []domain.RemoteRefund {
		return of(g.f.Refunds, func(r domain.RemoteRefund) bool { return r.PaymentID == paymentID })
	})
}

func (g *fakeKey) PaymentChargebacks(ctx context.Context, paymentID string) iter.Seq2[domain.RemoteChargeback, error] {
	return listed(ctx, g, func() []domain.RemoteChargeback {
		return of(g.f.Chargebacks, func(cb domain.RemoteChargeback) bool { return cb.PaymentID == paymentID })
	})
}

func (g *fakeKey) ListRefunds(ctx context.Context) iter.Seq2[domain.RemoteRefund, error] {
	return listed(ctx, g, func() []domain.RemoteRefund { return of(g.f.Refunds, func(domain.RemoteRefund) bool { return true }) })
}

func (g *fakeKey) ListChargebacks(ctx context.Context) iter.Seq2[domain.RemoteChargeback, error] {
	return listed(ctx, g, func() []domain.RemoteChargeback {
		return of(g.f.Chargebacks, func(domain.RemoteChargeback) bool { return true })
	})
}

// of picks the items keep accepts, newest first, as Mollie lists them.
func of[T any](oldestFirst []T, keep func(T) bool) []T {
	var out []T
	for _, it := range slices.Backward(oldestFirst) {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// listed yields a copy of what read returns, taken under the fake's lock,
// so a caller may call the fake again while it ranges over the list.
func listed[T any](ctx context.Context, g *fakeKey, read func() []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if err := g.check(ctx); err != nil {
			var zero T
			yield(zero, err)
			return
		}
		g.f.mu.Lock()
		items := read()
		g.f.mu.Unlock()
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}
