package main

import (
	"sort"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

type invoiceJSON struct {
	Number      string    `json:"number"`
	Customer    *string   `json:"customer"`
	Email       *string   `json:"email"`
	Kind        string    `json:"kind"`
	Total       moneyJSON `json:"total"`
	Paid        moneyJSON `json:"paid"`
	Outstanding moneyJSON `json:"outstanding"`
	IssueDate   *string   `json:"issue_date"`
	DueDate     *string   `json:"due_date"`
	// Discounts are the early-payment discounts (Skonto) the document grants.
	Discounts     []discountJSON `json:"discounts,omitempty"`
	Status        string         `json:"status"`         // the invoice's: unpaid, overdue, awaiting_payment, paid, overpaid, credit
	PaymentStatus *string        `json:"payment_status"` // its current payment's at Mollie; null when none
}

func newInvoiceJSON(inv domain.Invoice, mode domain.Mode, today time.Time) invoiceJSON {
	j := invoiceJSON{
		Number:      inv.Number,
		Customer:    stringJSON(inv.Customer),
		Email:       stringJSON(inv.Email),
		Kind:        string(inv.Kind),
		Total:       moneyOr(inv.Total, inv.Currency),
		Paid:        moneyOr(inv.Paid(mode), inv.Currency),
		Outstanding: moneyOr(inv.Outstanding(mode), inv.Currency),
		IssueDate:   dateJSON(inv.IssueDate),
		DueDate:     dateJSON(inv.DueDate),
		Status:      string(inv.State(mode, today)),
	}
	if inv.LastPayment != nil {
		j.PaymentStatus = stringJSON(string(inv.LastPayment.Status))
	}
	for _, d := range inv.Discounts {
		j.Discounts = append(j.Discounts, discountJSON{Percent: d.Percent(), Until: d.Until.Format(time.DateOnly)})
	}
	return j
}

type discountJSON struct {
	Percent string `json:"percent"`
	Until   string `json:"until"`
}

func newInvoicesCmd(g *globals) *cobra.Command {
	var status string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "invoices",
		Aliases: []string{"ls"},
		Example: "  paydesk invoices --status unpaid\n  paydesk invoices --json | jq '.[] | select(.status == \"unpaid\") | .number'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var want domain.InvoiceState
			if !strings.EqualFold(strings.TrimSpace(status), "all") {
				st, err := domain.ParseInvoiceState(status)
				if err != nil {
					return usageError{spoken{text: say(g.earlyPrinter(), hint(err, "cli.hint.status_all")), err: err}}
				}
				want = st
			}
			return g.read(cmd, func(s *session) error {
				ctx := cmd.Context()
				invs, err := s.svc.Invoices(ctx)
				if err != nil {
					return err
				}
				mode, today := s.svc.Mode(ctx), s.svc.Now()
				shown := invs[:0]
				for _, inv := range invs {
					if want == "" || inv.Is(want, mode, today) {
						shown = append(shown, inv)
					}
				}
				if asJSON {
					rows := make([]invoiceJSON, 0, len(shown))
					for _, inv := range shown {
						rows = append(rows, newInvoiceJSON(inv, mode, today))
					}
					return s.out.json(rows)
				}
				printInvoices(s, shown, mode, want)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&status, "status", "all",
		"")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

func printInvoices(s *session, invs []domain.Invoice, mode domain.Mode, filter domain.InvoiceState) {
	o := s.out
	if len(invs) == 0 {
		if filter == "" {
			o.println(o.p.T("cli.invoices.none"))
		} else {
			o.println(o.p.T("cli.invoices.none_in", o.p.State(filter)))
		}
		return
	}
	today := s.svc.Now()
	p := o.p
	t := &table{header: []string{p.T("tui.col.number"), p.T("tui.col.customer"), p.T("tui.col.due"), p.T("tui.col.total"),
		p.T("tui.col.paid"), p.T("cli.col.outstanding"), p.T("cli.col.state")}, right: map[int]bool{3: true, 4: true, 5: true}}
	owed := map[string]domain.Money{}
	for _, inv := range invs {
		word := stateWord(o, inv.State(mode, today))
		if out := inv.Outstanding(mode); out.IsPositive() && inv.Kind != domain.KindCreditNote {
			owed[inv.Currency] = owed[inv.Currency].Add(out)
		}
		t.add(sanitize.Terminal(inv.Number), clip(sanitize.Terminal(inv.Customer), 28), o.p.Date(inv.DueDate),
			o.p.Money(inv.Total), o.p.Money(inv.Paid(mode)), o.p.Money(inv.Outstanding(mode)), word)
	}
	o.table(t)
	currencies := make([]string, 0, len(owed))
	for c := range owed {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	sums := make([]string, 0, len(currencies))
	for _, c := range currencies {
		sums = append(sums, o.p.Money(owed[c]))
	}
	summary := p.T("cli.invoices.count", len(invs))
	if len(invs) == 1 {
		summary = p.T("cli.invoices.count_one")
	}
	if len(sums) > 0 {
		summary = p.T("cli.invoices.count_owed", summary, strings.Join(sums, ", "))
	}
	o.println(o.faint.Render(p.T("cli.invoices.summary", summary, p.Mode(mode))))
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// stateWord colours an invoice's state; the word itself always says it.
func stateWord(o *output, st domain.InvoiceState) string {
	word := o.p.State(st)
	switch st {
	case domain.StateOverdue:
		return o.bad.Render(word)
	case domain.StatePaid:
		return o.good.Render(word)
	case domain.StateOverpaid, domain.StateAwaiting:
		return o.warn.Render(word)
	}
	return word
}
