package mollie

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/paydesk/paydesk/domain"
)

type paymentCreateBody struct {
	Description string            `json:"description"`
	Amount      amountBody        `json:"amount"`
	RedirectURL string            `json:"redirectUrl,omitempty"`
	WebhookURL  string            `json:"webhookUrl,omitempty"`
	Locale      string            `json:"locale,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// CreatePayment asks Mollie for a checkout payment the customer pays now.
func (c *Client) CreatePayment(ctx context.Context, req domain.CheckoutRequest) (domain.RemotePayment, error) {
	if err := checkAmount(req.Amount); err != nil {
		return domain.RemotePayment{}, err
	}
	body := paymentCreateBody{
		Description: req.Description,
		Amount:      amountOf(req.Amount),
		RedirectURL: req.RedirectURL,
		WebhookURL:  req.WebhookURL,
		Locale:      req.Locale,
		Metadata:    req.Metadata,
	}
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodPost, c.endpoint("/v2/payments", nil), body, req.IdempotencyKey, &raw); err != nil {
		return domain.RemotePayment{}, err
	}
	obj, err := c.decodePayment(raw)
	if err != nil {
		// Created, perhaps, but not usable: the caller keeps the intent.
		return obj, c.unreadable(0, err)
	}
	return obj, nil
}

// GetPayment fetches a payment; an unknown id, or one of the other mode,
// gives an error that wraps domain.ErrNotFound.
func (c *Client) GetPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := checkID(id, "tr_", "payment"); err != nil {
		return domain.RemotePayment{}, err
	}
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodGet, c.endpoint("/v2/payments/"+id, nil), nil, "", &raw); err != nil {
		return domain.RemotePayment{}, err
	}
	return c.decodePayment(raw)
}

// ListPayments yields the key's payments, newest first.
func (c *Client) ListPayments(ctx context.Context) iter.Seq2[domain.RemotePayment, error] {
	return list(ctx, c, "/v2/payments", "payments", c.decodePayment)
}

// CancelPayment cancels a payment Mollie still allows to be canceled
// (isCancelable); for others Mollie answers 422.
func (c *Client) CancelPayment(ctx context.Context, id string) (domain.RemotePayment, error) {
	if err := checkID(id, "tr_", "payment"); err != nil {
		return domain.RemotePayment{}, err
	}
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodDelete, c.endpoint("/v2/payments/"+id, nil), nil, "", &raw); err != nil {
		return domain.RemotePayment{}, err
	}
	return c.decodePayment(raw)
}
