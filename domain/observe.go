package domain

import "time"

// Observation is what Mollie said about one payment row, fetched at FetchedAt.
type Observation struct {
	FetchedAt time.Time
	Link      *RemoteLink    // for a link row
	Payment   *RemotePayment // for a checkout row
	// Attempts under a link; nil means they were not fetched this time, so
	// the attempts already known are kept.
	Attempts []RemotePayment
}

// Change is one status transition an observation caused, for the log.
type Change struct {
	MollieID string
	From, To Status
	Attempt  bool // the change is of an attempt under a link
}

// Apply merges an observation into the payment and reports the transitions.
// It keeps the rules: a final status is never left, an observation fetched
// before the one already applied is ignored, and an object of the other mode
// never touches the row.
func (p Payment) Apply(obs Observation, now time.Time) (Payment, []Change) {
	if !obs.FetchedAt.IsZero() && obs.FetchedAt.Before(p.CheckedAt) {
		return p, nil
	}
	if mode, ok := obs.mode(); ok && mode != p.Mode {
		return p, nil
	}
	var changes []Change
	if obs.Attempts != nil {
		p.Attempts, changes = mergeAttempts(p.Attempts, obs.Attempts, p.Mode)
	}
	before := p.Status
	switch {
	case obs.Link != nil:
		p = p.applyLink(*obs.Link, now)
	case obs.Payment != nil:
		p = p.applyCheckout(*obs.Payment)
	case p.Kind == KindLink && obs.Attempts != nil:
		// Only the attempts were read: refunds of a paid one still count.
		if paid, ok := p.paidAttempt(); ok {
			p.AmountRefunded, p.AmountChargedBack = paid.AmountRefunded, paid.AmountChargedBack
		}
	}
	if !obs.FetchedAt.IsZero() {
		p.CheckedAt = obs.FetchedAt
	}
	if p.Status != before {
		changes = append(changes, Change{MollieID: p.MollieID, From: before, To: p.Status})
	}
	return p, changes
}

func (o Observation) mode() (Mode, bool) {
	switch {
	case o.Link != nil && o.Link.Mode != "":
		return o.Link.Mode, true
	case o.Payment != nil && o.Payment.Mode != "":
		return o.Payment.Mode, true
	}
	return "", false
}

// advance moves to next unless the current status is final.
func advance(cur, next Status) Status {
	if cur.Final() || next == "" {
		return cur
	}
	return next
}

func (p Payment) applyLink(l RemoteLink, now time.Time) Payment {
	if l.URL != "" {
		p.URL = l.URL
	}
	if !l.ExpiresAt.IsZero() {
		p.ExpiresAt = l.ExpiresAt
	}
	paidAttempt, hasPaid := p.paidAttempt()
	last, hasLast := p.LastAttempt()
	next := StatusOpen
	switch {
	case !l.PaidAt.IsZero() || hasPaid:
		next = StatusPaid
		if p.PaidAt.IsZero() {
			p.PaidAt = l.PaidAt
			if p.PaidAt.IsZero() {
				p.PaidAt = paidAttempt.PaidAt
			}
		}
		if hasPaid && p.Method == "" {
			p.Method = paidAttempt.Method
		}
	case l.Archived:
		next = StatusArchived
	case hasLast && (last.Status == StatusPending || last.Status == StatusAuthorized):
		next = last.Status
	case !l.ExpiresAt.IsZero() && !now.Before(l.ExpiresAt):
		next = StatusExpired
		if p.ExpiredAt.IsZero() {
			p.ExpiredAt = l.ExpiresAt
		}
	}
	if hasPaid {
		p.AmountRefunded = paidAttempt.AmountRefunded
		p.AmountChargedBack = paidAttempt.AmountChargedBack
	}
	p.Status = advance(p.Status, next)
	return p
}

func (p Payment) applyCheckout(r RemotePayment) Payment {
	if r.CheckoutURL != "" && p.URL == "" {
		p.URL = r.CheckoutURL
	}
	if !r.ExpiresAt.IsZero() {
		p.ExpiresAt = r.ExpiresAt
	}
	if !p.Status.Final() {
		p.Status = advance(p.Status, r.Status)
		p.PaidAt, p.CanceledAt, p.ExpiredAt, p.FailedAt = r.PaidAt, r.CanceledAt, r.ExpiredAt, r.FailedAt
		if r.Method != "" {
			p.Method = r.Method
		}
	}
	// What was given back is known only when the refunds and chargebacks
	// were read; it shrinks again when a refund fails or a chargeback is
	// reversed.
	if r.Reversals {
		p.AmountRefunded, p.AmountChargedBack = r.AmountRefunded, r.AmountChargedBack
	}
	return p
}

func (p Payment) paidAttempt() (Attempt, bool) {
	for _, a := range p.Attempts {
		if a.Status == StatusPaid {
			return a, true
		}
	}
	return Attempt{}, false
}

// mergeAttempts folds fetched attempts into the known ones, each moving only
// forward.
func mergeAttempts(known []Attempt, fetched []RemotePayment, mode Mode) ([]Attempt, []Change) {
	byID := make(map[string]int, len(known))
	out := append([]Attempt(nil), known...)
	for i, a := range out {
		byID[a.MollieID] = i
	}
	var changes []Change
	for _, r := range fetched {
		if r.Mode != "" && r.Mode != mode {
			continue
		}
		i, ok := byID[r.ID]
		if !ok {
			out = append(out, Attempt{MollieID: r.ID, CreatedAt: r.CreatedAt})
			i = len(out) - 1
			byID[r.ID] = i
		}
		a := out[i]
		before := a.Status
		if !a.Status.Final() {
			a.Status = advance(a.Status, r.Status)
			a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt = r.PaidAt, r.CanceledAt, r.ExpiredAt, r.FailedAt
			if r.Method != "" {
				a.Method = r.Method
			}
		}
		if r.Amount.Currency != "" {
			a.Amount = r.Amount
		}
		if r.Reversals {
			a.AmountRefunded, a.AmountChargedBack = r.AmountRefunded, r.AmountChargedBack
		}
		out[i] = a
		if a.Status != before {
			changes = append(changes, Change{MollieID: a.MollieID, From: before, To: a.Status, Attempt: true})
		}
	}
	return out, changes
}
