package tui

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"sync"

	"github.com/paydesk/paydesk/domain"
)

// fakeMollie is a domain.Gateway in memory. hold, when set, makes every call
// wait until it is closed, to show that a slow Mollie never blocks the UI.
type fakeMollie struct {
	mu        sync.Mutex
	profile   domain.Profile
	links     map[string]domain.RemoteLink
	attempts  map[string][]domain.RemotePayment
	payments  map[string]domain.RemotePayment
	n         int
	createErr error
	hold      chan struct{}
	created   int
}

func newFakeMollie() *fakeMollie {
	return &fakeMollie{
		profile:  domain.Profile{ID: "pfl_QkEhN94Ba", Name: "Acme Bookkeeping", Website: "https://acme.example", Status: "verified"},
		links:    map[string]domain.RemoteLink{},
		attempts: map[string][]domain.RemotePayment{},
		payments: map[string]domain.RemotePayment{},
	}
}

// gateways gives every key this fake; a key that is not test_/live_ and 30
// characters long is refused as Mollie refuses it.
func (f *fakeMollie) gateways() domain.GatewayFactory {
	return func(key string) domain.Gateway { return &fakeKey{f: f, key: key} }
}

type fakeKey struct {
	f   *fakeMollie
	key string
}

var _ domain.Gateway = (*fakeKey)(nil)

func (g *fakeKey) wait(ctx context.Context) error {
	g.f.mu.Lock()
	hold := g.f.hold
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
	return g.f.profile, nil
}

func (g *fakeKey) CreatePaymentLink(ctx context.Context, req domain.LinkRequest) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	if g.f.createErr != nil {
		return domain.RemoteLink{}, g.f.createErr
	}
	g.f.n++
	g.f.created++
	id := fmt.Sprintf("pl_Fake%04d", g.f.n)
	l := domain.RemoteLink{ID: id, Mode: domain.KeyMode(g.key), Description: req.Description, Amount: req.Amount,
		URL: fmt.Sprintf("https://paymentlink.mollie.com/payment/Fake%04d/", g.f.n), ExpiresAt: req.ExpiresAt}
	g.f.links[id] = l
	return l, nil
}

func (g *fakeKey) GetPaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	l, ok := g.f.links[id]
	if !ok {
		return l, domain.ErrNotFound
	}
	return l, nil
}

func (g *fakeKey) ListPaymentLinks(ctx context.Context) iter.Seq2[domain.RemoteLink, error] {
	return func(yield func(domain.RemoteLink, error) bool) {
		if err := g.check(ctx); err != nil {
			yield(domain.RemoteLink{}, err)
			return
		}
		g.f.mu.Lock()
		ls := make([]domain.RemoteLink, 0, len(g.f.links))
		for _, l := range g.f.links {
			ls = append(ls, l)
		}
		g.f.mu.Unlock()
		for _, l := range ls {
			if !yield(l, nil) {
				return
			}
		}
	}
}

func (g *fakeKey) LinkPayments(ctx context.Context, linkID string) iter.Seq2[domain.RemotePayment, error] {
	return func(yield func(domain.RemotePayment, error) bool) {
		if err := g.check(ctx); err != nil {
			yield(domain.RemotePayment{}, err)
			return
		}
		g.f.mu.Lock()
		as := append([]domain.RemotePayment(nil), g.f.attempts[linkID]...)
		g.f.mu.Unlock()
		for _, a := range as {
			if !yield(a, nil) {
				return
			}
		}
	}
}

func (g *fakeKey) ArchivePaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemoteLink{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	l, ok := g.f.links[id]
	if !ok {
		return l, domain.ErrNotFound
	}
	l.Archived = true
	g.f.links[id] = l
	return l, nil
}

func (g *fakeKey) DeletePaymentLink(ctx context.Context, id string) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	delete(g.f.links, id)
	return nil
}

func (g *fakeKey) CreatePayment(ctx context.Context, req domain.CheckoutRequest) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	g.f.n++
	g.f.created++
	id := fmt.Sprintf("tr_Fake%04d", g.f.n)
	p := domain.RemotePayment{ID: id, Mode: domain.KeyMode(g.key), Status: domain.StatusOpen, Description: req.Description,
		Amount: req.Amount, CheckoutURL: fmt.Sprintf("https://www.mollie.com/checkout/select-method/Fake%04d", g.f.n)}
	g.f.payments[id] = p
	return p, nil
}

func (g *fakeKey) GetPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	p, ok := g.f.payments[id]
	if !ok {
		return p, domain.ErrNotFound
	}
	return p, nil
}

func (g *fakeKey) ListPayments(ctx context.Context) iter.Seq2[domain.RemotePayment, error] {
	return func(yield func(domain.RemotePayment, error) bool) {
		if err := g.check(ctx); err != nil {
			yield(domain.RemotePayment{}, err)
			return
		}
		g.f.mu.Lock()
		ps := make([]domain.RemotePayment, 0, len(g.f.payments))
		for _, p := range g.f.payments {
			ps = append(ps, p)
		}
		g.f.mu.Unlock()
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func (g *fakeKey) CancelPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := g.check(ctx); err != nil {
		return domain.RemotePayment{}, err
	}
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	p, ok := g.f.payments[id]
	if !ok {
		return p, domain.ErrNotFound
	}
	p.Status = domain.StatusCanceled
	g.f.payments[id] = p
	return p, nil
}
