package domain

import (
	"cmp"
	"context"
	"errors"
	"time"
)

// AnomalyError is an object from Mollie that paydesk does not accept: it
// cannot be read, or its amount, currency or URL is not what paydesk asked
// for. It is refused, logged at error level with its Mollie id, shown, and
// never applied to an invoice. Like Error it is a reason with facts, worded
// through the catalogue: "err.anomaly" around "err."+Why.
type AnomalyError struct {
	MollieID string // "" when the object had no readable id
	Why      Why    // one of the WhyAnomaly… reasons
	Facts    []any
}

// The reasons an object from Mollie is refused, each with its facts in
// order; the kinds name what could not be read.
const (
	WhyAnomaly                    Why = "anomaly"                       // what Mollie sent (its id, or the Text of WhyAnomalyObject), the reason (Text)
	WhyAnomalyObject              Why = "anomaly_object"                // –
	WhyAnomalyLinkAmount          Why = "anomaly_link_amount"           // Money the link asks, Money paydesk asked
	WhyAnomalyOpenAmount          Why = "anomaly_open_amount"           // Money paydesk asked
	WhyAnomalyOpenMinimum         Why = "anomaly_open_minimum"          // Money the customer must enter at least, Money paydesk asked
	WhyAnomalyCurrency            Why = "anomaly_currency"              // Money paid, currency asked
	WhyAnomalyNotPositive         Why = "anomaly_not_positive"          // Money
	WhyAnomalyMoreThanAsked       Why = "anomaly_more_than_asked"       // Money paid, Money asked
	WhyAnomalyNotAsked            Why = "anomaly_not_asked"             // Money paid, Money asked
	WhyAnomalyRefundedCurrency    Why = "anomaly_refunded_currency"     // Money refunded, currency asked
	WhyAnomalyChargedBackCurrency Why = "anomaly_charged_back_currency" // Money charged back, currency asked
	WhyAnomalyRefundedNegative    Why = "anomaly_refunded_negative"     // Money refunded
	WhyAnomalyChargedBackNegative Why = "anomaly_charged_back_negative" // Money charged back
	WhyAnomalyBackMoreThanPaid    Why = "anomaly_back_more_than_paid"   // Money paid
	WhyAnomalyReversalCurrency    Why = "anomaly_reversal_currency"     // Money given back, payment id, currency paid
	WhyAnomalyUnreadable          Why = "anomaly_unreadable"            // kind (Text), what failed (Mollie's or the decoder's words, scrubbed)
	WhyAnomalyNoID                Why = "anomaly_no_id"                 // kind (Text)
	WhyAnomalyBadAmount           Why = "anomaly_bad_amount"            // field, what failed (scrubbed)
	WhyAnomalyLinkURL             Why = "anomaly_link_url"              // –
	WhyAnomalyCheckoutURL         Why = "anomaly_checkout_url"          // –
	WhyAnomalyKindLink            Why = "anomaly_kind_payment_link"     // –
	WhyAnomalyKindPayment         Why = "anomaly_kind_payment"          // –
	WhyAnomalyKindRefund          Why = "anomaly_kind_refund"           // –
	WhyAnomalyKindChargeback      Why = "anomaly_kind_chargeback"       // –
	WhyAnomalyKindProfile         Why = "anomaly_kind_profile"          // –
)

// Anomaly makes an AnomalyError for the object id, refused for why.
func Anomaly(id string, why Why, facts ...any) *AnomalyError {
	return &AnomalyError{MollieID: id, Why: why, Facts: facts}
}

// Error is the technical form, for debug logs and tests; people read Says.
func (e *AnomalyError) Error() string {
	return "refused " + cmp.Or(e.MollieID, "an object") + ": " + Fail(e.Why, e.Facts...).Error()
}

// Says is the refusal as the catalogue words it.
func (e *AnomalyError) Says() Text {
	var what any = Say("err." + string(WhyAnomalyObject))
	if e.MollieID != "" {
		what = e.MollieID
	}
	return Say("err."+string(WhyAnomaly), what, Say("err."+string(e.Why), e.Facts...))
}

// IsAnomaly reports whether err is an object refused as an anomaly.
func IsAnomaly(err error) bool {
	var ae *AnomalyError
	return errors.As(err, &ae)
}

// logAnomaly records a refused object at error level, with its Mollie id.
func (s *Service) logAnomaly(ctx context.Context, p Payment, err error) {
	id := p.MollieID
	var ae *AnomalyError
	if errors.As(err, &ae) && ae.MollieID != "" {
		id = ae.MollieID
	}
	s.mu.Lock()
	seen := s.anomalies[err.Error()]
	if s.anomalies == nil {
		s.anomalies = map[string]bool{}
	}
	s.anomalies[err.Error()] = true
	s.mu.Unlock()
	if seen {
		return
	}
	entry := LogEntry{Level: LevelError, Event: EventAnomaly, InvoiceNumber: p.InvoiceNumber, MollieID: id, Message: err.Error()}
	if ae != nil {
		entry.Message, entry.Says = "", ae.Says()
	}
	s.logEntry(ctx, entry)
}

// vetLink checks a link Mollie reports for row p: it must ask exactly what
// paydesk asked for.
func vetLink(p Payment, l RemoteLink) error {
	switch {
	case l.Amount.Currency == "" && l.MinimumAmount.Currency != "":
		return Anomaly(l.ID, WhyAnomalyOpenMinimum, l.MinimumAmount, p.Amount)
	case l.Amount.Currency == "":
		return Anomaly(l.ID, WhyAnomalyOpenAmount, p.Amount)
	case l.Amount != p.Amount:
		return Anomaly(l.ID, WhyAnomalyLinkAmount, l.Amount, p.Amount)
	}
	return nil
}

// vetPayment checks a payment (a checkout, or an attempt under a link) for
// row p: in the row's currency, positive, never more than asked (exactly
// what was asked for a checkout), and refunds and chargebacks in the same
// currency, not negative, and together never more than was paid.
func vetPayment(p Payment, r RemotePayment) error {
	asked := p.Amount
	switch {
	case r.Amount.Currency != asked.Currency:
		return Anomaly(r.ID, WhyAnomalyCurrency, r.Amount, asked.Currency)
	case !r.Amount.IsPositive():
		return Anomaly(r.ID, WhyAnomalyNotPositive, r.Amount)
	case r.Amount.Minor > asked.Minor:
		return Anomaly(r.ID, WhyAnomalyMoreThanAsked, r.Amount, asked)
	case p.Kind == KindCheckout && r.Amount != asked:
		return Anomaly(r.ID, WhyAnomalyNotAsked, r.Amount, asked)
	}
	back := int64(0)
	for _, m := range []struct {
		amount             Money
		currency, negative Why
	}{
		{r.AmountRefunded, WhyAnomalyRefundedCurrency, WhyAnomalyRefundedNegative},
		{r.AmountChargedBack, WhyAnomalyChargedBackCurrency, WhyAnomalyChargedBackNegative},
	} {
		switch {
		case m.amount.Currency == "":
			continue
		case m.amount.Currency != asked.Currency:
			return Anomaly(r.ID, m.currency, m.amount, asked.Currency)
		case m.amount.Minor < 0:
			return Anomaly(r.ID, m.negative, m.amount)
		}
		back += m.amount.Minor
	}
	if back > r.Amount.Minor {
		return Anomaly(r.ID, WhyAnomalyBackMoreThanPaid, r.Amount)
	}
	return nil
}

// vet checks an observation for row p. A link or checkout that fails spoils
// the whole observation; a bad attempt is dropped and the others kept. The
// refused objects come back as anomalies.
func vet(p Payment, obs Observation) (Observation, []error) {
	var refused []error
	if obs.Link != nil {
		if err := vetLink(p, *obs.Link); err != nil {
			return Observation{}, []error{err}
		}
	}
	if obs.Payment != nil {
		if err := vetPayment(p, *obs.Payment); err != nil {
			return Observation{}, []error{err}
		}
	}
	if obs.Attempts != nil {
		kept := make([]RemotePayment, 0, len(obs.Attempts))
		for _, a := range obs.Attempts {
			if err := vetPayment(p, a); err != nil {
				refused = append(refused, err)
				continue
			}
			kept = append(kept, a)
		}
		obs.Attempts = kept
	}
	if len(refused) > 0 && obs.Link != nil {
		// The link's paidAt may stand for a refused payment: only an
		// accepted paid attempt may tell that the link was paid.
		l := *obs.Link
		l.PaidAt = time.Time{}
		obs.Link = &l
	}
	return obs, refused
}
