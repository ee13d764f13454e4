package domain

import (
	"testing"
	"time"
)

// What was given back of a payment follows each refund's status and each
// chargeback's reversal, and one odd object leaves the sums unknown instead
// of wrong.
func TestReversalsAttach(t *testing.T) {
	paid := attempt("tr_1", StatusPaid, t0) // EUR 60.00
	refund := func(id string, minor int64, status string) RemoteRefund {
		return RemoteRefund{ID: id, PaymentID: "tr_1", Amount: eur(minor), Status: status, CreatedAt: t0}
	}
	chargeback := func(id string, minor int64, reversed bool) RemoteChargeback {
		cb := RemoteChargeback{ID: id, PaymentID: "tr_1", Amount: eur(minor), CreatedAt: t0}
		if reversed {
			cb.ReversedAt = t0.Add(time.Hour)
		}
		return cb
	}
	for _, tc := range []struct {
		name                 string
		refunds              []RemoteRefund
		chargebacks          []RemoteChargeback
		refunded, chargedBak int64
	}{
		{"nothing", nil, nil, 0, 0},
		{"every status that gives back", []RemoteRefund{refund("re_1", 100, "queued"), refund("re_2", 200, "pending"),
			refund("re_3", 300, "processing"), refund("re_4", 400, "refunded"), refund("re_5", 500, "some-new-status")}, nil, 1500, 0},
		{"failed and canceled give nothing back", []RemoteRefund{refund("re_1", 100, RefundFailed), refund("re_2", 200, RefundCanceled),
			refund("re_3", 300, "refunded")}, nil, 300, 0},
		{"a reversed chargeback no longer counts", nil, []RemoteChargeback{chargeback("chb_1", 1000, true), chargeback("chb_2", 500, false)}, 0, 500},
	} {
		r := newReversals()
		r.refunds["tr_1"], r.chargebacks["tr_1"] = tc.refunds, tc.chargebacks
		rp := paid
		if err := r.attach(&rp); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !rp.Reversals || rp.AmountRefunded != eur(tc.refunded) || rp.AmountChargedBack != eur(tc.chargedBak) {
			t.Errorf("%s: refunded %v, charged back %v (read %v); want %d and %d", tc.name, rp.AmountRefunded, rp.AmountChargedBack, rp.Reversals, tc.refunded, tc.chargedBak)
		}
	}

	odd := refund("re_9", 100, "refunded")
	odd.Amount = NewMoney(100, "USD")
	for name, r := range map[string]*reversals{
		"another currency": {refunds: map[string][]RemoteRefund{"tr_1": {odd}}},
		"not positive":     {chargebacks: map[string][]RemoteChargeback{"tr_1": {chargeback("chb_9", -100, false)}}},
	} {
		rp := paid
		err := r.attach(&rp)
		if !IsAnomaly(err) || rp.Reversals || !rp.AmountRefunded.IsZero() || !rp.AmountChargedBack.IsZero() {
			t.Errorf("%s: %v, %+v; want an anomaly and nothing attached", name, err, rp)
		}
	}
	for name, refuse := range map[string]string{"its payment": "tr_1", "no readable payment": ""} {
		r := newReversals()
		r.refunds["tr_1"] = []RemoteRefund{refund("re_1", 100, "refunded")}
		r.refuse(refuse)
		rp := paid
		if err := r.attach(&rp); err != nil || rp.Reversals {
			t.Errorf("a refused object of %s: %v, read %v; want the sums left unknown", name, err, rp.Reversals)
		}
	}
}
