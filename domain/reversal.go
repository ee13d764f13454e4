package domain

import (
	"context"
	"errors"
	"iter"
	"time"
)

// Refund statuses that give nothing back, as Mollie's refund-status spells them.
const (
	RefundFailed   = "failed"
	RefundCanceled = "canceled"
)

// refundGivesBack tells whether a refund in status takes money back from
// what the invoice received. Mollie's refund guide
// (https://docs.mollie.com/payments/refunds, "Refund statuses"): queued
// waits for balance and then "automatically transitions to the next
// status"; pending "is ready to be sent to the bank"; processing "is being
// processed. Cancellation is no longer possible"; refunded "has been settled
// to your customer". In all four the money is the customer's unless
// something else happens. failed: "The funds will be returned to your
// account"; canceled: it will not be processed. A status Mollie adds later
// counts as given back: an invoice shown owing is looked at, one shown paid
// is not.
func refundGivesBack(status string) bool {
	return status != RefundFailed && status != RefundCanceled
}

// reversals are the refunds and chargebacks read in one pass, by payment id.
type reversals struct {
	refunds     map[string][]RemoteRefund
	chargebacks map[string][]RemoteChargeback
	// spoiled holds the payments one of whose refunds or chargebacks was
	// refused: their sums are not known this time. all: one without a
	// readable payment id was refused, so no sum is known.
	spoiled map[string]bool
	all     bool
}

func newReversals() *reversals {
	return &reversals{refunds: map[string][]RemoteRefund{}, chargebacks: map[string][]RemoteChargeback{}, spoiled: map[string]bool{}}
}

// refuse notes an object refused while reading the lists.
func (r *reversals) refuse(paymentID string) {
	if paymentID == "" {
		r.all = true
		return
	}
	r.spoiled[paymentID] = true
}

// attach sets what was given back of rp from its refunds and chargebacks: a
// refund by its status (refundGivesBack), a chargeback until it is
// reversed. One in another currency or not positive is refused as an
// anomaly and nothing is attached, so what is known stands.
func (r *reversals) attach(rp *RemotePayment) error {
	if r.all || r.spoiled[rp.ID] {
		return nil
	}
	refunded, chargedBack := Zero(rp.Amount.Currency), Zero(rp.Amount.Currency)
	for _, x := range r.refunds[rp.ID] {
		if err := vetReversal(*rp, x.ID, x.Amount); err != nil {
			return err
		}
		if refundGivesBack(x.Status) {
			refunded = refunded.Add(x.Amount)
		}
	}
	for _, x := range r.chargebacks[rp.ID] {
		if err := vetReversal(*rp, x.ID, x.Amount); err != nil {
			return err
		}
		if x.ReversedAt.IsZero() {
			chargedBack = chargedBack.Add(x.Amount)
		}
	}
	rp.AmountRefunded, rp.AmountChargedBack, rp.Reversals = refunded, chargedBack, true
	return nil
}

// vetReversal checks one refund or chargeback of rp: positive, in the
// payment's currency. Whether they add up to more than was paid is
// vetPayment's to say.
func vetReversal(rp RemotePayment, id string, amount Money) error {
	switch {
	case amount.Currency != rp.Amount.Currency:
		return Anomaly(id, WhyAnomalyReversalCurrency, amount, rp.ID, rp.Amount.Currency)
	case !amount.IsPositive():
		return Anomaly(id, WhyAnomalyNotPositive, amount)
	}
	return nil
}

// reversalLists says which of Mollie's two lists a sync cycle reads.
type reversalLists struct{ refunds, chargebacks bool }

// readReversalLists reads Mollie's lists of all refunds and chargebacks
// (those want names), newest first, down to those created before since: a
// refund or chargeback is never older than its payment, so every one of a
// payment created since then is seen. Sync reads them once per cycle
// instead of two lists per paid payment.
func (s *Service) readReversalLists(ctx context.Context, gw Gateway, since time.Time, want reversalLists, rep *SyncReport) (*reversals, error) {
	r := newReversals()
	if want.refunds {
		err := walkBack(s, ctx, gw.ListRefunds(ctx), since, rep, r, func(x RemoteRefund) (string, time.Time) {
			return x.PaymentID, x.CreatedAt
		}, func(x RemoteRefund) { r.refunds[x.PaymentID] = append(r.refunds[x.PaymentID], x) })
		if err != nil {
			return nil, err
		}
	}
	if want.chargebacks {
		err := walkBack(s, ctx, gw.ListChargebacks(ctx), since, rep, r, func(x RemoteChargeback) (string, time.Time) {
			return x.PaymentID, x.CreatedAt
		}, func(x RemoteChargeback) { r.chargebacks[x.PaymentID] = append(r.chargebacks[x.PaymentID], x) })
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// walkBack reads a newest-first list until past since, handing each object
// to add. An object paydesk refuses is logged and its payment's sums marked
// unknown (the client yields the payment id with the refusal when it could
// read it); any other error ends the walk.
func walkBack[T any](s *Service, ctx context.Context, seq iter.Seq2[T, error], since time.Time, rep *SyncReport, r *reversals,
	of func(T) (paymentID string, createdAt time.Time), add func(T)) error {
	for x, err := range seq {
		paymentID, createdAt := of(x)
		if err != nil {
			if !s.skipAnomaly(ctx, err, rep) {
				return err
			}
			r.refuse(paymentID)
			continue
		}
		rep.Listed++
		add(x)
		if createdAt.Before(since) {
			break
		}
	}
	return nil
}

// readReversals reads the refunds and chargebacks of one payment by its own
// routes, for the single payment a webhook or a check brings; a list the
// payment object says is empty (NoRefunds, NoChargebacks) is not read. An
// object that is refused leaves the payment's sums unread.
func (s *Service) readReversals(ctx context.Context, gw Gateway, p Payment, rp *RemotePayment) error {
	r := newReversals()
	refused := false
	refuse := func(err error) {
		s.logAnomaly(ctx, p, err)
		refused = true
	}
	if !rp.NoRefunds {
		if err := collect(gw.PaymentRefunds(ctx, rp.ID), func(x RemoteRefund) { r.refunds[rp.ID] = append(r.refunds[rp.ID], x) }, refuse); err != nil {
			return err
		}
	}
	if !rp.NoChargebacks {
		if err := collect(gw.PaymentChargebacks(ctx, rp.ID), func(x RemoteChargeback) { r.chargebacks[rp.ID] = append(r.chargebacks[rp.ID], x) }, refuse); err != nil {
			return err
		}
	}
	if refused {
		return nil
	}
	if err := r.attach(rp); err != nil {
		s.logAnomaly(ctx, p, err)
	}
	return nil
}

// collect ranges over seq, handing each object to keep and each refused one
// to refuse; it returns the first other error.
func collect[T any](seq iter.Seq2[T, error], keep func(T), refuse func(error)) error {
	for x, err := range seq {
		var ae *AnomalyError
		switch {
		case errors.As(err, &ae):
			refuse(err)
		case err != nil:
			return err
		default:
			keep(x)
		}
	}
	return nil
}
