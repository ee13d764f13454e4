package mollie

import (
	"context"
	"iter"

	"github.com/paydesk/paydesk/domain"
)

// Gateways returns a factory that builds a Client per API key on top of base
// (whose APIKey is ignored). A key New refuses still gives a Gateway, one
// whose every method returns New's error, so callers handle a bad key where
// they handle every other Mollie error.
func Gateways(base Config) domain.GatewayFactory {
	return func(apiKey string) domain.Gateway {
		cfg := base
		cfg.APIKey = apiKey
		c, err := New(cfg)
		if err != nil {
			return brokenGateway{err: err}
		}
		return c
	}
}

// brokenGateway answers every call with the error that kept a Client from
// being built.
type brokenGateway struct{ err error }

var _ domain.Gateway = brokenGateway{}

func (g brokenGateway) Profile(context.Context) (domain.Profile, error) {
	return domain.Profile{}, g.err
}

func (g brokenGateway) CreatePaymentLink(context.Context, domain.LinkRequest) (domain.RemoteLink, error) {
	return domain.RemoteLink{}, g.err
}

func (g brokenGateway) GetPaymentLink(context.Context, string) (domain.RemoteLink, error) {
	return domain.RemoteLink{}, g.err
}

func (g brokenGateway) ListPaymentLinks(context.Context) iter.Seq2[domain.RemoteLink, error] {
	return failedSeq[domain.RemoteLink](g.err)
}

func (g brokenGateway) LinkPayments(context.Context, string) iter.Seq2[domain.RemotePayment, error] {
	return failedSeq[domain.RemotePayment](g.err)
}

func (g brokenGateway) ArchivePaymentLink(context.Context, string) (domain.RemoteLink, error) {
	return domain.RemoteLink{}, g.err
}

func (g brokenGateway) DeletePaymentLink(context.Context, string) error { return g.err }

func (g brokenGateway) CreatePayment(context.Context, domain.CheckoutRequest) (domain.RemotePayment, error) {
	return domain.RemotePayment{}, g.err
}

func (g brokenGateway) GetPayment(context.Context, string) (domain.RemotePayment, error) {
	return domain.RemotePayment{}, g.err
}

func (g brokenGateway) ListPayments(context.Context) iter.Seq2[domain.RemotePayment, error] {
	return failedSeq[domain.RemotePayment](g.err)
}

func (g brokenGateway) CancelPayment(context.Context, string) (domain.RemotePayment, error) {
	return domain.RemotePayment{}, g.err
}

// failedSeq yields err once.
func failedSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

func (g brokenGateway) PaymentRefunds(context.Context, string) iter.Seq2[domain.RemoteRefund, error] {
	return failedSeq[domain.RemoteRefund](g.err)
}

func (g brokenGateway) PaymentChargebacks(context.Context, string) iter.Seq2[domain.RemoteChargeback, error] {
	return failedSeq[domain.RemoteChargeback](g.err)
}

func (g brokenGateway) ListRefunds(context.Context) iter.Seq2[domain.RemoteRefund, error] {
	return failedSeq[domain.RemoteRefund](g.err)
}

func (g brokenGateway) ListChargebacks(context.Context) iter.Seq2[domain.RemoteChargeback, error] {
	return failedSeq[domain.RemoteChargeback](g.err)
}
