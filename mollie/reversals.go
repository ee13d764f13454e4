package mollie

import (
	"context"
	"iter"

	"github.com/paydesk/paydesk/domain"
)

// PaymentRefunds yields a payment's refunds (GET /v2/payments/{id}/refunds).
func (c *Client) PaymentRefunds(ctx context.Context, paymentID string) iter.Seq2[domain.RemoteRefund, error] {
	if err := checkID(paymentID, "tr_", "payment"); err != nil {
		return failedSeq[domain.RemoteRefund](err)
	}
	return list(ctx, c, "/v2/payments/"+paymentID+"/refunds", "refunds", c.decodeRefund)
}

// PaymentChargebacks yields a payment's chargebacks
// (GET /v2/payments/{id}/chargebacks).
func (c *Client) PaymentChargebacks(ctx context.Context, paymentID string) iter.Seq2[domain.RemoteChargeback, error] {
	if err := checkID(paymentID, "tr_", "payment"); err != nil {
		return failedSeq[domain.RemoteChargeback](err)
	}
	return list(ctx, c, "/v2/payments/"+paymentID+"/chargebacks", "chargebacks", c.decodeChargeback)
}

// ListRefunds yields the refunds of all the key's payments, newest first
// (GET /v2/refunds).
func (c *Client) ListRefunds(ctx context.Context) iter.Seq2[domain.RemoteRefund, error] {
	return list(ctx, c, "/v2/refunds", "refunds", c.decodeRefund)
}

// ListChargebacks yields the chargebacks of all the key's payments, newest
// first (GET /v2/chargebacks).
func (c *Client) ListChargebacks(ctx context.Context) iter.Seq2[domain.RemoteChargeback, error] {
	return list(ctx, c, "/v2/chargebacks", "chargebacks", c.decodeChargeback)
}
