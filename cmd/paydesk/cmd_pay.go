package main

import (
	"errors"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

type payJSON struct {
	Invoice   string    `json:"invoice"`
	Kind      string    `json:"kind"`
	MollieID  string    `json:"mollie_id"`
	Mode      string    `json:"mode"`
	Amount    moneyJSON `json:"amount"`
	URL       string    `json:"url"`
	ExpiresAt *string   `json:"expires_at"`
	Status    string    `json:"status"`
	Reused    bool      `json:"reused"`
}

func newPayCmd(g *globals) *cobra.Command {
	var kind string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "pay INVOICE",
		Example: "  paydesk pay INV-2026-001\n  paydesk pay INV-2026-001 --kind checkout --json",
		Args:    needArgs("INVOICE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var k domain.PaymentKind
			if kind != "" {
				var ok bool
				if k, ok = domain.ParsePaymentKind(kind); !ok {
					return usageError{sayErr("cli.usage.kind", kind)}
				}
			}
			return g.run(cmd, func(s *session) error {
				res, err := s.svc.CreatePayment(cmd.Context(), args[0], k)
				if err != nil {
					return payFailed(err)
				}
				p := res.Payment
				if asJSON {
					return s.out.json(payJSON{Invoice: p.InvoiceNumber, Kind: string(p.Kind), MollieID: p.MollieID, Mode: string(p.Mode),
						Amount: money(p.Amount), URL: p.URL, ExpiresAt: momentJSON(p.ExpiresAt), Status: string(p.Status), Reused: res.Reused})
				}
				printPayment(s.out, res)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

func printPayment(o *output, res domain.PayResult) {
	p, inv := res.Payment, res.Invoice
	kind := string(p.Kind)
	number := sanitize.Terminal(inv.Number)
	who := number
	if inv.Customer != "" {
		who += " – " + sanitize.Terminal(inv.Customer)
	}
	o.printf("%s\n\n", o.p.T("cli.pay."+kind+"_for", who, o.bold.Render(o.p.Money(p.Amount)), modeBadge(o, p.Mode)))
	o.printf("  %s\n\n", o.link.Render(sanitize.Terminal(p.URL)))
	if res.Reused {
		o.println(o.p.T("cli.pay.reused_"+kind, o.p.Money(p.Amount)))
	}
	if !p.ExpiresAt.IsZero() {
		o.printf("%s ", o.p.T("cli.pay.valid_until", o.p.DateTime(p.ExpiresAt)))
	}
	o.println(o.p.T("cli.pay.next", number))
}

// payFailed adds what to do to the domain's refusal.
func payFailed(err error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return hint(err, "cli.hint.list_invoices")
	}
	return err
}
