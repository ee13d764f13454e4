package domain

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Import adds or updates invoices, all or nothing, and logs what it did.
func (s *Service) Import(ctx context.Context, invoices []Invoice) (ImportResult, error) {
	return s.ImportBatches(ctx, OneBatch(invoices))
}

// OneBatch hands out invoices as the one batch of an import.
func OneBatch(invoices []Invoice) func() ([]Invoice, error) {
	done := false
	return func() ([]Invoice, error) {
		if done {
			return nil, nil
		}
		done = true
		return invoices, nil
	}
}

// ImportBatches imports the batches next returns, until an empty one, as
// one run: all or nothing, logged once. Numbers are brought into their
// stored form first; a number that differs from another, in the run or
// stored, only by letter case is refused. An error of next (the files
// could not be read) is returned as it is and not logged: nothing was
// refused.
func (s *Service) ImportBatches(ctx context.Context, next func() ([]Invoice, error)) (ImportResult, error) {
	if err := s.allow(ctx, ActionImport, ""); err != nil {
		return ImportResult{}, err
	}
	sources := map[string]bool{}
	var nextErr error
	res, err := s.store.ImportBatches(ctx, s.Now(), func() ([]Invoice, error) {
		invoices, err := next()
		if err != nil {
			nextErr = err
			return nil, err
		}
		for i := range invoices {
			invoices[i].Number = NormalizeNumber(invoices[i].Number)
			sources[invoices[i].SourceFile] = true
		}
		return invoices, nil
	})
	names := slices.Sorted(maps.Keys(sources))
	switch {
	case err != nil && nextErr != nil && errors.Is(err, nextErr):
		return ImportResult{}, err
	case err != nil:
		s.logError(ctx, LogEntry{Event: EventImport, Says: Say("log.import_refused", strings.Join(names, ", ")).Because(err)})
		return res, fmt.Errorf("import: %w", err)
	}
	s.logInfo(ctx, LogEntry{Event: EventImport, Says: Say("log.imported",
		strings.Join(names, ", "), res.Added, res.Updated, res.Unchanged)})
	return res, nil
}

// Invoice finds one invoice by number.
func (s *Service) Invoice(ctx context.Context, number string) (Invoice, error) {
	number = NormalizeNumber(number)
	inv, err := s.store.Invoice(ctx, number)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Invoice{}, Fail(WhyNoInvoice, number).In(ErrNotFound)
		}
		return Invoice{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	return inv, nil
}

// Invoices lists every invoice, ordered by number.
func (s *Service) Invoices(ctx context.Context) ([]Invoice, error) {
	invs, err := s.store.Invoices(ctx, InvoiceFilter{})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	return invs, nil
}

// InvoicePage reads one window of the invoice list.
func (s *Service) InvoicePage(ctx context.Context, p InvoicePage) ([]Invoice, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	invs, err := s.store.InvoicePage(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	return invs, nil
}

// CountInvoices counts the invoices of every tab of the list for q's
// search; under a search no further than SearchCountCap matches.
func (s *Service) CountInvoices(ctx context.Context, q InvoiceQuery) (InvoiceCounts, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	c, err := s.store.CountInvoices(ctx, q, SearchCountCap)
	if err != nil {
		return nil, fmt.Errorf("count invoices: %w", err)
	}
	return c, nil
}

// Recorded is what recording money received outside Mollie did: the
// invoice afterwards, and what became of its open link.
type Recorded struct {
	Invoice
	Link LinkUpdate
}

// LinkUpdate is what keeping an invoice's open link right did. An open link
// always asks for what is owed: a stale one is withdrawn at Mollie and, when
// something is still owed, replaced by one for the rest.
type LinkUpdate struct {
	Withdrawn *Payment // the link that asked for the old amount, now archived
	New       *Payment // the link for what is still owed
	Err       error    // withdrawing or replacing failed: no link is offered until it works
}

// RecordPayment records money received outside Mollie (a bank transfer,
// cash); it lowers the outstanding amount, and an open link that asked for
// the old amount is withdrawn and replaced in the same action.
//
// An amount larger than what is owed is refused with ErrOverpayment unless
// AllowOverpayment is given: a typing mistake is likelier than a customer
// paying too much.
func (s *Service) RecordPayment(ctx context.Context, number string, amount Money, note string, opts ...RecordOption) (Recorded, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	if err := s.allow(ctx, ActionRecord, number); err != nil {
		return Recorded{}, err
	}
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return Recorded{}, err
	}
	if amount.Currency != inv.Currency {
		return Recorded{}, Fail(WhyCurrencyMismatch, number, inv.Currency, amount.Currency)
	}
	if !amount.IsPositive() {
		return Recorded{}, Fail(WhyNotPositive, amount)
	}
	if boundsProblem(inv.PaidOutside.Add(amount)) != nil || !withinBounds(amount) {
		return Recorded{}, Fail(WhyBeyondLimit, amount, number, NewMoney(MaxAmountMinor, amount.Currency)).In(ErrInvalidAmount)
	}
	if owed := inv.Outstanding(s.Mode(ctx)); amount.Minor > owed.Minor && !slices.Contains(opts, AllowOverpayment) {
		return Recorded{}, Fail(WhyWouldOverpay, amount, number, owed, amount.Sub(owed)).In(ErrOverpayment)
	}
	inv, err = s.store.RecordExternalPayment(ctx, ExternalPayment{InvoiceNumber: number, Amount: amount, Note: note, Actor: s.actor, At: s.Now()})
	if err != nil {
		return Recorded{}, fmt.Errorf("record payment for %s: %w", number, err)
	}
	says := Say("log.recorded", amount, inv.Outstanding(s.Mode(ctx)))
	if note != "" {
		says = Say("log.recorded_note", amount, inv.Outstanding(s.Mode(ctx)), note)
	}
	s.logInfo(ctx, LogEntry{Event: EventRecordPayment, InvoiceNumber: number, Says: says})
	rec := Recorded{Invoice: inv, Link: s.keepLinkRight(ctx, inv)}
	if rec.Link.Withdrawn != nil || rec.Link.New != nil {
		if fresh, err := s.Invoice(context.WithoutCancel(ctx), number); err == nil {
			rec.Invoice = fresh
		}
	}
	return rec, nil
}

// RecordOption changes how RecordPayment treats an amount.
type RecordOption int

// AllowOverpayment records an amount larger than what is owed: the
// bookkeeper confirmed that the customer paid that much.
const AllowOverpayment RecordOption = 1

// staleLink is the invoice's open payment in mode that asks for another
// amount than is owed, or nil.
func staleLink(inv Invoice, ps []Payment, mode Mode) *Payment {
	owed := inv.Outstanding(mode)
	for i := range ps {
		p := &ps[i]
		if p.Active() && p.Mode == mode && p.Amount != owed {
			return p
		}
	}
	return nil
}

// keepLinkRight makes the invoice's open link ask for what is owed after
// money was recorded against it: a stale link is archived at Mollie and,
// when something is still owed, a new one is made through the same
// intent-then-call path as CreatePayment, so a crash in between is finished
// like any interrupted pay. Each step is logged; a failure is logged and
// returned in the update, and the money stays recorded either way.
func (s *Service) keepLinkRight(ctx context.Context, inv Invoice) LinkUpdate {
	// Most invoices have no open link: look before asking for the gateway,
	// which reads the settings.
	ps, err := s.store.Payments(ctx, PaymentFilter{InvoiceNumber: inv.Number, ActiveOnly: true})
	if err != nil {
		return LinkUpdate{Err: fmt.Errorf("read the open links of %s: %w", inv.Number, err)}
	}
	if len(ps) == 0 {
		return LinkUpdate{}
	}
	mode := s.Mode(ctx)
	old := staleLink(inv, ps, mode)
	if old == nil {
		return LinkUpdate{}
	}
	owed := inv.Outstanding(mode)
	gw, _, err := s.gateway(ctx)
	if err != nil {
		err = Fail(WhyCannotWithdraw, inv.Number, old.Amount, owed).Because(err)
		s.logFailure(ctx, LogEntry{Event: EventArchive, InvoiceNumber: inv.Number, MollieID: old.MollieID,
			Says: Say("log.link_not_offered", old.Kind, old.Amount, owed)}, err)
		return LinkUpdate{Err: err}
	}
	if !owed.IsPositive() {
		for _, p := range ps {
			if p.Mode == mode && p.Kind == KindLink && p.MollieID != "" {
				if err := s.replace(ctx, gw, p, owed); err != nil {
					return LinkUpdate{Err: err}
				}
			}
		}
		return LinkUpdate{Withdrawn: old}
	}
	res, err := s.CreatePayment(ctx, inv.Number, old.Kind)
	if err != nil {
		return LinkUpdate{Err: err}
	}
	if res.Payment.ID == old.ID {
		return LinkUpdate{} // it asked for the right amount after all (another process fixed it)
	}
	return LinkUpdate{Withdrawn: old, New: &res.Payment}
}

// ManualPayments lists the money recorded by hand for an invoice, with the
// counter-entries that reversed some of it, oldest first.
func (s *Service) ManualPayments(ctx context.Context, number string) ([]ExternalPayment, error) {
	ps, err := s.store.ExternalPayments(ctx, NormalizeNumber(number))
	if err != nil {
		return nil, fmt.Errorf("manual payments of %s: %w", number, err)
	}
	return ps, nil
}

// ReversePayment corrects a manual entry by recording its opposite, with
// the reason, as a new entry: rows are never edited or deleted, so the log
// and the list of entries keep what happened. The outstanding amount goes
// back to what it was before the entry, and an open link is replaced to
// ask for it.
func (s *Service) ReversePayment(ctx context.Context, number string, entry int64, reason string) (Recorded, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	if err := s.allow(ctx, ActionRecord, number); err != nil {
		return Recorded{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Recorded{}, Fail(WhyReverseReason, int(entry))
	}
	entries, err := s.ManualPayments(ctx, number)
	if err != nil {
		return Recorded{}, err
	}
	var orig *ExternalPayment
	for i := range entries {
		switch {
		case entries[i].ID == entry:
			orig = &entries[i]
		case entries[i].Reverses == entry:
			return Recorded{}, Fail(WhyAlreadyReversed, int(entry), NormalizeNumber(number), int(entries[i].ID)).In(ErrConflict)
		}
	}
	switch {
	case orig == nil:
		return Recorded{}, Fail(WhyNoEntry, NormalizeNumber(number), int(entry)).In(ErrNotFound)
	case orig.Reverses != 0:
		return Recorded{}, Fail(WhyReversesEntry, int(entry), int(orig.Reverses))
	}
	counter := ExternalPayment{InvoiceNumber: orig.InvoiceNumber, Amount: orig.Amount.Neg(), Note: reason, Actor: s.actor, At: s.Now(), Reverses: entry}
	inv, err := s.store.RecordExternalPayment(ctx, counter)
	if err != nil {
		return Recorded{}, fmt.Errorf("reverse entry %d of %s: %w", entry, number, err)
	}
	s.logInfo(ctx, LogEntry{Event: EventRecordPayment, InvoiceNumber: orig.InvoiceNumber, Says: Say("log.reversed_payment",
		int(entry), orig.Amount, reason, inv.Outstanding(s.Mode(ctx)))})
	rec := Recorded{Invoice: inv, Link: s.keepLinkRight(ctx, inv)}
	if rec.Link.Withdrawn != nil || rec.Link.New != nil {
		if fresh, err := s.Invoice(context.WithoutCancel(ctx), number); err == nil {
			rec.Invoice = fresh
		}
	}
	return rec, nil
}
