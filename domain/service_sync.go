package domain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Sync schedule: payments made in the last recentWindow are checked every
// recentEvery, all active ones every fullEvery; errors back off up to maxBackoff.
const (
	syncLease    = "sync"
	leaseTTL     = 10 * time.Second
	heartbeat    = 3 * time.Second
	recentWindow = time.Hour
	recentEvery  = 3 * time.Second
	fullEvery    = 60 * time.Second
	maxBackoff   = 5 * time.Minute
	// refundWatch is how long after payment refunds and chargebacks are
	// looked for; card chargebacks can come months later.
	refundWatch = 180 * 24 * time.Hour
)

// SyncReport says what one sync cycle did.
type SyncReport struct {
	At       time.Time
	Checked  int // payment rows compared with Mollie: Open plus recently paid ones read for refunds
	Open     int // of those, the rows still open (links and checkouts a customer may pay)
	Changed  int // rows whose status or amounts changed
	Listed   int // objects read from Mollie's list endpoints
	Fetched  int // rows that needed a GET of their own
	Finished int // intents left in "creating" that were completed
	// Anomalies counts objects refused because they were not what paydesk
	// asked for; each has an error row in the log.
	Anomalies int
	Replaced  int // open links that asked for another amount than was owed, put right
	Err       error
}

// SyncState tells who keeps statuses fresh for this database.
type SyncState struct {
	Holder string
	Here   bool // this process holds the lease
	Until  time.Time
	Last   SyncReport
}

// SyncOnce brings every active payment of the current mode up to date.
func (s *Service) SyncOnce(ctx context.Context) (SyncReport, error) {
	return s.syncCycle(ctx, time.Time{})
}

// syncCycle checks the active rows created since `since` (zero: all). It reads
// Mollie's link and payment lists newest first, down to the oldest such row, so
// thousands of links cost a few pages instead of a GET each.
func (s *Service) syncCycle(ctx context.Context, since time.Time) (SyncReport, error) {
	rep := SyncReport{At: s.Now()}
	if since.IsZero() {
		// Each full cycle reads the profile again: verification and a
		// block both happen in Mollie's dashboard, not in paydesk.
		if err := s.refreshProfile(ctx); err != nil {
			return rep, err
		}
	}
	gw, mode, err := s.gateway(ctx)
	if err != nil {
		return rep, err
	}
	active, err := s.store.Payments(ctx, PaymentFilter{ActiveOnly: true, Since: since})
	if err != nil {
		return rep, fmt.Errorf("list active payments: %w", err)
	}
	var rows []Payment
	for _, p := range active {
		if p.Mode != mode {
			continue
		}
		if p.Status == StatusCreating {
			if _, err := s.complete(ctx, gw, p); err == nil {
				rep.Finished++
			}
			continue
		}
		rows = append(rows, p)
	}
	if since.IsZero() {
		// Refunds and chargebacks come after "paid", often without a
		// webhook; and a customer who started paying a link just before it
		// was archived may still complete. Full cycles keep reading such
		// recent final rows too, at no extra cost when the payments list
		// already reaches back to them.
		for _, st := range []Status{StatusPaid, StatusArchived} {
			done, err := s.store.Payments(ctx, PaymentFilter{Status: st, Since: rep.At.Add(-refundWatch)})
			if err != nil {
				return rep, fmt.Errorf("list %s payments: %w", st, err)
			}
			for _, p := range done {
				if p.Mode == mode && p.MollieID != "" {
					rows = append(rows, p)
				}
			}
		}
	}
	if len(rows) == 0 {
		return rep, nil
	}
	obs, err := s.observeAll(ctx, gw, rows, &rep)
	if err != nil {
		s.logFailure(ctx, LogEntry{Event: EventSync, Says: Say("log.sync_failed")}, err)
		return rep, fmt.Errorf("sync: %w", err)
	}
	for _, p := range rows {
		o, ok := obs[p.ID]
		if !p.Active() && !ok {
			continue // a paid row the lists no longer reach
		}
		rep.Checked++
		if p.Active() {
			rep.Open++
		}
		if p.Kind == KindLink && p.Active() && o.Link == nil {
			ok = false // its attempts were seen, the link itself was not
		}
		if !ok {
			// Not in the lists (older than they reach, or gone): ask directly.
			if o, err = s.fetch(ctx, gw, p); err != nil {
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if IsAnomaly(err) {
					// One bad object never stops the others.
					s.logAnomaly(ctx, p, err)
					rep.Anomalies++
					continue
				}
				return rep, fmt.Errorf("sync %s: %w", p.MollieID, err)
			}
			rep.Fetched++
		}
		o, refused := vet(p, o)
		for _, err := range refused {
			s.logAnomaly(ctx, p, err)
			rep.Anomalies++
		}
		if o.Link == nil && o.Payment == nil && o.Attempts == nil {
			continue // refused as a whole: one bad object never stops the others
		}
		// Most rows did not change: skip their write, so a cycle over
		// thousands of links does not wake every watching terminal.
		if next, _ := p.Apply(o, s.Now()); !changed(p, next) {
			continue
		}
		if _, err := s.applyObservation(ctx, p, o); err != nil {
			return rep, err
		}
		rep.Changed++
	}
	if since.IsZero() {
		rep.Replaced = s.replaceStaleLinks(ctx, mode)
		if err := s.store.SetSetting(ctx, settingSyncCheckedAt, rep.At.UTC().Format(time.RFC3339Nano)); err != nil {
			return rep, fmt.Errorf("record sync time: %w", err)
		}
	}
	return rep, nil
}

// settingSyncCheckedAt holds when the last full cycle checked every active
// row; rows it found unchanged were not rewritten.
const settingSyncCheckedAt = "sync_checked_at"

// lastChecked is when a row was last known to match Mollie.
func (s *Service) lastChecked(ctx context.Context, p Payment) time.Time {
	if !p.Active() {
		return p.CheckedAt
	}
	v, err := s.store.Setting(ctx, settingSyncCheckedAt)
	if err != nil {
		return p.CheckedAt
	}
	full, err := time.Parse(time.RFC3339Nano, v)
	if err != nil || !full.After(p.CheckedAt) || full.Before(p.CreatedAt) {
		return p.CheckedAt
	}
	return full
}

// observeAll builds observations for rows from the two list endpoints. A
// payment names no link, so the payments list serves a link only for the
// attempts already known by id; a listed payment paydesk does not know yet,
// with a link's description and amount, or a listed link that says it was
// paid, is a reason to read that link's payments by the documented route.
func (s *Service) observeAll(ctx context.Context, gw Gateway, rows []Payment, rep *SyncReport) (map[int64]Observation, error) {
	fetched := s.Now()
	links := map[string]*Payment{}
	checkouts := map[string]*Payment{}
	attemptOf := map[string]*Payment{}
	type ask struct {
		description string
		amount      Money
	}
	watched := map[ask][]*Payment{}
	oldest, oldestActiveLink := fetched, fetched
	for i := range rows {
		p := &rows[i]
		if p.Kind == KindLink {
			links[p.MollieID] = p
			for _, a := range p.Attempts {
				attemptOf[a.MollieID] = p
			}
			// Archived links still watched may have a payment started
			// before they were archived that completes now.
			k := ask{p.Description, p.Amount}
			watched[k] = append(watched[k], p)
			if p.Active() {
				if p.CreatedAt.Before(oldestActiveLink) {
					oldestActiveLink = p.CreatedAt
				}
			}
		} else {
			checkouts[p.MollieID] = p
		}
		if p.CreatedAt.Before(oldest) {
			oldest = p.CreatedAt
		}
	}
	// Clocks differ: read a little past the oldest row.
	oldest, oldestActiveLink = oldest.Add(-5*time.Minute), oldestActiveLink.Add(-5*time.Minute)
	out := map[int64]Observation{}
	readPayments := map[int64]*Payment{}
	if oldestActiveLink.Before(fetched) {
		for l, err := range gw.ListPaymentLinks(ctx) {
			if err != nil {
				if s.skipAnomaly(ctx, err, rep) {
					continue
				}
				return nil, err
			}
			rep.Listed++
			if p, ok := links[l.ID]; ok && p.Active() {
				out[p.ID] = Observation{FetchedAt: fetched, Link: &l, Attempts: []RemotePayment{}}
				if !l.PaidAt.IsZero() && p.Status != StatusPaid {
					readPayments[p.ID] = p
				}
			}
			if l.CreatedAt.Before(oldestActiveLink) {
				break
			}
		}
	}
	for rp, err := range gw.ListPayments(ctx) {
		if err != nil {
			if s.skipAnomaly(ctx, err, rep) {
				continue
			}
			return nil, err
		}
		rep.Listed++
		switch p, ok := checkouts[rp.ID]; {
		case ok:
			out[p.ID] = Observation{FetchedAt: fetched, Payment: &rp}
		case attemptOf[rp.ID] != nil:
			p := attemptOf[rp.ID]
			o, seen := out[p.ID]
			if !seen {
				o = Observation{FetchedAt: fetched}
			}
			o.Attempts = append(o.Attempts, rp)
			out[p.ID] = o
		default:
			for _, p := range watched[ask{rp.Description, rp.Amount}] {
				readPayments[p.ID] = p
			}
		}
		if rp.CreatedAt.Before(oldest) {
			break
		}
	}
	for _, p := range readPayments {
		var attempts []RemotePayment
		for a, err := range gw.LinkPayments(ctx, p.MollieID) {
			if err != nil {
				if s.skipAnomaly(ctx, err, rep) {
					continue
				}
				return nil, err
			}
			attempts = append(attempts, a)
		}
		rep.Fetched++
		o, seen := out[p.ID]
		if !seen {
			o = Observation{FetchedAt: fetched}
		}
		o.Attempts = append(attempts, o.Attempts...)
		out[p.ID] = o
	}
	if err := s.attachReversals(ctx, gw, rows, out, oldest, rep); err != nil {
		return nil, err
	}
	return out, nil
}

// attachReversals reads what was given back of the paid payments the
// lists showed, from Mollie's refund and chargeback lists, once for all of
// them; a cycle that saw no paid payment reads neither list, and one whose
// paid payments all say they have no refunds (or nothing charged back)
// skips that list.
func (s *Service) attachReversals(ctx context.Context, gw Gateway, rows []Payment, out map[int64]Observation, oldest time.Time, rep *SyncReport) error {
	var paid []*RemotePayment
	var rowOf []Payment
	for _, p := range rows {
		o := out[p.ID]
		if o.Payment != nil && o.Payment.Status == StatusPaid {
			paid, rowOf = append(paid, o.Payment), append(rowOf, p)
		}
		for i := range o.Attempts {
			if o.Attempts[i].Status == StatusPaid {
				paid, rowOf = append(paid, &o.Attempts[i]), append(rowOf, p)
			}
		}
	}
	if len(paid) == 0 {
		return nil
	}
	var want reversalLists
	for _, rp := range paid {
		want.refunds = want.refunds || !rp.NoRefunds
		want.chargebacks = want.chargebacks || !rp.NoChargebacks
	}
	r, err := s.readReversalLists(ctx, gw, oldest, want, rep)
	if err != nil {
		return err
	}
	for i, rp := range paid {
		if err := r.attach(rp); err != nil {
			s.logAnomaly(ctx, rowOf[i], err)
			rep.Anomalies++
		}
	}
	return nil
}

// skipAnomaly logs an object a list yielded that paydesk refuses, so that
// the walk goes on past it; any other error ends the walk.
func (s *Service) skipAnomaly(ctx context.Context, err error, rep *SyncReport) bool {
	if !IsAnomaly(err) {
		return false
	}
	s.logAnomaly(ctx, Payment{}, err)
	rep.Anomalies++
	return true
}

func changed(a, b Payment) bool {
	return a.Status != b.Status || a.URL != b.URL || !a.ExpiresAt.Equal(b.ExpiresAt) || a.Method != b.Method || a.AmountRefunded != b.AmountRefunded || a.AmountChargedBack != b.AmountChargedBack ||
		len(a.Attempts) != len(b.Attempts) || attemptsChanged(a.Attempts, b.Attempts)
}

func attemptsChanged(a, b []Attempt) bool {
	for i := range a {
		if a[i].Status != b[i].Status || a[i].AmountRefunded != b[i].AmountRefunded || a[i].AmountChargedBack != b[i].AmountChargedBack {
			return true
		}
	}
	return false
}

// SyncHolder names this process for the sync lease.
func SyncHolder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), NewIdempotencyKey()[:8])
}

// SyncState reads who polls Mollie for this database.
func (s *Service) SyncState(ctx context.Context, holder string) (SyncState, error) {
	h, until, err := s.store.Lease(ctx, syncLease)
	if err != nil {
		return SyncState{}, fmt.Errorf("read sync lease: %w", err)
	}
	if until.Before(s.Now()) {
		h = ""
	}
	return SyncState{Holder: h, Here: h != "" && h == holder, Until: until, Last: s.synced.get()}, nil
}

// RunSync keeps statuses fresh until ctx ends. Only the process holding the
// lease polls; the others wait and take over within seconds of its end. While
// the integration is off or not connected it idles.
func (s *Service) RunSync(ctx context.Context, holder string) error {
	defer s.store.ReleaseLease(context.WithoutCancel(ctx), syncLease, holder)
	var lastFull, lastRecent time.Time
	backoff := time.Duration(0)
	for {
		held, err := s.store.AcquireLease(ctx, syncLease, holder, s.Now(), leaseTTL)
		if err == nil && held {
			now := s.Now()
			due := backoff == 0 || now.Sub(lastRecent) >= backoff
			switch {
			case !due:
			case now.Sub(lastFull) >= fullEvery:
				lastFull, lastRecent = now, now
				backoff = s.runCycle(ctx, time.Time{}, backoff)
			case now.Sub(lastRecent) >= recentEvery:
				lastRecent = now
				backoff = s.runCycle(ctx, now.Add(-recentWindow), backoff)
			}
		}
		if err := wait(ctx, heartbeat/3); err != nil {
			return nil
		}
	}
}

// runCycle runs one cycle and returns the back-off to apply after it.
func (s *Service) runCycle(ctx context.Context, since time.Time, backoff time.Duration) time.Duration {
	var rep SyncReport
	err := s.contain(ctx, EventSync, func() (err error) {
		rep, err = s.syncCycle(ctx, since)
		return err
	})
	if rep.At.IsZero() {
		rep.At = s.Now() // the cycle panicked before it began its report
	}
	rep.Err = err
	if errors.Is(err, ErrIntegrationOff) || errors.Is(err, ErrNotConnected) {
		rep.Err = nil // idle by choice, not failing
	}
	s.synced.set(rep)
	switch {
	case err == nil:
		if since.IsZero() {
			_ = s.contain(ctx, EventSync, func() error { _, err := s.PruneLog(ctx); return err })
		}
		return 0
	case errors.Is(err, ErrIntegrationOff), errors.Is(err, ErrNotConnected), ctx.Err() != nil:
		return 0
	case backoff == 0:
		return 5 * time.Second
	}
	return min(backoff*2, maxBackoff)
}

// replaceStaleLinks finishes what a process that died between recording
// money and replacing the invoice's link left: an open link asking for more
// or less than is owed. It returns how many it put right.
func (s *Service) replaceStaleLinks(ctx context.Context, mode Mode) int {
	active, err := s.store.Payments(ctx, PaymentFilter{ActiveOnly: true})
	if err != nil {
		return 0
	}
	byNumber := map[string][]Payment{}
	var numbers []string
	for _, p := range active {
		if p.Mode != mode || p.Status == StatusCreating {
			continue
		}
		if _, seen := byNumber[p.InvoiceNumber]; !seen {
			numbers = append(numbers, p.InvoiceNumber)
		}
		byNumber[p.InvoiceNumber] = append(byNumber[p.InvoiceNumber], p)
	}
	if len(numbers) == 0 {
		return 0
	}
	invs, err := s.store.Invoices(ctx, InvoiceFilter{Numbers: numbers})
	if err != nil {
		return 0
	}
	n := 0
	for _, inv := range invs {
		if staleLink(inv, byNumber[inv.Number], mode) == nil {
			continue
		}
		if u := s.keepLinkRight(ctx, inv); u.Err == nil && u.Withdrawn != nil {
			n++
		}
	}
	return n
}
