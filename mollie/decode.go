package mollie

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// decodeLink reads a payment-link object. An object paydesk cannot trust
// comes back as a *domain.AnomalyError, so that a list walks on past it.
func (c *Client) decodeLink(raw []byte) (domain.RemoteLink, error) {
	var w wirePaymentLink
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemoteLink{}, c.anomaly("", domain.WhyAnomalyUnreadable, kind(domain.WhyAnomalyKindLink), err.Error())
	}
	if !validID(w.ID, "pl_") {
		return domain.RemoteLink{}, c.anomaly("", domain.WhyAnomalyNoID, kind(domain.WhyAnomalyKindLink))
	}
	amount, err := c.money(w.Amount, w.ID+" amount")
	if err != nil {
		return domain.RemoteLink{}, c.anomaly(w.ID, domain.WhyAnomalyBadAmount, "amount", err.Error())
	}
	minimum, err := c.money(w.MinimumAmount, w.ID+" minimumAmount")
	if err != nil {
		return domain.RemoteLink{}, c.anomaly(w.ID, domain.WhyAnomalyBadAmount, "minimumAmount", err.Error())
	}
	href := w.Links.href("paymentLink")
	if href != "" && !c.trustedURL(href) {
		return domain.RemoteLink{}, c.anomaly(w.ID, domain.WhyAnomalyLinkURL)
	}
	return domain.RemoteLink{
		ID:            w.ID,
		Mode:          c.modeOf(w.Mode),
		Description:   c.scrub.scrub(w.Description),
		Amount:        amount,
		MinimumAmount: minimum,
		URL:           href,
		Archived:      w.Archived,
		Reusable:      w.Reusable,
		CreatedAt:     w.CreatedAt.Time,
		PaidAt:        w.PaidAt.Time,
		ExpiresAt:     w.ExpiresAt.Time,
	}, nil
}

// decodePayment reads a payment object. Its status is kept as Mollie spells
// it, unknown values included; an object paydesk cannot trust comes back as
// a *domain.AnomalyError.
func (c *Client) decodePayment(raw []byte) (domain.RemotePayment, error) {
	var w wirePayment
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemotePayment{}, c.anomaly("", domain.WhyAnomalyUnreadable, kind(domain.WhyAnomalyKindPayment), err.Error())
	}
	if !validID(w.ID, "tr_") {
		return domain.RemotePayment{}, c.anomaly("", domain.WhyAnomalyNoID, kind(domain.WhyAnomalyKindPayment))
	}
	checkout := w.Links.href("checkout")
	if checkout != "" && !c.trustedURL(checkout) {
		return domain.RemotePayment{}, c.anomaly(w.ID, domain.WhyAnomalyCheckoutURL)
	}
	p := domain.RemotePayment{
		ID:          w.ID,
		Mode:        c.modeOf(w.Mode),
		Status:      domain.Status(c.scrub.scrub(w.Status)),
		Description: c.scrub.scrub(w.Description),
		Method:      c.scrub.scrub(w.Method),
		CheckoutURL: checkout,
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
		return domain.RemotePayment{}, c.anomaly(w.ID, domain.WhyAnomalyBadAmount, "amount", err.Error())
	}
	// What was given back is read from the refunds and chargebacks
	// themselves, whose statuses tell what still counts: not from the
	// payment's amountRefunded and amountChargedBack. But Mollie's document
	// (entity-payment-response) sends amountRefunded "only when refunds are
	// available for this payment" and amountChargedBack "only when the total
	// charged back amount is not zero": without them there is no refund, or
	// nothing charged back, and that list need not be read.
	p.NoRefunds = len(w.AmountRefunded) == 0
	p.NoChargebacks = len(w.AmountChargedBack) == 0
	return p, nil
}

// decodeRefund reads a refund.
func (c *Client) decodeRefund(raw []byte) (domain.RemoteRefund, error) {
	var w wireRefund
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemoteRefund{}, c.anomaly("", domain.WhyAnomalyUnreadable, kind(domain.WhyAnomalyKindRefund), err.Error())
	}
	r := domain.RemoteRefund{Status: c.scrub.scrub(w.Status), CreatedAt: w.CreatedAt.Time}
	var err error
	r.ID, r.PaymentID, r.Amount, err = c.reversal(w.wireReversal, domain.WhyAnomalyKindRefund, "re_")
	return r, err
}

// decodeChargeback reads a chargeback.
func (c *Client) decodeChargeback(raw []byte) (domain.RemoteChargeback, error) {
	var w wireChargeback
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.RemoteChargeback{}, c.anomaly("", domain.WhyAnomalyUnreadable, kind(domain.WhyAnomalyKindChargeback), err.Error())
	}
	cb := domain.RemoteChargeback{CreatedAt: w.CreatedAt.Time, ReversedAt: w.ReversedAt.Time}
	var err error
	cb.ID, cb.PaymentID, cb.Amount, err = c.reversal(w.wireReversal, domain.WhyAnomalyKindChargeback, "chb_")
	return cb, err
}

// reversal checks what a refund and a chargeback share. A refused one still
// tells its payment id when that could be read, so that only that payment's
// sums are in doubt.
func (c *Client) reversal(w wireReversal, what domain.Why, prefix string) (id, paymentID string, amount domain.Money, err error) {
	if validID(w.PaymentID, "tr_") {
		paymentID = w.PaymentID
	}
	if !validID(w.ID, prefix) || paymentID == "" {
		return "", paymentID, amount, c.anomaly("", domain.WhyAnomalyNoID, kind(what))
	}
	if amount, err = c.money(w.Amount, w.ID+" amount"); err != nil {
		return w.ID, paymentID, amount, c.anomaly(w.ID, domain.WhyAnomalyBadAmount, "amount", err.Error())
	}
	return w.ID, paymentID, amount, nil
}

// anomaly is the error for an object from Mollie that is refused; its text
// facts are scrubbed of the key, since they may quote what Mollie sent.
func (c *Client) anomaly(id string, why domain.Why, facts ...any) *domain.AnomalyError {
	for i, f := range facts {
		if s, ok := f.(string); ok {
			facts[i] = c.scrub.scrub(s)
		}
	}
	return domain.Anomaly(id, why, facts...)
}

// kind names the kind of object an anomaly is about, as the catalogue
// words it.
func kind(w domain.Why) domain.Text { return domain.Say("err." + string(w)) }

// validID tells whether id is an id of the kind: the prefix followed by
// letters and digits, so that it is safe in a URL path and on a terminal.
func validID(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix)
	return ok && len(id) <= 64 && idBody.MatchString(rest)
}

// trustedURL tells whether a URL Mollie gave for customers is one paydesk
// may store, print and copy: https on mollie.com or one of its subdomains,
// or, for a simulator configured as the base URL, on the simulator's own
// scheme and host.
func (c *Client) trustedURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" && (host == "mollie.com" || strings.HasSuffix(host, ".mollie.com")) {
		return true
	}
	return c.base.String() != defaultBaseURL && strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Host, c.base.Host)
}

func (c *Client) decodeProfile(raw []byte) (domain.Profile, error) {
	var w wireProfile
	if err := json.Unmarshal(raw, &w); err != nil {
		return domain.Profile{}, c.anomaly("", domain.WhyAnomalyUnreadable, kind(domain.WhyAnomalyKindProfile), err.Error())
	}
	// The key decides the mode the client works in; a profile's own "mode"
	// tells whether it may take live payments, which is another matter.
	return domain.Profile{ID: c.scrub.scrub(w.ID), Name: c.scrub.scrub(w.Name), Website: c.scrub.scrub(w.Website),
		Status: c.scrub.scrub(w.Status), Mode: c.mode}, nil
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
