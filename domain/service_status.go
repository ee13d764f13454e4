package domain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// InvoiceStatus is everything the status pane shows for one invoice.
type InvoiceStatus struct {
	Invoice  Invoice
	Mode     Mode
	Current  *Payment // the active payment, else the newest one; nil if none
	Payments []Payment
	Label    Label        // the current payment's status in words
	State    InvoiceState // the invoice's own: unpaid, overdue, …
	// LastMailed is when a link of the invoice was last sent by e-mail; zero if never.
	LastMailed time.Time
	// Manual is the money recorded by hand and its reversals, oldest first.
	Manual []ExternalPayment
}

// Stale reports whether the current payment is open but asks for another
// amount than is owed (money was recorded since it was made): it must not
// be offered until it is replaced.
func (st InvoiceStatus) Stale() bool {
	p := st.Current
	return p != nil && p.Active() && p.Amount != st.Invoice.Outstanding(st.Mode)
}

// Status reads an invoice's payment state from the database.
func (s *Service) Status(ctx context.Context, number string) (InvoiceStatus, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return InvoiceStatus{}, err
	}
	ps, err := s.store.Payments(ctx, PaymentFilter{InvoiceNumber: number})
	if err != nil {
		return InvoiceStatus{}, fmt.Errorf("payments of %s: %w", number, err)
	}
	st := InvoiceStatus{Invoice: inv, Mode: s.Mode(ctx), Payments: ps}
	st.Current = current(ps, st.Mode)
	if st.Current != nil {
		st.Current.CheckedAt = s.lastChecked(ctx, *st.Current)
	}
	st.Label = StatusLabel(st.Current)
	st.State = inv.State(st.Mode, s.Now())
	if st.LastMailed, err = s.LastMailed(ctx, number); err != nil {
		return InvoiceStatus{}, err
	}
	if st.Manual, err = s.store.ExternalPayments(ctx, inv.Number); err != nil {
		return InvoiceStatus{}, fmt.Errorf("manual payments of %s: %w", number, err)
	}
	return st, nil
}

// current picks the payment to show: the active one in the mode, else the
// newest in the mode. A payment of the other mode is never current: its
// link must not be copied, nor its status shown as this mode's.
func current(ps []Payment, mode Mode) *Payment {
	var newest *Payment
	for i := range ps {
		p := &ps[i]
		if p.Mode != mode {
			continue
		}
		if p.Active() {
			return p
		}
		if newest == nil || p.CreatedAt.After(newest.CreatedAt) {
			newest = p
		}
	}
	return newest
}

// Payments lists payment rows.
func (s *Service) Payments(ctx context.Context, f PaymentFilter) ([]Payment, error) {
	ps, err := s.store.Payments(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return ps, nil
}

// Refresh fetches the truth about an invoice's current payment from Mollie
// and stores it.
func (s *Service) Refresh(ctx context.Context, number string) (InvoiceStatus, error) {
	st, err := s.Status(ctx, number)
	if err != nil {
		return st, err
	}
	if st.Current == nil {
		return st, nil
	}
	if _, err := s.RefreshPayment(ctx, *st.Current); err != nil {
		return st, err
	}
	return s.Status(ctx, number)
}

// RefreshPayment fetches one payment row's object (and a link's attempts)
// from Mollie and applies what it says.
func (s *Service) RefreshPayment(ctx context.Context, p Payment) (Payment, error) {
	gw, mode, err := s.gateway(ctx)
	if err != nil {
		return p, err
	}
	if p.Status == StatusCreating {
		return s.complete(ctx, gw, p)
	}
	if p.Mode != mode {
		return p, Fail(WhyWrongMode, p.MollieID, p.Mode, mode)
	}
	obs, err := s.fetch(ctx, gw, p)
	if err != nil {
		s.logFailure(ctx, LogEntry{Event: EventSync, InvoiceNumber: p.InvoiceNumber, MollieID: p.MollieID, Says: Say("log.check_failed")}, err)
		return p, fmt.Errorf("check %s of invoice %s: %w", p.MollieID, p.InvoiceNumber, err)
	}
	return s.applyObservation(ctx, p, obs)
}

// fetch reads a row's object from Mollie: a checkout payment in one call, a
// link and its attempts in two.
func (s *Service) fetch(ctx context.Context, gw Gateway, p Payment) (Observation, error) {
	obs := Observation{FetchedAt: s.Now()}
	if p.Kind == KindCheckout {
		rp, err := gw.GetPayment(ctx, p.MollieID)
		obs.Payment = &rp
		if err == nil && rp.Status == StatusPaid {
			err = s.readReversals(ctx, gw, p, obs.Payment)
		}
		return obs, err
	}
	l, err := gw.GetPaymentLink(ctx, p.MollieID)
	if err != nil {
		return obs, err
	}
	obs.Link = &l
	obs.Attempts, err = s.linkAttempts(ctx, gw, p)
	return obs, err
}

// linkAttempts reads the payments customers started under a link row, with
// what was given back of the paid ones. An attempt paydesk refuses is
// logged and left out: it spoils only itself.
func (s *Service) linkAttempts(ctx context.Context, gw Gateway, p Payment) ([]RemotePayment, error) {
	attempts := []RemotePayment{}
	for a, err := range gw.LinkPayments(ctx, p.MollieID) {
		if IsAnomaly(err) {
			s.logAnomaly(ctx, p, err)
			continue
		}
		if err != nil {
			return nil, err
		}
		if a.Status == StatusPaid {
			if err := s.readReversals(ctx, gw, p, &a); err != nil {
				return nil, err
			}
		}
		attempts = append(attempts, a)
	}
	return attempts, nil
}

// applyObservation stores what Mollie said, monotonically, and logs every
// status transition.
//
// What fails the checks of vet is logged as an anomaly and left out; when
// the link or checkout itself fails, nothing is applied and the anomaly is
// returned.
func (s *Service) applyObservation(ctx context.Context, p Payment, obs Observation) (Payment, error) {
	obs, refused := vet(p, obs)
	for _, err := range refused {
		s.logAnomaly(ctx, p, err)
	}
	if obs.Link == nil && obs.Payment == nil && obs.Attempts == nil && len(refused) > 0 {
		return p, refused[0]
	}
	var changes []Change
	var before Payment
	updated, err := s.store.UpdatePayment(ctx, p.ID, func(cur *Payment) error {
		before = *cur
		*cur, changes = cur.Apply(obs, s.Now())
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("store status of %s: %w", p.MollieID, err)
	}
	paid := false
	for _, c := range changes {
		s.logStatusChange(ctx, updated, c)
		paid = paid || c.To == StatusPaid
	}
	s.logMoneyBack(ctx, before, updated)
	if paid && !wasTheOpenOne(before, updated) {
		// Money arrived on an old link or attempt: no other link of the
		// invoice may ask for more than is owed now.
		if inv, err := s.store.Invoice(ctx, updated.InvoiceNumber); err == nil {
			s.keepLinkRight(ctx, inv)
		}
	}
	return updated, nil
}

// wasTheOpenOne tells whether the row was its invoice's open payment in its
// mode and is now final. The store keeps at most one such row per invoice
// and mode, so no other link of the mode is left to put right, and the two
// reads that would look for one (the invoice and its open payments) are
// skipped.
func wasTheOpenOne(before, after Payment) bool {
	return before.Active() && !after.Active() && before.Mode == after.Mode
}

// logMoneyBack records refunds and chargebacks: they change what is owed
// while the status stays paid, so no status change would tell of them.
func (s *Service) logMoneyBack(ctx context.Context, before, after Payment) {
	for _, m := range []struct {
		says     string
		level    Level
		from, to Money
	}{
		{"log.refunded", LevelInfo, before.AmountRefunded, after.AmountRefunded},
		{"log.charged_back", LevelWarn, before.AmountChargedBack, after.AmountChargedBack},
	} {
		if m.to.Minor <= m.from.Minor {
			continue
		}
		s.logEntry(ctx, LogEntry{Level: m.level, Event: EventStatus, InvoiceNumber: after.InvoiceNumber, MollieID: after.MollieID,
			Says: Say(m.says, after.Kind, after.MollieID, m.to.Sub(m.from), m.to, after.Amount)})
	}
}

func (s *Service) logStatusChange(ctx context.Context, p Payment, c Change) {
	what := Say("log.what.payment")
	if c.Attempt {
		what = Say("log.what.attempt")
	} else if p.Kind == KindLink {
		what = Say("log.what.link")
	}
	var from any = c.From
	if c.From == "" {
		from = Say("log.new")
	}
	var paid Text // nothing added unless the object itself was paid
	if c.To == StatusPaid && !c.Attempt {
		paid = Say("log.paid_amount", p.Amount)
		if p.Method != "" {
			paid = Say("log.paid_amount_by", p.Amount, PaymentMethod(p.Method))
		}
	}
	says := Say("log.status", what, c.MollieID, from, c.To, paid)
	level := LevelInfo
	if c.To == StatusFailed || (!c.To.Known()) {
		level = LevelWarn
	}
	s.logEntry(ctx, LogEntry{Level: level, Event: EventStatus, InvoiceNumber: p.InvoiceNumber, MollieID: c.MollieID, Says: says})
}

// HandleWebhook acts on a webhook's id: it never trusts the call itself, only
// what it then fetches from Mollie with the stored key. ref is the payment
// row reference paydesk put in a link's webhook URL ("" when there is none):
// a payment made under a link names no link, so an id paydesk has not seen
// yet is looked for under that row's link, fetched from Mollie.
func (s *Service) HandleWebhook(ctx context.Context, id, ref string) error {
	return s.contain(ctx, EventWebhook, func() error { return s.handleWebhook(ctx, id, ref) })
}

func (s *Service) handleWebhook(ctx context.Context, id, ref string) error {
	p, err := s.store.PaymentByMollieID(ctx, id)
	if errors.Is(err, ErrNotFound) && ref != "" {
		p, err = s.linkRow(ctx, ref)
	}
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			if _, _, gerr := s.gateway(ctx); gerr != nil {
				return gerr // off or not connected: say so rather than judge the id
			}
			s.warnUnknownWebhook(ctx, id)
			return nil
		}
		s.logFailure(ctx, LogEntry{Event: EventWebhook, MollieID: id, Says: Say("log.webhook_failed")}, err)
		return err
	}
	s.logInfo(ctx, LogEntry{Event: EventWebhook, InvoiceNumber: p.InvoiceNumber, MollieID: id, Says: Say("log.webhook_received", id)})
	updated, err := s.RefreshPayment(ctx, p)
	if err != nil {
		return err
	}
	if p.MollieID != id && !updated.HasAttempt(id) {
		s.logEntry(ctx, LogEntry{Level: LevelWarn, Event: EventWebhook, InvoiceNumber: p.InvoiceNumber, MollieID: id,
			Says: Say("log.webhook_not_listed", id, p.MollieID)})
	}
	return nil
}

// linkRow finds the link row a webhook URL's reference names.
func (s *Service) linkRow(ctx context.Context, ref string) (Payment, error) {
	rowID, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || rowID <= 0 {
		return Payment{}, ErrNotFound
	}
	p, err := s.store.Payment(ctx, rowID)
	if err != nil {
		return Payment{}, err
	}
	if p.Kind != KindLink || p.MollieID == "" {
		return Payment{}, ErrNotFound
	}
	return p, nil
}

// CopyLink returns the URL to share for an invoice and logs that it was copied.
func (s *Service) CopyLink(ctx context.Context, number string) (string, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	_, p, err := s.OpenLink(ctx, number)
	if err != nil {
		return "", err
	}
	s.logInfo(ctx, LogEntry{Event: EventCopy, InvoiceNumber: number, MollieID: p.MollieID, Says: Say("log.copied", p.URL)})
	return p.URL, nil
}

// OpenLink returns an invoice's status with its open payment link, or says
// why there is none to share.
func (s *Service) OpenLink(ctx context.Context, number string) (InvoiceStatus, Payment, error) {
	st, err := s.Status(ctx, number)
	if err != nil {
		return InvoiceStatus{}, Payment{}, err
	}
	p := st.Current
	if p == nil || p.URL == "" {
		return st, Payment{}, Fail(WhyNoLink, number)
	}
	if st.Stale() {
		// Money was recorded since the link was made and replacing it did
		// not happen or failed: do it now, and offer nothing if it fails.
		u := s.keepLinkRight(ctx, st.Invoice)
		if u.Err != nil {
			return st, Payment{}, Fail(WhyStaleLink, number, p.Amount, st.Invoice.Outstanding(st.Mode)).Because(u.Err)
		}
		if st, err = s.Status(ctx, number); err != nil {
			return InvoiceStatus{}, Payment{}, err
		}
		if p = st.Current; p == nil || p.URL == "" || st.Stale() {
			return st, Payment{}, Fail(WhyNoRightLink, number)
		}
	}
	if !p.Active() {
		if !st.Invoice.Payable(st.Mode) {
			return st, Payment{}, Fail(WhyNothingOwed, number, p.Status)
		}
		return st, Payment{}, Fail(WhyLinkDone, number, p.Status)
	}
	return st, *p, nil
}

// unknownHooksPerMinute is how many webhooks for unknown ids are logged one
// by one in a minute; the rest are counted and told in one row.
const unknownHooksPerMinute = 10

// warnUnknownWebhook logs a webhook for an id paydesk does not know, at
// most unknownHooksPerMinute times a minute: a flood of made-up ids (anyone
// can post to the webhook URL) must not fill the log. What was left out is
// told in one row when the next minute begins.
func (s *Service) warnUnknownWebhook(ctx context.Context, id string) {
	now := s.Now()
	s.mu.Lock()
	l := &s.unknownHooks
	var skipped int
	if now.Sub(l.window) >= time.Minute {
		skipped = l.suppressed
		*l = hookLimit{window: now}
	}
	log := l.logged < unknownHooksPerMinute
	if log {
		l.logged++
	} else {
		l.suppressed++
	}
	s.mu.Unlock()
	if skipped > 0 {
		s.logEntry(ctx, LogEntry{Level: LevelWarn, Event: EventWebhook, Says: Say("log.webhook_unknown_skipped", skipped)})
	}
	if log {
		s.logEntry(ctx, LogEntry{Level: LevelWarn, Event: EventWebhook, MollieID: id, Says: Say("log.webhook_unknown")})
	}
}
