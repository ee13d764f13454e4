package domain

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// idempotencyWindow is how long Mollie remembers an Idempotency-Key (one
// hour), less a margin for clocks and slow requests.
const idempotencyWindow = 55 * time.Minute

// PayResult is what CreatePayment did.
type PayResult struct {
	Invoice Invoice
	Payment Payment
	Reused  bool // the invoice already had an active payment for this amount
}

// CreatePayment asks Mollie for a payment of exactly the outstanding amount,
// or returns the active one when it still asks for that amount. kind "" takes
// the payment_kind setting.
//
// The intent is written (with its Idempotency-Key) before Mollie is called and
// the result after, so a process that dies in between leaves a row that the
// next attempt completes with the same key instead of creating a second object.
func (s *Service) CreatePayment(ctx context.Context, number string, kind PaymentKind) (PayResult, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	if err := s.allow(ctx, ActionPay, number); err != nil {
		return PayResult{}, err
	}
	gw, mode, err := s.gateway(ctx)
	if err != nil {
		return PayResult{}, err
	}
	if err := s.requireLiveReady(ctx, mode); err != nil {
		return PayResult{}, err
	}
	if kind == "" {
		v, err := s.Setting(ctx, SettingPaymentKind)
		if err != nil {
			return PayResult{}, err
		}
		kind, _ = ParsePaymentKind(v)
	}
	if kind == KindCheckout {
		if url, _ := s.Setting(ctx, SettingReturnURL); url == "" {
			return PayResult{}, Fail(WhyNeedReturnURL)
		}
	}
	expiry, err := s.linkExpiry(ctx)
	if err != nil {
		return PayResult{}, err
	}
	// Replacing a stale link takes a round trip, after which the plan is made
	// again; four rounds cover finishing an interrupted request, replacing it
	// and another process replacing at the same time.
	for round := 0; round < 4; round++ {
		plan, err := s.store.ReservePayment(ctx, number, func(inv Invoice, ps []Payment) (Plan, error) {
			return PlanPayment(inv, ps, PaymentRequest{Kind: kind, Mode: mode, Actor: s.actor, Now: s.Now(),
				IdempotencyKey: NewIdempotencyKey(), Expiry: expiry})
		})
		if err != nil {
			if errors.Is(err, ErrNotPayable) || errors.Is(err, ErrNotFound) {
				return PayResult{}, err
			}
			return PayResult{}, fmt.Errorf("reserve payment for %s: %w", number, err)
		}
		switch {
		case plan.New != nil:
			p, err := s.send(ctx, gw, plan.Invoice, *plan.New)
			return s.result(ctx, number, p, false, err)
		case plan.Reuse != nil && plan.Reuse.Status == StatusCreating:
			p, err := s.complete(ctx, gw, *plan.Reuse)
			if err == nil && p.Active() && p.Amount != plan.Invoice.Outstanding(mode) {
				// An interrupted request for an amount that changed since
				// (money was recorded meanwhile): finished, it is replaced in
				// the next round like any stale link.
				continue
			}
			return s.result(ctx, number, p, true, err)
		case plan.Reuse != nil:
			s.logInfo(ctx, LogEntry{Event: EventReuse, InvoiceNumber: number, MollieID: plan.Reuse.MollieID,
				Says: Say("log.reused", plan.Reuse.Kind, plan.Reuse.Amount)})
			return s.result(ctx, number, *plan.Reuse, true, nil)
		case plan.Replace != nil:
			if err := s.replace(ctx, gw, *plan.Replace, plan.Invoice.Outstanding(mode)); err != nil {
				return PayResult{}, err
			}
		}
	}
	return PayResult{}, Fail(WhyLinkChurn, number).In(ErrConflict)
}

// requireLiveReady refuses live payments on a profile Mollie has not
// verified yet: such an account takes test payments only.
func (s *Service) requireLiveReady(ctx context.Context, mode Mode) error {
	if mode != ModeLive {
		return nil
	}
	c, err := s.Connection(ctx)
	if err != nil {
		return err
	}
	if c.Profile.Status == ProfileUnverified {
		return Fail(WhyUnverified, c.Profile.Name).In(ErrNotPayable)
	}
	return nil
}

func (s *Service) linkExpiry(ctx context.Context) (LinkExpiry, error) {
	v, err := s.Setting(ctx, SettingLinkExpiry)
	if err != nil {
		return LinkExpiry{}, err
	}
	return ParseLinkExpiry(v)
}

func (s *Service) result(ctx context.Context, number string, p Payment, reused bool, err error) (PayResult, error) {
	if err != nil {
		return PayResult{}, err
	}
	// The payment exists and is recorded: a caller that gave up meanwhile
	// still gets it rather than an error.
	inv, err := s.Invoice(context.WithoutCancel(ctx), number)
	if err != nil {
		return PayResult{}, err
	}
	return PayResult{Invoice: inv, Payment: p, Reused: reused}, nil
}

// send performs the Mollie call for an intent and records the outcome: the
// created object, or (on a definite refusal) the removal of the intent. When
// the outcome is unknown (no answer) the intent stays for completion.
func (s *Service) send(ctx context.Context, gw Gateway, inv Invoice, intent Payment) (Payment, error) {
	obs, err := s.request(ctx, gw, inv, intent)
	switch {
	case HTTPStatusOf(err) == 409:
		// Another process is sending this very intent (same key): join it.
		return s.complete(ctx, gw, intent)
	case err != nil:
		return Payment{}, s.failed(ctx, intent, err)
	}
	return s.recordCreated(ctx, intent, obs, EventCreate)
}

func (s *Service) request(ctx context.Context, gw Gateway, inv Invoice, intent Payment) (Observation, error) {
	fetched := s.Now()
	webhook, err := s.Setting(ctx, SettingWebhookURL)
	if err != nil {
		return Observation{}, err
	}
	redirect, err := s.Setting(ctx, SettingReturnURL)
	if err != nil {
		return Observation{}, err
	}
	if intent.Kind == KindLink {
		l, err := gw.CreatePaymentLink(ctx, LinkRequest{Description: intent.Description, Amount: intent.Amount,
			RedirectURL: redirect, WebhookURL: LinkWebhookURL(webhook, intent.ID), ExpiresAt: intent.ExpiresAt, IdempotencyKey: intent.IdempotencyKey})
		return Observation{FetchedAt: fetched, Link: &l}, err
	}
	lang, _ := s.Setting(ctx, SettingLanguage)
	p, err := gw.CreatePayment(ctx, CheckoutRequest{Description: intent.Description, Amount: intent.Amount,
		RedirectURL: redirect, WebhookURL: webhook, Locale: mollieLocale(lang), IdempotencyKey: intent.IdempotencyKey,
		Metadata: map[string]string{"invoice_id": fmt.Sprint(inv.ID), "invoice_number": inv.Number}})
	return Observation{FetchedAt: fetched, Payment: &p}, err
}

// LinkWebhookRef is the query parameter of a link's webhook URL that names
// the payment row the link belongs to. Mollie posts only the id of the
// payment made under the link, and a payment carries no reference to its
// link, so the URL is the one way back from a webhook to the link.
const LinkWebhookRef = "link"

// LinkWebhookURL is the webhook URL for the link of payment row id: the
// configured one with the row's reference added; "" stays "".
func LinkWebhookURL(webhook string, id int64) string {
	if webhook == "" {
		return ""
	}
	u, err := url.Parse(webhook)
	if err != nil {
		return webhook // the setting was checked when it was stored
	}
	q := u.Query()
	q.Set(LinkWebhookRef, strconv.FormatInt(id, 10))
	u.RawQuery = q.Encode()
	return u.String()
}

// ownMetadata tells whether a listed payment carries the metadata paydesk
// gives its checkout payments for inv; link payments carry none.
func ownMetadata(p RemotePayment, inv Invoice) bool {
	return fmt.Sprint(p.Metadata["invoice_number"]) == inv.Number && fmt.Sprint(p.Metadata["invoice_id"]) == fmt.Sprint(inv.ID)
}

func mollieLocale(lang string) string {
	switch lang {
	case "de":
		return "de_DE"
	case "nl":
		return "nl_NL"
	case "en":
		return "en_US"
	}
	return ""
}

// failed handles a creation call that did not succeed.
func (s *Service) failed(ctx context.Context, intent Payment, err error) error {
	entry := LogEntry{Event: EventCreate, InvoiceNumber: intent.InvoiceNumber,
		Says: Say("log.create_failed", intent.Kind, intent.Amount)}
	if OutcomeUnknown(err) {
		// Mollie may or may not have created it (no answer, a server error
		// after the work was done, an answer that could not be read): keep
		// the intent, so the same Idempotency-Key finishes it later, or
		// listing finds it after Mollie's hour, instead of a second object.
		entry.Says.Key = "log.create_unknown"
		s.logFailure(ctx, entry, err)
		return Fail(WhyRequestKept, intent.InvoiceNumber).Because(err)
	}
	if derr := s.store.DeletePayment(context.WithoutCancel(ctx), intent.ID); derr != nil && !errors.Is(derr, ErrConflict) {
		err = errors.Join(err, fmt.Errorf("remove the refused intent: %w", derr))
	}
	s.logFailure(ctx, entry, err)
	return fmt.Errorf("invoice %s: %w", intent.InvoiceNumber, err)
}

// recordCreated stores Mollie's answer in the intent row.
func (s *Service) recordCreated(ctx context.Context, intent Payment, obs Observation, event Event) (Payment, error) {
	if _, refused := vet(intent, obs); len(refused) > 0 {
		return Payment{}, s.refuseCreated(ctx, intent, obs, refused[0])
	}
	p, err := s.store.UpdatePayment(context.WithoutCancel(ctx), intent.ID, func(p *Payment) error {
		if p.Status != StatusCreating {
			return nil // another process recorded it first
		}
		switch {
		case obs.Link != nil:
			p.MollieID, p.URL = obs.Link.ID, obs.Link.URL
			if !obs.Link.ExpiresAt.IsZero() {
				p.ExpiresAt = obs.Link.ExpiresAt
			}
		case obs.Payment != nil:
			p.MollieID, p.URL = obs.Payment.ID, obs.Payment.CheckoutURL
		}
		p.Status = StatusOpen
		*p, _ = p.Apply(obs, s.Now())
		return nil
	})
	if err != nil {
		return Payment{}, fmt.Errorf("record Mollie's answer for %s: %w", intent.InvoiceNumber, err)
	}
	says := Say("log.created", p.Kind, p.MollieID, p.Amount)
	if !p.ExpiresAt.IsZero() {
		says = Say("log.created_until", p.Kind, p.MollieID, p.Amount, p.ExpiresAt)
	}
	s.logInfo(ctx, LogEntry{Event: event, InvoiceNumber: p.InvoiceNumber, MollieID: p.MollieID, HTTPStatus: 201, Says: says})
	return p, nil
}

// refuseCreated handles an object Mollie made that is not what was asked
// (another amount or currency): it is logged as an anomaly and withdrawn at
// Mollie, and the row ends without a URL, so nothing is shared or applied.
// A link that cannot be archived leaves the intent as it is, to be tried
// again, so that no second link is made while it may be payable.
func (s *Service) refuseCreated(ctx context.Context, intent Payment, obs Observation, anomaly error) error {
	gw, _, err := s.gateway(ctx)
	if err != nil {
		return errors.Join(anomaly, err)
	}
	s.logAnomaly(ctx, intent, anomaly)
	end := StatusArchived
	var id string
	if obs.Link != nil {
		id = obs.Link.ID
		if _, err := gw.ArchivePaymentLink(ctx, id); err != nil && !errors.Is(err, ErrNotFound) {
			s.logFailure(ctx, LogEntry{Event: EventArchive, InvoiceNumber: intent.InvoiceNumber, MollieID: id,
				Says: Say("log.withdraw_refused_failed")}, err)
			return fmt.Errorf("invoice %s: %w", intent.InvoiceNumber, anomaly)
		}
	} else {
		id, end = obs.Payment.ID, StatusCanceled
		// Most checkouts cannot be canceled; unpaid, they expire in minutes.
		_, _ = gw.CancelPayment(ctx, id)
	}
	_, err = s.store.UpdatePayment(context.WithoutCancel(ctx), intent.ID, func(p *Payment) error {
		if p.Status == StatusCreating {
			p.MollieID, p.Status, p.URL = id, end, ""
		}
		return nil
	})
	if err != nil {
		return errors.Join(anomaly, fmt.Errorf("record the refused object for %s: %w", intent.InvoiceNumber, err))
	}
	s.logEntry(ctx, LogEntry{Level: LevelWarn, Event: EventArchive, InvoiceNumber: intent.InvoiceNumber, MollieID: id,
		Says: Say("log.withdrew_refused", id)})
	return fmt.Errorf("invoice %s: %w", intent.InvoiceNumber, anomaly)
}

// complete finishes an intent left in "creating": by repeating the request
// with its Idempotency-Key while Mollie still remembers it, else by finding
// the object among Mollie's recent ones.
func (s *Service) complete(ctx context.Context, gw Gateway, intent Payment) (Payment, error) {
	inv, err := s.Invoice(ctx, intent.InvoiceNumber)
	if err != nil {
		return Payment{}, err
	}
	for delay := 100 * time.Millisecond; ; delay = min(delay*2, 2*time.Second) {
		cur, err := s.store.Payment(ctx, intent.ID)
		if err != nil {
			return Payment{}, fmt.Errorf("re-read payment of %s: %w", intent.InvoiceNumber, err)
		}
		if cur.Status != StatusCreating {
			return cur, nil // finished by someone else meanwhile
		}
		if s.Now().Sub(cur.CreatedAt) > idempotencyWindow {
			return s.reconcile(ctx, gw, inv, cur)
		}
		obs, err := s.request(ctx, gw, inv, cur)
		switch {
		case err == nil:
			return s.recordCreated(ctx, cur, obs, EventCreate)
		case HTTPStatusOf(err) == 409:
			// The first request with this key is still running at Mollie.
			if werr := wait(ctx, delay); werr != nil {
				return Payment{}, Fail(WhyStillCreating, intent.InvoiceNumber).Because(werr)
			}
		case HTTPStatusOf(err) == 400:
			// Same key, other parameters (a setting changed): look it up.
			return s.reconcile(ctx, gw, inv, cur)
		default:
			return Payment{}, s.failed(ctx, cur, err)
		}
	}
}

// reconcile looks for an intent's object among Mollie's recent ones by
// description, amount and time; when there is none, the creation never
// happened and is made again with a fresh key.
func (s *Service) reconcile(ctx context.Context, gw Gateway, inv Invoice, intent Payment) (Payment, error) {
	fetched := s.Now()
	from, to := intent.CreatedAt.Add(-time.Minute), intent.CreatedAt.Add(idempotencyWindow+10*time.Minute)
	if intent.Kind == KindLink {
		for l, err := range gw.ListPaymentLinks(ctx) {
			if IsAnomaly(err) {
				continue // not one paydesk would have made
			}
			if err != nil {
				return Payment{}, s.failed(ctx, intent, err)
			}
			if l.CreatedAt.Before(from) {
				break
			}
			if !l.CreatedAt.After(to) && l.Description == intent.Description && l.Amount == intent.Amount {
				return s.recordCreated(ctx, intent, Observation{FetchedAt: fetched, Link: &l}, EventCreate)
			}
		}
	} else {
		for p, err := range gw.ListPayments(ctx) {
			if IsAnomaly(err) {
				continue // not one paydesk would have made
			}
			if err != nil {
				return Payment{}, s.failed(ctx, intent, err)
			}
			if p.CreatedAt.Before(from) {
				break
			}
			if !p.CreatedAt.After(to) && p.Description == intent.Description && p.Amount == intent.Amount && ownMetadata(p, inv) {
				return s.recordCreated(ctx, intent, Observation{FetchedAt: fetched, Payment: &p}, EventCreate)
			}
		}
	}
	fresh, err := s.store.UpdatePayment(ctx, intent.ID, func(p *Payment) error {
		p.IdempotencyKey, p.CreatedAt = NewIdempotencyKey(), s.Now()
		return nil
	})
	if err != nil {
		return Payment{}, fmt.Errorf("renew intent for %s: %w", intent.InvoiceNumber, err)
	}
	s.logInfo(ctx, LogEntry{Event: EventCreate, InvoiceNumber: intent.InvoiceNumber,
		Says: Say("log.resent")})
	return s.send(ctx, gw, inv, fresh)
}

// replace archives a link that asks for a stale amount or ran out, and checks
// a checkout that ran out. If Mollie says it was paid in the meantime, that is
// recorded instead and the plan is made again.
func (s *Service) replace(ctx context.Context, gw Gateway, old Payment, owed Money) error {
	if old.Kind == KindCheckout {
		// A checkout cannot be withdrawn; one past its expiry is only confirmed.
		p, err := s.RefreshPayment(ctx, old)
		if err != nil {
			return err
		}
		if p.Active() {
			return Fail(WhyCheckoutOpen, old.InvoiceNumber, old.Amount, p.ExpiresAt).In(ErrNotPayable)
		}
		return nil
	}
	fetched := s.Now()
	l, err := gw.ArchivePaymentLink(ctx, old.MollieID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.logFailure(ctx, LogEntry{Event: EventArchive, InvoiceNumber: old.InvoiceNumber, MollieID: old.MollieID,
			Says: Say("log.archive_failed")}, err)
		return fmt.Errorf("invoice %s: archive old link %s: %w", old.InvoiceNumber, old.MollieID, err)
	}
	if err != nil {
		l = RemoteLink{ID: old.MollieID, Mode: old.Mode, Archived: true} // gone at Mollie
	}
	l.Archived = true
	obs := Observation{FetchedAt: fetched, Link: &l}
	if !l.PaidAt.IsZero() {
		// A customer paid just before the link was withdrawn. The link's
		// paidAt alone does not make the row paid: its payments are read
		// and vetted as sync vets them (amount, currency, sign, not more
		// than asked), and only an accepted paid one counts.
		if obs.Attempts, err = s.linkAttempts(ctx, gw, old); err != nil {
			s.logFailure(ctx, LogEntry{Event: EventSync, InvoiceNumber: old.InvoiceNumber, MollieID: old.MollieID,
				Says: Say("log.check_failed")}, err)
			return fmt.Errorf("invoice %s: read the payments of %s: %w", old.InvoiceNumber, old.MollieID, err)
		}
		if !hasPaid(obs.Attempts) {
			l.PaidAt = time.Time{}
		}
	}
	updated, err := s.applyObservation(ctx, old, obs)
	if err != nil {
		return err
	}
	if updated.Status == StatusArchived {
		s.logInfo(ctx, LogEntry{Event: EventArchive, InvoiceNumber: old.InvoiceNumber, MollieID: old.MollieID, HTTPStatus: 200,
			Says: Say("log.archived", old.Amount, owed)})
	}
	return nil
}

// hasPaid tells whether one of the payments is paid.
func hasPaid(ps []RemotePayment) bool {
	for _, p := range ps {
		if p.Status == StatusPaid {
			return true
		}
	}
	return false
}
