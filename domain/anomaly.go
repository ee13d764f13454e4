package domain

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// AnomalyError is an object from Mollie that paydesk does not accept: it
// cannot be read, or its amount, currency or URL is not what paydesk asked
// for. It is refused, logged at error level with its Mollie id, shown, and
// never applied to an invoice.
type AnomalyError struct {
	MollieID string // "" when the object had no readable id
	Reason   string
}

func (e *AnomalyError) Error() string {
	what := "an object"
	if e.MollieID != "" {
		what = e.MollieID
	}
	return fmt.Sprintf("Mollie sent %s that paydesk refuses: %s; it was not applied, check it in Mollie's dashboard", what, e.Reason)
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
	s.logEntry(ctx, LogEntry{Level: LevelError, Event: EventAnomaly, InvoiceNumber: p.InvoiceNumber, MollieID: id, Message: err.Error()})
}

// vetLink checks a link Mollie reports for row p: it must ask exactly what
// paydesk asked for.
func vetLink(p Payment, l RemoteLink) error {
	if l.Amount.Currency == "" {
		least := ""
		if l.MinimumAmount.Currency != "" {
			least = fmt.Sprintf(" (at least %s)", l.MinimumAmount)
		}
		return &AnomalyError{MollieID: l.ID, Reason: fmt.Sprintf("it asks no fixed amount: the customer would enter one%s, where paydesk asked %s", least, p.Amount)}
	}
	if l.Amount != p.Amount {
		return &AnomalyError{MollieID: l.ID, Reason: fmt.Sprintf("it asks %s where paydesk asked %s", l.Amount, p.Amount)}
	}
	return nil
}

// vetPayment checks a payment (a checkout, or an attempt under a link) for
// row p: in the row's currency, positive, never more than asked (exactly
// what was asked for a checkout), and refunds and chargebacks in the same
// currency, not negative, and together never more than was paid.
func vetPayment(p Payment, r RemotePayment) error {
	bad := func(format string, args ...any) error {
		return &AnomalyError{MollieID: r.ID, Reason: fmt.Sprintf(format, args...)}
	}
	asked := p.Amount
	switch {
	case r.Amount.Currency != asked.Currency:
		return bad("its amount %s is not in %s, the currency paydesk asked for", r.Amount, asked.Currency)
	case !r.Amount.IsPositive():
		return bad("its amount %s is not positive", r.Amount)
	case r.Amount.Minor > asked.Minor:
		return bad("its amount %s is more than the %s paydesk asked for", r.Amount, asked)
	case p.Kind == KindCheckout && r.Amount != asked:
		return bad("its amount %s is not the %s paydesk asked for", r.Amount, asked)
	}
	back := int64(0)
	for _, m := range []struct {
		what   string
		amount Money
	}{{"refunded", r.AmountRefunded}, {"charged back", r.AmountChargedBack}} {
		switch {
		case m.amount.Currency == "":
			continue
		case m.amount.Currency != asked.Currency:
			return bad("the amount %s is %s, not in %s", m.what, m.amount, asked.Currency)
		case m.amount.Minor < 0:
			return bad("the amount %s is negative (%s)", m.what, m.amount)
		}
		back += m.amount.Minor
	}
	if back > r.Amount.Minor {
		return bad("more was refunded and charged back than paid (%s)", r.Amount)
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
