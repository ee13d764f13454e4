package tui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// memStore is a domain.Store in memory, for tests and benchmarks that need
// exact control over what the database holds.
type memStore struct {
	mu       sync.Mutex
	settings map[string]string
	invoices []domain.Invoice // ordered by number
	payments []domain.Payment
	log      []domain.LogEntry
	nextPay  int64
	nextLog  int64
	holder   string
	until    time.Time
	version  atomic.Int64
	// failInvoices makes Invoices fail, to test how errors are shown.
	failInvoices error
	// reads counts the calls of Invoices and Payments.
	invoiceReads, paymentReads atomic.Int64
}

var _ domain.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{settings: map[string]string{}}
}

func (s *memStore) touch() { s.version.Add(1) }

func (s *memStore) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings[key], nil
}

func (s *memStore) SetSetting(_ context.Context, key, value string) error {
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

func (s *memStore) ImportInvoices(_ context.Context, invs []domain.Invoice, now time.Time) (domain.ImportResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res domain.ImportResult
	for _, inv := range invs {
		i := s.indexOf(inv.Number)
		if i >= 0 {
			inv.ID = s.invoices[i].ID
			s.invoices[i] = inv
			res.Updated++
			continue
		}
		inv.ID = int64(len(s.invoices) + 1)
		inv.ImportedAt = now
		s.invoices = append(s.invoices, inv)
		res.Added++
	}
	slices.SortFunc(s.invoices, func(a, b domain.Invoice) int { return strings.Compare(a.Number, b.Number) })
	s.touch()
	return res, nil
}

func (s *memStore) indexOf(number string) int {
	for i := range s.invoices {
		if s.invoices[i].Number == number {
			return i
		}
	}
	return -1
}

// settled returns the invoice with its Mollie figures and newest payment.
func (s *memStore) settled(inv domain.Invoice) domain.Invoice {
	var ps []domain.Payment
	for _, p := range s.payments {
		if p.InvoiceNumber == inv.Number {
			ps = append(ps, p)
		}
	}
	inv.Live, inv.Test = domain.Settle(inv.Currency, ps)
	inv.LastPayment = nil
	for i := range ps {
		p := ps[i]
		if inv.LastPayment == nil || p.ID > inv.LastPayment.ID {
			inv.LastPayment = &domain.PaymentRef{ID: p.ID, MollieID: p.MollieID, Kind: p.Kind, Mode: p.Mode, Status: p.Status, URL: p.URL}
		}
	}
	return inv
}

func (s *memStore) Invoice(_ context.Context, number string) (domain.Invoice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(number)
	if i < 0 {
		return domain.Invoice{}, domain.ErrNotFound
	}
	return s.settled(s.invoices[i]), nil
}

func (s *memStore) Invoices(_ context.Context, f domain.InvoiceFilter) ([]domain.Invoice, error) {
	s.invoiceReads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failInvoices != nil {
		return nil, s.failInvoices
	}
	out := make([]domain.Invoice, 0, len(s.invoices))
	for _, inv := range s.invoices {
		if len(f.Numbers) > 0 && !slices.Contains(f.Numbers, inv.Number) {
			continue
		}
		out = append(out, s.settled(inv))
	}
	return out, nil
}

func (s *memStore) RecordExternalPayment(_ context.Context, p domain.ExternalPayment) (domain.Invoice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(p.InvoiceNumber)
	if i < 0 {
		return domain.Invoice{}, domain.ErrNotFound
	}
	s.invoices[i].PaidOutside = s.invoices[i].PaidOutside.Add(p.Amount)
	s.touch()
	return s.settled(s.invoices[i]), nil
}

func (s *memStore) ReservePayment(_ context.Context, number string, decide func(domain.Invoice, []domain.Payment) (domain.Plan, error)) (domain.Plan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(number)
	if i < 0 {
		return domain.Plan{}, domain.ErrNotFound
	}
	var ps []domain.Payment
	for _, p := range s.payments {
		if p.InvoiceNumber == number {
			ps = append(ps, p)
		}
	}
	plan, err := decide(s.settled(s.invoices[i]), ps)
	if err != nil {
		return plan, err
	}
	if plan.New != nil {
		s.nextPay++
		plan.New.ID = s.nextPay
		s.payments = append(s.payments, *plan.New)
		s.touch()
	}
	return plan, nil
}

func (s *memStore) UpdatePayment(_ context.Context, id int64, change func(*domain.Payment) error) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.payments {
		if s.payments[i].ID != id {
			continue
		}
		p := s.payments[i]
		if err := change(&p); err != nil {
			return domain.Payment{}, err
		}
		s.payments[i] = p
		s.touch()
		return p, nil
	}
	return domain.Payment{}, domain.ErrNotFound
}

func (s *memStore) DeletePayment(_ context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.payments {
		if p.ID == id {
			if p.Status != domain.StatusCreating {
				return domain.ErrConflict
			}
			s.payments = slices.Delete(s.payments, i, i+1)
			s.touch()
			return nil
		}
	}
	return domain.ErrNotFound
}

func (s *memStore) Payment(_ context.Context, id int64) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.payments {
		if p.ID == id {
			return p, nil
		}
	}
	return domain.Payment{}, domain.ErrNotFound
}

func (s *memStore) PaymentByMollieID(_ context.Context, id string) (domain.Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.payments {
		if p.MollieID == id {
			return p, nil
		}
		for _, a := range p.Attempts {
			if a.MollieID == id {
				return p, nil
			}
		}
	}
	return domain.Payment{}, domain.ErrNotFound
}

func (s *memStore) Payments(_ context.Context, f domain.PaymentFilter) ([]domain.Payment, error) {
	s.paymentReads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Payment
	for _, p := range s.payments {
		switch {
		case f.InvoiceNumber != "" && p.InvoiceNumber != f.InvoiceNumber,
			f.ActiveOnly && !p.Active(),
			f.Status != "" && p.Status != f.Status,
			!f.Since.IsZero() && p.CreatedAt.Before(f.Since):
			continue
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b domain.Payment) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (s *memStore) AppendLog(_ context.Context, e domain.LogEntry) (domain.LogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextLog++
	e.ID = s.nextLog
	s.log = append(s.log, e)
	s.touch()
	return e, nil
}

func (s *memStore) Log(_ context.Context, f domain.LogFilter) ([]domain.LogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.LogEntry
	for i := len(s.log) - 1; i >= 0; i-- {
		e := s.log[i]
		switch {
		case f.InvoiceNumber != "" && e.InvoiceNumber != f.InvoiceNumber,
			f.Level != "" && !e.Level.AtLeast(f.Level),
			f.Text != "" && !strings.Contains(strings.ToLower(e.Message), strings.ToLower(f.Text)),
			e.ID <= f.AfterID:
			continue
		}
		out = append(out, e)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

func (s *memStore) PruneLog(context.Context, time.Time, int) (int, error) { return 0, nil }

func (s *memStore) AcquireLease(_ context.Context, _, holder string, now time.Time, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder != "" && s.holder != holder && now.Before(s.until) {
		return false, nil
	}
	s.holder, s.until = holder, now.Add(ttl)
	s.touch() // a renewal is a write, as in SQLite
	return true, nil
}

func (s *memStore) ReleaseLease(_ context.Context, _, holder string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder == holder {
		s.holder, s.until = "", time.Time{}
	}
	return nil
}

func (s *memStore) Lease(context.Context, string) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.holder, s.until, nil
}

// Changes reports writes by polling a version counter, as the SQLite store
// polls data_version.
func (s *memStore) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	ch := make(chan struct{}, 1)
	go func() {
		defer close(ch)
		seen := s.version.Load()
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

func (s *memStore) Close() error { return nil }

func (s *memStore) leaseHolder() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.holder
}
