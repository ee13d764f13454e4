package mollie

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// decodeLink reads a payment-link object.
func (c *Client) decodeLink(raw []byte) (domain.RemoteLink, error) {
	var w wirePaymentLink
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemoteLink{}, fmt.Errorf("mollie: reading a payment link: %w", err)
	}
	if w.ID == "" {
		return domain.RemoteLink{}, errors.New("mollie: a payment link in Mollie's answer has no id")
	}
	amount, err := c.money(w.Amount, w.ID+" amount")
	if err != nil {
		return domain.RemoteLink{}, err
	}
	return domain.RemoteLink{
		ID:          w.ID,
		Mode:        c.modeOf(w.Mode),
		Description: w.Description,
		Amount:      amount,
		URL:         w.Links.href("paymentLink"),
		Archived:    w.Archived,
		Reusable:    w.Reusable,
		CreatedAt:   w.CreatedAt.Time,
		PaidAt:      w.PaidAt.Time,
		ExpiresAt:   w.ExpiresAt.Time,
	}, nil
}

// decodePayment reads a payment object. Its status is kept as Mollie spells
// it, unknown values included.
func (c *Client) decodePayment(raw []byte) (domain.RemotePayment, error) {
	var w wirePayment
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemotePayment{}, fmt.Errorf("mollie: reading a payment: %w", err)
	}
	if w.ID == "" {
		return domain.RemotePayment{}, errors.New("mollie: a payment in Mollie's answer has no id")
	}
	p := domain.RemotePayment{
		ID:          w.ID,
		Mode:        c.modeOf(w.Mode),
		Status:      domain.Status(w.Status),
		Description: w.Description,
		Method:      w.Method,
		CheckoutURL: w.Links.href("checkout"),
		Metadata:    decodeMetadata(w.Metadata),
		CreatedAt:   w.CreatedAt.Time,
		ExpiresAt:   w.ExpiresAt.Time,
		PaidAt:      w.PaidAt.Time,
		CanceledAt:  w.CanceledAt.Time,
		ExpiredAt:   w.ExpiredAt.Time,
		FailedAt:    w.FailedAt.Time,
	}
	var err error
	if p.Amount, err = c.money(w.Amount, w.ID+" amount"); err != nil {
		return domain.RemotePayment{}, err
	}
	if p.AmountRefunded, err = c.money(w.AmountRefunded, w.ID+" amountRefunded"); err != nil {
		return domain.RemotePayment{}, err
	}
	if p.AmountChargedBack, err = c.money(w.AmountChargedBack, w.ID+" amountChargedBack"); err != nil {
		return domain.RemotePayment{}, err
	}
	// Absent refund totals mean nothing was refunded, in the payment's currency.
	if p.AmountRefunded.Currency == "" {
		p.AmountRefunded = domain.Zero(p.Amount.Currency)
	}
	if p.AmountChargedBack.Currency == "" {
		p.AmountChargedBack = domain.Zero(p.Amount.Currency)
	}
	return p, nil
}

func (c *Client) decodeProfile(raw []byte) (domain.Profile, error) {
	var w wireProfile
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.Profile{}, fmt.Errorf("mollie: reading the profile: %w", err)
	}
	// The key decides the mode the client works in; a profile's own "mode"
	// tells whether it may take live payments, which is another matter.
	return domain.Profile{ID: w.ID, Name: w.Name, Website: w.Website, Status: w.Status, Mode: c.mode}, nil
}

func (c *Client) modeOf(wire string) domain.Mode {
	if wire == "" {
		return c.mode
	}
	return domain.Mode(wire)
}

// money reads an amount exactly. A value with the wrong number of decimals
// is read leniently rather than failing a whole list; absent is zero.
func (c *Client) money(a *wireAmount, what string) (domain.Money, error) {
	if a == nil || (a.Currency == "" && a.Value == "") {
		return domain.Money{}, nil
	}
	value := string(a.Value)
	m, err := domain.ParseMollieValue(value, a.Currency)
	if err == nil {
		return m, nil
	}
	lenient, lerr := domain.ParseMoney(trimExtraZeros(value, a.Currency), a.Currency)
	if lerr != nil {
		return domain.Money{}, fmt.Errorf("mollie: %s: %w", what, err)
	}
	c.debugf("mollie: %s %q %s does not have %d decimals; read as %s", what, value, a.Currency, domain.Decimals(a.Currency), lenient)
	return lenient, nil
}

// trimExtraZeros drops zeros past the currency's decimals ("20.000" EUR),
// which ParseMoney would otherwise take for a thousands separator. Mollie
// always writes '.' as the decimal separator.
func trimExtraZeros(value, currency string) string {
	whole, frac, ok := strings.Cut(value, ".")
	if !ok {
		return value
	}
	d := domain.Decimals(currency)
	for len(frac) > d && strings.HasSuffix(frac, "0") {
		frac = frac[:len(frac)-1]
	}
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

// decodeMetadata keeps numbers exact (json.Number). Mollie echoes metadata
// in the form it was sent: an object, or text that may itself hold JSON;
// anything that is not an object ends up under the key "value".
func decodeMetadata(raw json.RawMessage) map[string]any {
	v, ok := decodeJSONValue(raw)
	if !ok || v == nil {
		return nil
	}
	if s, isText := v.(string); isText {
		if inner, ok := decodeJSONValue([]byte(s)); ok {
			if m, isObject := inner.(map[string]any); isObject {
				return m
			}
		}
	}
	if m, isObject := v.(map[string]any); isObject {
		return m
	}
	return map[string]any{"value": v}
}

func decodeJSONValue(raw []byte) (any, bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}
