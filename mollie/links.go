package mollie

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/paydesk/paydesk/domain"
)

type linkCreateBody struct {
	Description string     `json:"description"`
	Amount      amountBody `json:"amount"`
	RedirectURL string     `json:"redirectUrl,omitempty"`
	WebhookURL  string     `json:"webhookUrl,omitempty"`
	ExpiresAt   string     `json:"expiresAt,omitempty"`
}

// CreatePaymentLink asks Mollie for a single-use payment link. The request's
// IdempotencyKey, when set, lets a repeated call return the first link.
func (c *Client) CreatePaymentLink(ctx context.Context, req domain.LinkRequest) (domain.RemoteLink, error) {
	if err := checkAmount(req.Amount); err != nil {
		return domain.RemoteLink{}, err
	}
	body := linkCreateBody{
		Description: req.Description,
		Amount:      amountOf(req.Amount),
		RedirectURL: req.RedirectURL,
		WebhookURL:  req.WebhookURL,
	}
	if !req.ExpiresAt.IsZero() {
		body.ExpiresAt = req.ExpiresAt.UTC().Format(time.RFC3339)
	}
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodPost, c.endpoint("/v2/payment-links", nil), body, req.IdempotencyKey, &raw); err != nil {
		return domain.RemoteLink{}, err
	}
	obj, err := c.decodeLink(raw)
	if err != nil {
		// Created, perhaps, but not usable: the caller keeps the intent.
		return obj, c.unreadable(0, err)
	}
	return obj, nil
}

// GetPaymentLink fetches a link; an unknown id, or one of the other mode,
// gives an error that wraps domain.ErrNotFound.
func (c *Client) GetPaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := checkID(id, "pl_", "payment link"); err != nil {
		return domain.RemoteLink{}, err
	}
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodGet, c.endpoint("/v2/payment-links/"+id, nil), nil, "", &raw); err != nil {
		return domain.RemoteLink{}, err
	}
	return c.decodeLink(raw)
}

// ListPaymentLinks yields the key's links, newest first.
func (c *Client) ListPaymentLinks(ctx context.Context) iter.Seq2[domain.RemoteLink, error] {
	return list(ctx, c, "/v2/payment-links", "payment_links", c.decodeLink)
}

// LinkPayments yields the payments customers started under a link.
func (c *Client) LinkPayments(ctx context.Context, linkID string) iter.Seq2[domain.RemotePayment, error] {
	if err := checkID(linkID, "pl_", "payment link"); err != nil {
		return failedSeq[domain.RemotePayment](err)
	}
	return list(ctx, c, "/v2/payment-links/"+linkID+"/payments", "payments", c.decodePayment)
}

// ArchivePaymentLink stops customers from paying a link; archiving an
// archived link is harmless, which makes retries safe.
func (c *Client) ArchivePaymentLink(ctx context.Context, id string) (domain.RemoteLink, error) {
	if err := checkID(id, "pl_", "payment link"); err != nil {
		return domain.RemoteLink{}, err
	}
	var raw json.RawMessage
	body := struct {
		Archived bool `json:"archived"`
	}{Archived: true}
	if err := c.call(ctx, http.MethodPatch, c.endpoint("/v2/payment-links/"+id, nil), body, "", &raw); err != nil {
		return domain.RemoteLink{}, err
	}
	return c.decodeLink(raw)
}

// DeletePaymentLink removes a link no customer has opened yet; Mollie
// refuses (422) for any other.
func (c *Client) DeletePaymentLink(ctx context.Context, id string) error {
	if err := checkID(id, "pl_", "payment link"); err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, c.endpoint("/v2/payment-links/"+id, nil), nil, "", nil)
}
