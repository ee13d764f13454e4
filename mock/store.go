package mock

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importcheck"
)

// Store is a domain.Store in memory, for tests and benchmarks that need
// exact control over what the database holds. storetest.Run holds it to the
// contract the SQL stores keep.
type Store struct {
	mu        sync.Mutex
	settings  map[string]string
	invoices  []invoiceRow // ordered by number
	payments  []domain.Payment
	log       []domain.LogEntry
	leases    map[string]lease
	nextInv   int64
	nextPay   int64
	nextLog   int64
	nextEntry int64
	version   atomic.Int64
	// failInvoices makes Invoices fail, to test how errors are shown.
	failInvoices error

	// InvoiceReads and PaymentReads count the calls of Invoices and
	// Payments, for tests of how often a screen reads.
	InvoiceReads, PaymentReads atomic.Int64
}

// invoiceRow is an invoice as stored: what the document said was prepaid
// is kept apart from money recorded by hand, as the SQL stores keep it.
type invoiceRow struct {
	inv      domain.Invoice // PaidOutside unused
	prepaid  int64
	external int64
	manual   bool // money was recorded by hand
	entries  []domain.ExternalPayment
}

type lease struct {
	holder string
	until  time.Time
}

var _ domain.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{settings: map[string]string{}, leases: map[string]lease{}}
}

func (s *Store) touch() { s.version.Add(1) }

// FailInvoices makes Invoices return err until called with nil.
func (s *Store) FailInvoices(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failInvoices = err
}

// SeedPayments stores payment rows as they are, for fixtures; a row
// without an id gets the next one, and a row without an invoice id belongs to the invoice it names
// by number, which must be stored.
func (s *Store) SeedPayments(ps []domain.Payment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range ps {
		if i := s.indexOf(p.InvoiceNumber); p.InvoiceID == 0 && i >= 0 {
			p.InvoiceID = s.invoices[i].inv.ID
		}
		if p.ID == 0 {
			p.ID = s.nextPay + 1
		}
		p.Attempts = slices.Clone(p.Attempts)
		s.payments = append(s.payments, p)
		s.nextPay = max(s.nextPay, p.ID)
	}
	s.touch()
}

// SetLease makes holder the holder of the named lease until then; an
// empty holder frees it.
func (s *Store) SetLease(name, holder string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if holder == "" {
		delete(s.leases, name)
	} else {
		s.leases[name] = lease{holder: holder, until: until}
	}
	s.touch()
}

func (s *Store) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings[key], nil
}

func (s *Store) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if value == "" {
		delete(s.settings, key)
	} else {
		s.settings[key] = value
	}
	s.touch()
	return nil
}

func (s *Store) ImportInvoices(ctx context.Context, invs []domain.Invoice, now time.Time) (domain.ImportResult, error) {
	return s.ImportBatches(ctx, now, domain.OneBatch(invs))
}

// ImportBatches takes every batch, then imports them as one, under the
// rules of the real stores.
func (s *Store) ImportBatches(_ context.Context, now time.Time, next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
	var invs []domain.Invoice
	for {
		b, err := next()
		if err != nil {
			return domain.ImportResult{}, err
		}
		if len(b) == 0 {
			break
		}
		invs = append(invs, b...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var run importcheck.Run
	steps, err := run.Batch(invs, nil, s.storedFor)
	if err != nil {
		return domain.ImportResult{}, err
	}
	if _, err := run.Finish(); err != nil {
		return domain.ImportResult{}, err
	}
	// Updates first, found in the sorted rows; the new rows are sorted in
	// once at the end.
	var added []invoiceRow
	for _, st := range steps {
		inv := st.Invoice
		prepaid := inv.PaidOutside.Minor
		inv.PaidOutside, inv.Live, inv.Test, inv.LastPayment = domain.Money{}, domain.Settlement{}, domain.Settlement{}, nil
		if st.ID == 0 {
			s.nextInv++
			inv.ID, inv.ImportedAt, inv.UpdatedAt = s.nextInv, now, now
			added = append(added, invoiceRow{inv: inv, prepaid: prepaid})
			run.Result.Added++
			continue
		}
		row := &s.invoices[s.indexOf(inv.Number)]
		inv.ID, inv.ImportedAt, inv.UpdatedAt = row.inv.ID, row.inv.ImportedAt, now
		row.inv, row.prepaid = inv, prepaid
		run.Result.Updated++
	}
	s.invoices = append(s.invoices, added...)
	slices.SortFunc(s.invoices, func(a, b invoiceRow) int { return strings.Compare(a.inv.Number, b.inv.Number) })
	s.touch()
	return run.Finish()
}

// storedFor is what the import rules need of the stored invoices: those
// with a number of the batch, and every number, for the case clashes.
func (s *Store) storedFor(batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
	known := make(map[string]importcheck.Stored)
	for _, inv := range batch {
		if i := s.indexOf(inv.Number); i >= 0 {
			known[inv.Number] = s.stored(s.invoices[i])
		}
	}
	numbers := make([]string, len(s.invoices))
	for i, r := range s.invoices {
		numbers[i] = r.inv.Number
	}
	return known, numbers, nil
}

// document is the stored invoice as its document said it: PaidOutside is
// what it said was prepaid.
func (r invoiceRow) document() domain.Invoice {
	inv := r.inv
	inv.PaidOutside = domain.NewMoney(r.prepaid, inv.Currency)
	return inv
}

// stored is what the import rules need to know of a stored invoice.
func (s *Store) stored(r invoiceRow) importcheck.Stored {
	return importcheck.Stored{
		Invoice:     r.document(),
		HasPayments: slices.ContainsFunc(s.payments, func(p domain.Payment) bool { return p.InvoiceID == r.inv.ID }),
		HasExternal: r.manual,
	}
}

func (s *Store) indexOf(number string) int {
	i, ok := slices.BinarySearchFunc(s.invoices, number, func(r invoiceRow, n string) int { return strings.Compare(r.inv.Number, n) })
	if !ok {
		return -1
	}
	return i
}

// settled returns the invoice with what it received and its newest payment.
func (s *Store) settled(row invoiceRow) domain.Invoice {
	inv := row.inv
	inv.PaidOutside = domain.NewMoney(row.prepaid+row.external, inv.Currency)
	ps := s.paymentsOf(inv.ID)
	inv.Live, inv.Test = domain.Settle(inv.Currency, ps)
	inv.LastPayment = nil
	if len(ps) > 0 {
		p := slices.MinFunc(ps, newestFirst)
		inv.LastPayment = &domain.PaymentRef{ID: p.ID, MollieID: p.MollieID, Kind: p.Kind, Mode: p.Mode, Status: p.Status, URL: p.URL}
	}
	return inv
}

func (s *Store) paymentsOf(invoiceID int64) []domain.Payment {
	var ps []domain.Payment
	for _, p := range s.payments {
		if p.InvoiceID == invoiceID {
			ps = append(ps, clonePayment(p))
		}
	}
	return ps
}

// newestFirst orders payments as the SQL stores list them.
func newestFirst(a, b domain.Payment) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

func clonePayment(p domain.Payment) domain.Payment {
	p.Attempts = slices.Clone(p.Attempts)
	return p
}

func (s *Store) Invoice(_ context.Context, number string) (domain.Invoice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(number)
	if i < 0 {
		return domain.Invoice{}, fmt.Errorf("invoice %s: %w", number, domain.ErrNotFound)
	}
	return s.settled(s.invoices[i]), nil
}

func (s *Store) Invoices(_ context.Context, f domain.InvoiceFilter) ([]domain.Invoice, error) {
	s.InvoiceReads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failInvoices != nil {
		return nil, s.failInvoices
	}
	out := make([]domain.Invoice, 0, len(s.invoices))
	for _, row := range s.invoices {
		if f.Numbers != nil && !slices.Contains(f.Numbers, row.inv.Number) {
			continue
		}
		out = append(out, s.settled(row))
	}
	return out, nil
}

func (s *Store) RecordExternalPayment(_ context.Context, p domain.ExternalPayment) (domain.Invoice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case p.At.IsZero():
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the time it was received is missing", p.InvoiceNumber)
	case p.Amount.IsZero():
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the amount is zero", p.InvoiceNumber)
	}
	i := s.indexOf(p.InvoiceNumber)
	if i < 0 {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: %w", p.InvoiceNumber, domain.ErrNotFound)
	}
	row := &s.invoices[i]
	if p.Amount.Currency != row.inv.Currency {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the amount is in %q but the invoice is in %s", p.InvoiceNumber, p.Amount.Currency, row.inv.Currency)
	}
	if p.Reverses != 0 {
		for _, e := range s.allEntries() {
			if e.Reverses == p.Reverses {
				return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: entry %d is already reversed: %w", p.InvoiceNumber, p.Reverses, domain.ErrConflict)
			}
		}
	}
	s.nextEntry++
	p.ID = s.nextEntry
	row.entries = append(row.entries, p)
	row.external += p.Amount.Minor
	row.manual = true
	row.inv.UpdatedAt = p.At
	s.touch()
	return s.settled(*row), nil
}

func (s *Store) ReservePayment(_ context.Context, number string, decide func(domain.Invoice, []domain.Payment) (domain.Plan, error)) (domain.Plan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(number)
	if i < 0 {
		return domain.Plan{}, fmt.Errorf("invoice %s: %w", number, domain.ErrNotFound)
	}
	inv := s.settled(s.invoices[i])
	ps := s.paymentsOf(inv.ID)
	slices.SortFunc(ps, newestFirst)
	plan, err := decide(inv, ps)
	if err != nil || plan.New == nil {
		return plan, err
	}
	p := plan.New
	if p.InvoiceID != 0 && p.InvoiceID != inv.ID {
		return plan, fmt.Errorf("new payment for invoice %s names another invoice (id %d)", number, p.InvoiceID)
	}
	p.InvoiceID, p.InvoiceNumber = inv.ID, inv.Number
	stored := asStored(*p, inv.Currency)
	if err := s.check(stored, -1); err != nil {
		return plan, fmt.Errorf("new %s payment for invoice %s: %w", p.Mode, number, err)
	}
	s.nextPay++
	p.ID, stored.ID = s.nextPay, s.nextPay
	s.payments = append(s.payments, stored)
	s.touch()
	return plan, nil
}

// asStored is p as a read gives it back: amounts in the invoice's currency
// and attempts oldest first.
func asStored(p domain.Payment, currency string) domain.Payment {
	p = clonePayment(p)
	p.Amount = domain.NewMoney(p.Amount.Minor, currency)
	p.AmountRefunded = domain.NewMoney(p.AmountRefunded.Minor, currency)
	p.AmountChargedBack = domain.NewMoney(p.AmountChargedBack.Minor, currency)
	for i := range p.Attempts {
		a := &p.Attempts[i]
		a.Amount = domain.NewMoney(a.Amount.Minor, currency)
		a.AmountRefunded = domain.NewMoney(a.AmountRefunded.Minor, currency)
		a.AmountChargedBack = domain.NewMoney(a.AmountChargedBack.Minor, currency)
	}
	slices.SortStableFunc(p.Attempts, func(a, b domain.Attempt) int { return a.CreatedAt.Compare(b.CreatedAt) })
	if len(p.Attempts) == 0 {
		p.Attempts = nil
	}
	return p
}

// check applies the SQL stores' constraints to p, which is to be stored
// at index at (-1: appended): known kind and mode, one active payment per
// invoice and mode, and Mollie ids that belong to one row.
func (s *Store) check(p domain.Payment, at int) error {
	if _, ok := domain.ParsePaymentKind(string(p.Kind)); !ok {
		return fmt.Errorf("kind %q is neither link nor checkout", p.Kind)
	}
	if p.Mode != domain.ModeLive && p.Mode != domain.ModeTest {
		return fmt.Errorf("mode %q is neither live nor test", p.Mode)
	}
	if p.Status == "" || p.CreatedAt.IsZero() {
		return errors.New("the status or the creation time is missing")
	}
	for j, o := range s.payments {
		if j == at {
			continue
		}
		if p.Active() && o.Active() && o.InvoiceID == p.InvoiceID && o.Mode == p.Mode {
			return fmt.Errorf("payment %d is still active: %w", o.ID, domain.ErrConflict)
		}
		if p.MollieID != "" && o.MollieID == p.MollieID {
			return fmt.Errorf("%s belongs to payment %d: %w", p.MollieID, o.ID, domain.ErrConflict)
		}
		for _, a := range p.Attempts {
			if slices.ContainsFunc(o.Attempts, func(b domain.Attempt) bool { return b.MollieID == a.MollieID }) {
				return fmt.Errorf("attempt %s belongs to payment %d: %w", a.MollieID, o.ID, domain.ErrConflict)
			}
		}
	}
	return nil
}

func (s *Store) UpdatePayment(_ context.Context, id int64, change func(*domain.Payment) error) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.payments, func(p domain.Payment) bool { return p.ID == id })
	if i < 0 {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, domain.ErrNotFound)
	}
	old := s.payments[i]
	p := clonePayment(old)
	if err := change(&p); err != nil {
		return domain.Payment{}, err
	}
	if p.ID != old.ID || p.InvoiceID != old.InvoiceID {
		return domain.Payment{}, fmt.Errorf("payment %d: a change may not move the row to another id or invoice", id)
	}
	p = asStored(p, old.Amount.Currency)
	p.InvoiceNumber = old.InvoiceNumber
	if err := s.check(p, i); err != nil {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, err)
	}
	s.payments[i] = p
	s.touch()
	return clonePayment(p), nil
}

func (s *Store) DeletePayment(_ context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.payments, func(p domain.Payment) bool { return p.ID == id })
	if i < 0 {
		return fmt.Errorf("delete payment %d: %w", id, domain.ErrNotFound)
	}
	if s.payments[i].Status != domain.StatusCreating {
		return fmt.Errorf("delete payment %d: it is %s: %w", id, s.payments[i].Status, domain.ErrConflict)
	}
	s.payments = slices.Delete(s.payments, i, i+1)
	s.touch()
	return nil
}

func (s *Store) Payment(_ context.Context, id int64) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.payments {
		if p.ID == id {
			return clonePayment(p), nil
		}
	}
	return domain.Payment{}, fmt.Errorf("payment %d: %w", id, domain.ErrNotFound)
}

func (s *Store) PaymentByMollieID(_ context.Context, id string) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.payments {
		if p.MollieID == id && id != "" {
			return clonePayment(p), nil
		}
		for _, a := range p.Attempts {
			if a.MollieID == id {
				return clonePayment(p), nil
			}
		}
	}
	return domain.Payment{}, fmt.Errorf("payment %s: %w", id, domain.ErrNotFound)
}

func (s *Store) Payments(_ context.Context, f domain.PaymentFilter) ([]domain.Payment, error) {
	s.PaymentReads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Payment
	before := slices.IndexFunc(s.payments, func(p domain.Payment) bool { return p.ID == f.BeforeID })
	for _, p := range s.payments {
		switch {
		case f.InvoiceNumber != "" && p.InvoiceNumber != f.InvoiceNumber,
			f.ActiveOnly && !p.Active(),
			f.Status != "" && p.Status != f.Status,
			!f.Since.IsZero() && p.CreatedAt.Before(f.Since),
			f.BeforeID > 0 && (before < 0 || newestFirst(p, s.payments[before]) <= 0):
			continue
		}
		out = append(out, clonePayment(p))
	}
	slices.SortFunc(out, newestFirst)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (s *Store) AppendLog(_ context.Context, e domain.LogEntry) (domain.LogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := e.Checked()
	if err != nil {
		return e, err
	}
	s.nextLog++
	e.ID = s.nextLog
	s.log = append(s.log, e)
	s.touch()
	return e, nil
}

func (s *Store) Log(_ context.Context, f domain.LogFilter) ([]domain.LogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.LogEntry
	for j := range s.log {
		i := len(s.log) - 1 - j // newest first
		if f.Oldest {
			i = j
		}
		e := s.log[i]
		switch {
		case f.InvoiceNumber != "" && e.InvoiceNumber != f.InvoiceNumber,
			f.Level != "" && !e.Level.AtLeast(f.Level),
			f.Text != "" && !logMatches(e, f.Text),
			e.ID <= f.AfterID,
			f.BeforeID > 0 && e.ID >= f.BeforeID:
			continue
		}
		out = append(out, e)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

// logMatches searches the fields the SQL stores search, ignoring case.
func logMatches(e domain.LogEntry, text string) bool {
	text = strings.ToLower(text)
	for _, field := range []string{e.Message, string(e.Event), e.InvoiceNumber, e.MollieID} {
		if strings.Contains(strings.ToLower(field), text) {
			return true
		}
	}
	return false
}

func (s *Store) PruneLog(_ context.Context, before time.Time, keep int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keep = max(keep, 0)
	cut := len(s.log) - keep // entries below index cut are outside the newest keep
	kept := s.log[:0:0]
	n := 0
	for i, e := range s.log {
		if i < cut && e.At.Before(before) {
			n++
			continue
		}
		kept = append(kept, e)
	}
	s.log = kept
	if n > 0 {
		s.touch()
	}
	return n, nil
}

func (s *Store) AcquireLease(_ context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if holder == "" {
		return false, fmt.Errorf("lease %s: the holder is empty", name)
	}
	if l, ok := s.leases[name]; ok && l.holder != holder && !l.until.Before(now) {
		return false, nil
	}
	s.leases[name] = lease{holder: holder, until: now.Add(ttl)}
	s.touch() // a renewal is a write, as in SQL
	return true, nil
}

func (s *Store) ReleaseLease(_ context.Context, name, holder string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.leases[name]; ok && l.holder == holder {
		delete(s.leases, name)
		s.touch()
	}
	return nil
}

func (s *Store) Lease(_ context.Context, name string) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.leases[name]
	return l.holder, l.until, nil
}

// Changes reports writes by polling a version counter, as the SQLite store
// polls data_version.
func (s *Store) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	ch := make(chan struct{}, 1)
	seen := s.version.Load()
	go func() {
		defer close(ch)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if v := s.version.Load(); v != seen {
				seen = v
				select {
				case ch <- struct{}{}:
				default:
				}
			}
		}
	}()
	return ch
}

func (s *Store) Close() error { return nil }

// Receivables is the domain's rule over everything held.
func (s *Store) Receivables(_ context.Context, q domain.ReceivablesQuery) (domain.Receivables, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	invs := make([]domain.Invoice, 0, len(s.invoices))
	for _, row := range s.invoices {
		invs = append(invs, s.settled(row))
	}
	return domain.TallyReceivables(q, invs, s.payments), nil
}

func (s *Store) allEntries() []domain.ExternalPayment {
	var all []domain.ExternalPayment
	for _, r := range s.invoices {
		all = append(all, r.entries...)
	}
	return all
}

// ExternalPayments lists an invoice's manual entries, oldest first.
func (s *Store) ExternalPayments(_ context.Context, number string) ([]domain.ExternalPayment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(number)
	if i < 0 {
		return nil, fmt.Errorf("manual payments of %s: %w", number, domain.ErrNotFound)
	}
	return slices.Clone(s.invoices[i].entries), nil
}

// InvoicePage answers as domain.PageOf over every invoice.
func (s *Store) InvoicePage(ctx context.Context, p domain.InvoicePage) ([]domain.Invoice, error) {
	invs, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		return nil, err
	}
	return domain.PageOf(p, invs), nil
}

// CountInvoices answers as domain.CountTabs over every invoice.
func (s *Store) CountInvoices(ctx context.Context, q domain.InvoiceQuery, upTo int) (domain.InvoiceCounts, error) {
	invs, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		return nil, err
	}
	return domain.CountTabs(q, invs, upTo), nil
}
