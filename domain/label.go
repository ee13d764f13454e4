package domain

import "time"

// Label is a status put in plain words, before translation: the i18n
// catalogs turn Key and its values into "Paid on 26.11.2026 by iDEAL".
type Label struct {
	// Key is one of: none, creating, open, open_until, pending, authorized,
	// paid, failed_retry, canceled_retry, expired_retry, failed, canceled,
	// expired, archived, refunded, charged_back, unknown.
	Key    string
	Date   time.Time // the completion date, or the link's expiry for open_until
	Method string    // payment method, e.g. ideal
	Raw    string    // the raw status, for unknown ones
}

// StatusLabel describes a payment's state for a person; nil means no payment.
func StatusLabel(p *Payment) Label {
	if p == nil {
		return Label{Key: "none"}
	}
	switch p.Status {
	case StatusPaid:
		switch {
		case p.AmountChargedBack.IsPositive():
			return Label{Key: "charged_back", Date: p.PaidAt, Method: p.Method}
		case p.AmountRefunded.IsPositive():
			return Label{Key: "refunded", Date: p.PaidAt, Method: p.Method}
		}
		return Label{Key: "paid", Date: p.PaidAt, Method: p.Method}
	case StatusOpen:
		if last, ok := p.LastAttempt(); ok && (last.Status == StatusFailed || last.Status == StatusCanceled || last.Status == StatusExpired) {
			// Say what happened: a customer who canceled did not fail.
			return Label{Key: string(last.Status) + "_retry", Date: attemptEnd(last), Method: last.Method}
		}
		if !p.ExpiresAt.IsZero() {
			return Label{Key: "open_until", Date: p.ExpiresAt}
		}
		return Label{Key: "open"}
	case StatusCreating, StatusPending, StatusAuthorized, StatusArchived:
		return Label{Key: string(p.Status), Date: p.ExpiresAt, Method: p.Method}
	case StatusFailed, StatusCanceled, StatusExpired:
		return Label{Key: string(p.Status), Date: p.CompletedAt(), Method: p.Method}
	}
	return Label{Key: "unknown", Raw: string(p.Status)}
}

func attemptEnd(a Attempt) time.Time {
	for _, t := range []time.Time{a.FailedAt, a.CanceledAt, a.ExpiredAt} {
		if !t.IsZero() {
			return t
		}
	}
	return a.CreatedAt
}
