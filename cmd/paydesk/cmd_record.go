package main

import (
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newRecordPaymentCmd(g *globals) *cobra.Command {
	var note string
	var asJSON, overpay bool
	cmd := &cobra.Command{
		Use:   "record-payment INVOICE AMOUNT",
		Short: "Record money received outside Mollie (bank transfer, cash)",
		Long: "Record money received outside Mollie, in the invoice's currency. It lowers the outstanding amount;\n" +
			"an open link for the old amount is withdrawn at Mollie and replaced by one for the rest, at once.\n" +
			"More than is owed is refused unless --overpay confirms it.\n" +
			"AMOUNT may be written 1234.56, 1,234.56 or 1.234,56; an ambiguous 1,234 is refused.",
		Example: "  paydesk record-payment INV-2026-001 40.00 --note \"bank transfer 12 Nov\"",
		Args:    needArgs("INVOICE", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.run(cmd, func(s *session) error {
				ctx := cmd.Context()
				inv, err := s.svc.Invoice(ctx, args[0])
				if err != nil {
					return payFailed(err)
				}
				amount, err := domain.ParseMoney(args[1], inv.Currency)
				if err != nil {
					return fmt.Errorf("amount: %w", err)
				}
				var opts []domain.RecordOption
				if overpay {
					opts = append(opts, domain.AllowOverpayment)
				}
				rec, err := s.svc.RecordPayment(ctx, args[0], amount, note, opts...)
				if errors.Is(err, domain.ErrOverpayment) {
					return hint(err, "cli.hint.overpay")
				}
				if err != nil {
					return err
				}
				mode := s.svc.Mode(ctx)
				if asJSON {
					return s.out.json(newInvoiceJSON(rec.Invoice, mode, s.svc.Now()))
				}
				printRecorded(s.out, rec, amount, mode)
				if rec.Link.Err != nil {
					// The money is recorded: an error exit would invite recording it twice.
					s.out.note("the payment is recorded, but the open link could not be replaced: %v", rec.Link.Err)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "what the money was (shown in the log)")
	cmd.Flags().BoolVar(&overpay, "overpay", false, "record it even though it is more than is owed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the invoice as JSON")
	return cmd
}

// printRecorded says what recording did, and what became of the open link.
func printRecorded(o *output, rec domain.Recorded, amount domain.Money, mode domain.Mode) {
	number := sanitize.Terminal(rec.Number)
	owed := rec.Outstanding(mode)
	o.printf("Recorded %s for %s. Outstanding now: %s\n", o.p.Money(amount), number, o.bold.Render(o.p.Money(owed)))
	u := rec.Link
	switch {
	case u.Err != nil:
		o.printf("Its open link asks for the old amount and is not offered until it is replaced; see 'paydesk log --invoice %s'.\n", number)
	case u.New != nil:
		o.printf("Its open %s for %s was archived; the new one asks for %s:\n\n  %s\n\n", u.Withdrawn.Kind, o.p.Money(u.Withdrawn.Amount),
			o.p.Money(u.New.Amount), o.link.Render(sanitize.Terminal(u.New.URL)))
	case u.Withdrawn != nil:
		o.printf("Its open %s was archived, so the customer cannot pay twice.\n", u.Withdrawn.Kind)
	}
}
