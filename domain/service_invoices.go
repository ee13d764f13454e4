package domain

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Import adds or updates invoices, all or nothing, and logs what it did.
func (s *Service) Import(ctx context.Context, invoices []Invoice) (ImportResult, error) {
	sources := map[string]bool{}
	for _, inv := range invoices {
		sources[inv.SourceFile] = true
	}
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	res, err := s.store.ImportInvoices(ctx, invoices, s.Now())
	if err != nil {
		s.logError(ctx, LogEntry{Event: EventImport, Message: fmt.Sprintf("import of %s refused: %v", strings.Join(names, ", "), err)})
		return res, fmt.Errorf("import: %w", err)
	}
	s.logInfo(ctx, LogEntry{Event: EventImport, Message: fmt.Sprintf("imported %s: %d added, %d updated, %d unchanged",
		strings.Join(names, ", "), res.Added, res.Updated, res.Unchanged)})
	return res, nil
}

// Invoice finds one invoice by number.
func (s *Service) Invoice(ctx context.Context, number string) (Invoice, error) {
	inv, err := s.store.Invoice(ctx, number)
	if err != nil {
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

// RecordPayment records money received outside Mollie (a bank transfer,
// cash); it lowers the outstanding amount and so the next link's amount.
func (s *Service) RecordPayment(ctx context.Context, number string, amount Money, note string) (Invoice, error) {
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return Invoice{}, err
	}
	if amount.Currency != inv.Currency {
		return Invoice{}, fmt.Errorf("invoice %s is in %s, not %s", number, inv.Currency, amount.Currency)
	}
	if !amount.IsPositive() {
		return Invoice{}, fmt.Errorf("a received payment must be more than zero, not %s", amount)
	}
	inv, err = s.store.RecordExternalPayment(ctx, ExternalPayment{InvoiceNumber: number, Amount: amount, Note: note, Actor: s.actor, At: s.Now()})
	if err != nil {
		return Invoice{}, fmt.Errorf("record payment for %s: %w", number, err)
	}
	msg := fmt.Sprintf("recorded %s received outside Mollie; outstanding now %s", amount, inv.Outstanding(s.Mode(ctx)))
	if note != "" {
		msg += " (" + note + ")"
	}
	s.logInfo(ctx, LogEntry{Event: EventRecordPayment, InvoiceNumber: number, Message: msg})
	s.withdrawLinks(ctx, inv)
	return inv, nil
}

// withdrawLinks archives the open link of an invoice that owes nothing any
// more, so the customer cannot pay it a second time. It is a best effort: the
// money received is recorded either way, and replace logs a failure.
func (s *Service) withdrawLinks(ctx context.Context, inv Invoice) {
	// Most settled invoices have no open link left: look before asking for
	// the gateway, which reads the settings.
	ps, err := s.store.Payments(ctx, PaymentFilter{InvoiceNumber: inv.Number, ActiveOnly: true})
	if err != nil || len(ps) == 0 {
		return
	}
	gw, mode, err := s.gateway(ctx)
	if err != nil || inv.Outstanding(mode).IsPositive() {
		return
	}
	for _, p := range ps {
		if p.Mode == mode && p.Kind == KindLink && p.MollieID != "" {
			_ = s.replace(ctx, gw, p, inv.Outstanding(mode))
		}
	}
}
