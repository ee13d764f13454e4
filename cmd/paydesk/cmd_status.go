package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

type statusJSON struct {
	Invoice       string        `json:"invoice"`
	Customer      *string       `json:"customer"`
	Mode          string        `json:"mode"`
	InvoiceStatus string        `json:"invoice_status"`
	Total         moneyJSON     `json:"total"`
	Paid          moneyJSON     `json:"paid"`
	Refunded      moneyJSON     `json:"refunded"`
	ChargedBack   moneyJSON     `json:"charged_back"`
	Outstanding   moneyJSON     `json:"outstanding"`
	Status        *string       `json:"status"` // of the current payment; null when none
	CompletedAt   *string       `json:"completed_at"`
	Label         string        `json:"label"`
	Payment       *paymentJSON  `json:"payment"`
	Payments      []paymentJSON `json:"payments"`
}

type paymentJSON struct {
	Kind        string        `json:"kind"`
	MollieID    *string       `json:"mollie_id"`
	Mode        string        `json:"mode"`
	Status      string        `json:"status"`
	Amount      moneyJSON     `json:"amount"`
	Paid        moneyJSON     `json:"paid"`
	Refunded    moneyJSON     `json:"refunded"`
	ChargedBack moneyJSON     `json:"charged_back"`
	URL         *string       `json:"url"`
	Method      *string       `json:"method"`
	CreatedAt   *string       `json:"created_at"`
	ExpiresAt   *string       `json:"expires_at"`
	CompletedAt *string       `json:"completed_at"`
	CheckedAt   *string       `json:"checked_at"`
	Actor       string        `json:"actor"`
	Attempts    []attemptJSON `json:"attempts"`
}

type attemptJSON struct {
	ID          string    `json:"id"`
	Status      string    `json:"status"`
	Method      *string   `json:"method"`
	Amount      moneyJSON `json:"amount"`
	CreatedAt   *string   `json:"created_at"`
	CompletedAt *string   `json:"completed_at"`
}

func newStatusCmd(g *globals) *cobra.Command {
	var refresh, asJSON bool
	cmd := &cobra.Command{
		Use:     "status INVOICE",
		Example: "  paydesk status INV-2026-001 --refresh",
		Args:    needArgs("INVOICE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			runner := g.read
			if refresh {
				runner = g.run // a refresh stores what Mollie says
			}
			return runner(cmd, func(s *session) error {
				ctx := cmd.Context()
				var st domain.InvoiceStatus
				var err error
				if refresh {
					stop := s.out.progress(s.out.p.T("cli.status.asking", args[0]))
					st, err = s.svc.Refresh(ctx, args[0])
					stop()
				} else {
					st, err = s.svc.Status(ctx, args[0])
				}
				if err != nil {
					return refreshFailed(err, args[0])
				}
				if asJSON {
					return s.out.json(newStatusJSON(s.out, st))
				}
				printStatus(s.out, st)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&refresh, "refresh", false, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// refreshFailed adds what to do when asking Mollie for an invoice's status
// failed: nothing was changed, so asking again is all there is to do.
func refreshFailed(err error, number string) error {
	var ge *domain.GatewayError
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return hint(err, "cli.hint.list_invoices")
	case errors.As(err, &ge) && ge.Unreachable, errors.Is(err, context.DeadlineExceeded):
		return hint(err, "cli.hint.refresh_again", envMollieURL, number)
	}
	return err
}

func newStatusJSON(o *output, st domain.InvoiceStatus) statusJSON {
	inv, cur := st.Invoice, st.Invoice.Currency
	set := inv.Settlement(st.Mode)
	j := statusJSON{
		Invoice:       inv.Number,
		Customer:      stringJSON(inv.Customer),
		Mode:          string(st.Mode),
		InvoiceStatus: string(st.State),
		Total:         moneyOr(inv.Total, cur),
		Paid:          moneyOr(inv.Paid(st.Mode), cur),
		Refunded:      moneyOr(set.Refunded, cur),
		ChargedBack:   moneyOr(set.ChargedBack, cur),
		Outstanding:   moneyOr(inv.Outstanding(st.Mode), cur),
		Label:         o.p.Label(st.Label),
		Payments:      []paymentJSON{},
	}
	if st.Current != nil {
		p := newPaymentJSON(*st.Current, cur)
		j.Payment, j.Status, j.CompletedAt = &p, &p.Status, p.CompletedAt
	}
	for _, p := range st.Payments {
		j.Payments = append(j.Payments, newPaymentJSON(p, cur))
	}
	return j
}

func newPaymentJSON(p domain.Payment, currency string) paymentJSON {
	live, test := domain.Settle(currency, []domain.Payment{p})
	set := test
	if p.Mode == domain.ModeLive {
		set = live
	}
	j := paymentJSON{
		Kind:        string(p.Kind),
		MollieID:    stringJSON(p.MollieID),
		Mode:        string(p.Mode),
		Status:      string(p.Status),
		Amount:      moneyOr(p.Amount, currency),
		Paid:        moneyOr(set.Paid, currency),
		Refunded:    moneyOr(set.Refunded, currency),
		ChargedBack: moneyOr(set.ChargedBack, currency),
		URL:         stringJSON(p.URL),
		Method:      stringJSON(p.Method),
		CreatedAt:   momentJSON(p.CreatedAt),
		ExpiresAt:   momentJSON(p.ExpiresAt),
		CompletedAt: momentJSON(p.CompletedAt()),
		CheckedAt:   momentJSON(p.CheckedAt),
		Actor:       p.Actor,
		Attempts:    []attemptJSON{},
	}
	for _, a := range p.Attempts {
		j.Attempts = append(j.Attempts, attemptJSON{ID: a.MollieID, Status: string(a.Status), Method: stringJSON(a.Method),
			Amount: moneyOr(a.Amount, currency), CreatedAt: momentJSON(a.CreatedAt), CompletedAt: momentJSON(attemptCompleted(a))})
	}
	return j
}

// attemptCompleted is when an attempt reached its final status, or zero.
func attemptCompleted(a domain.Attempt) time.Time {
	switch a.Status {
	case domain.StatusPaid:
		return a.PaidAt
	case domain.StatusCanceled:
		return a.CanceledAt
	case domain.StatusExpired:
		return a.ExpiredAt
	case domain.StatusFailed:
		return a.FailedAt
	}
	return time.Time{}
}

func printStatus(o *output, st domain.InvoiceStatus) {
	inv, mode := st.Invoice, st.Mode
	number := sanitize.Terminal(inv.Number)
	title := number
	if inv.Customer != "" {
		title += " – " + sanitize.Terminal(inv.Customer)
	}
	o.printf("%s  (%s)\n", o.bold.Render(title), modeBadge(o, mode))
	set := inv.Settlement(mode)
	o.println(o.p.T("cli.status.amounts", o.p.Money(inv.Total), o.p.Money(inv.Paid(mode)), o.bold.Render(o.p.Money(inv.Outstanding(mode)))))
	if set.Refunded.IsPositive() || set.ChargedBack.IsPositive() {
		o.println(o.p.T("cli.status.refunded", o.p.Money(set.Refunded), o.p.Money(set.ChargedBack)))
	}
	o.println()
	field := o.fields("cli.status.label.", "invoice", "status", "completed", "link", "checkout", "mollie_id", "expires", "refunded")
	field("invoice", stateWord(o, st.State))
	field("status", statusWord(o, st.Label, o.p.Label(st.Label)))
	p := st.Current
	if p == nil {
		o.println(o.p.T("cli.status.no_payment", number))
		return
	}
	if t := p.CompletedAt(); !t.IsZero() {
		field("completed", o.p.DateTime(t))
	}
	if p.URL != "" {
		field(string(p.Kind), o.link.Render(sanitize.Terminal(p.URL)))
	}
	field("mollie_id", o.p.T("cli.status.mollie_line", sanitize.Terminal(orDash(p.MollieID)), o.p.Money(p.Amount), o.p.Status(p.Status)))
	if !p.ExpiresAt.IsZero() {
		field("expires", o.p.DateTime(p.ExpiresAt))
	}
	if p.AmountRefunded.IsPositive() || p.AmountChargedBack.IsPositive() {
		field("refunded", o.p.T("cli.status.refund_line", o.p.Money(p.AmountRefunded), o.p.Money(p.AmountChargedBack)))
	}
	if len(p.Attempts) > 0 {
		o.println(o.p.T("cli.status.label.attempts"))
		t := &table{header: o.headers("cli.status.col.", "id", "status", "method", "started", "completed")}
		t.header[0] = "  " + t.header[0]
		for _, a := range p.Attempts {
			t.add("  "+sanitize.Terminal(a.MollieID), o.p.Status(a.Status), orDash(o.p.Method(a.Method)), o.p.DateTime(a.CreatedAt), o.p.DateTime(attemptCompleted(a)))
		}
		o.table(t)
	}
	checked := o.p.T("cli.never")
	if !p.CheckedAt.IsZero() {
		checked = o.p.DateTime(p.CheckedAt)
	}
	o.println(o.faint.Render(o.p.T(pick(p.Active(), "cli.status.checked_refresh", "cli.status.checked"), checked)))
	if older := len(st.Payments) - 1; older > 0 {
		o.println(o.faint.Render(count(o.p, "cli.status.earlier", older, number)))
	}
}

// statusWord colours a label by how it ends for the bookkeeper.
func statusWord(o *output, l domain.Label, text string) string {
	switch {
	case l.Key == "paid":
		return o.good.Render(text)
	case l.Key == "failed" || l.Key == "charged_back" || l.Key == "expired" || l.Key == "canceled":
		return o.bad.Render(text)
	case strings.HasPrefix(l.Key, "open") || l.Key == "pending" || strings.HasSuffix(l.Key, "_retry"):
		return o.warn.Render(text)
	}
	return text
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
