package main

import (
	"fmt"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newRecordPaymentCmd(g *globals) *cobra.Command {
	var note string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "record-payment INVOICE AMOUNT",
		Short: "Record money received outside Mollie (bank transfer, cash)",
		Long: "Record money received outside Mollie, in the invoice's currency. It lowers the outstanding amount;\n" +
			"the next 'paydesk pay' asks only for the rest (and replaces an open link for the old amount).\n" +
			"AMOUNT may be written 1234.56, 1,234.56 or 1.234,56; an ambiguous 1,234 is refused.",
		Example: "  paydesk record-payment INV-2026-001 40.00 --note \"bank transfer 12 Nov\"",
		Args:    needArgs("INVOICE", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.run(cmd, func(s *session) error {
				ctx := cmd.Context()
				inv, err := s.svc.Invoice(ctx, args[0])
				if err != nil {
					return payFailed(err, args[0])
				}
				amount, err := domain.ParseMoney(args[1], inv.Currency)
				if err != nil {
					return fmt.Errorf("amount: %w", err)
				}
				inv, err = s.svc.RecordPayment(ctx, args[0], amount, note)
				if err != nil {
					return err
				}
				mode := s.svc.Mode(ctx)
				owed := inv.Outstanding(mode)
				if asJSON {
					return s.out.json(newInvoiceJSON(inv, mode))
				}
				o := s.out
				number := sanitize.Terminal(inv.Number)
				o.printf("Recorded %s for %s. Outstanding now: %s\n", o.p.Money(amount), number, o.bold.Render(o.p.Money(owed)))
				p := inv.LastPayment
				if p == nil || p.Mode != mode || p.Status.Final() {
					return nil
				}
				if owed.IsPositive() {
					o.printf("Its open %s asks for the old amount; 'paydesk pay %s' replaces it with one for %s.\n", p.Kind, number, o.p.Money(owed))
					return nil
				}
				// Nothing is owed: the domain withdraws the open link; say whether it could.
				if st, err := s.svc.Status(ctx, inv.Number); err == nil && st.Current != nil && st.Current.Status == domain.StatusArchived {
					o.printf("Its open %s was archived, so the customer cannot pay twice.\n", p.Kind)
				} else {
					o.printf("Its open %s could not be archived at Mollie yet; see 'paydesk log --invoice %s'.\n", p.Kind, number)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "what the money was (shown in the log)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the invoice as JSON")
	return cmd
}
