package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newRecordPaymentCmd(g *globals) *cobra.Command {
	var note string
	var asJSON, overpay, list bool
	var reverse int64
	cmd := &cobra.Command{
		Use: "record-payment INVOICE AMOUNT | INVOICE --reverse ENTRY --note REASON | INVOICE --list",
		Example: "  paydesk record-payment INV-2026-001 40.00 --note \"bank transfer 12 Nov\"\n" +
			"  paydesk record-payment INV-2026-001 --list\n" +
			"  paydesk record-payment INV-2026-001 --reverse 3 --note \"typed 400 for 40\"",
		Args: func(cmd *cobra.Command, args []string) error {
			if list || reverse != 0 {
				return needArgs("INVOICE")(cmd, args)
			}
			return needArgs("INVOICE", "AMOUNT")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.run(cmd, func(s *session) error {
				ctx := cmd.Context()
				switch {
				case list:
					return listManual(ctx, s, args[0], asJSON)
				case reverse != 0:
					rec, err := s.svc.ReversePayment(ctx, args[0], reverse, note)
					if err != nil {
						return err
					}
					mode := s.svc.Mode(ctx)
					if asJSON {
						return s.out.json(newInvoiceJSON(rec.Invoice, mode, s.svc.Now()))
					}
					s.out.printf("%s", s.out.p.T("cli.record.reversed", reverse, sanitize.Terminal(rec.Number)))
					printLinkUpdate(s.out, rec, mode)
					if rec.Link.Err != nil {
						s.out.note("%s", s.out.p.T("cli.record.reversed_link_failed", s.out.p.Err(rec.Link.Err)))
					}
					return nil
				}
				inv, err := s.svc.Invoice(ctx, args[0])
				if err != nil {
					return payFailed(err)
				}
				amount, err := domain.ParseMoney(args[1], inv.Currency)
				if err != nil {
					return sayErrBecause(err, "cli.record.amount")
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
					s.out.note("%s", s.out.p.T("cli.record.link_failed", s.out.p.Err(rec.Link.Err)))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "")
	cmd.Flags().BoolVar(&overpay, "overpay", false, "")
	cmd.Flags().Int64Var(&reverse, "reverse", 0, "")
	cmd.Flags().BoolVar(&list, "list", false, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// printRecorded says what recording did, and what became of the open link.
func printRecorded(o *output, rec domain.Recorded, amount domain.Money, mode domain.Mode) {
	number := sanitize.Terminal(rec.Number)
	o.printf("%s", o.p.T("cli.record.recorded", o.p.Money(amount), number))
	printLinkUpdate(o, rec, mode)
}

// printLinkUpdate says what is owed now, and what became of the open link.
func printLinkUpdate(o *output, rec domain.Recorded, mode domain.Mode) {
	number := sanitize.Terminal(rec.Number)
	o.printf(" %s\n", o.p.T("cli.record.outstanding_now", o.bold.Render(o.p.Money(rec.Outstanding(mode)))))
	u := rec.Link
	switch {
	case u.Err != nil:
		o.println(o.p.T("cli.record.link_stale", number))
	case u.New != nil:
		o.printf("%s\n\n  %s\n\n", o.p.T("cli.record.replaced", o.p.T("tui.kind."+string(u.Withdrawn.Kind)), o.p.Money(u.Withdrawn.Amount),
			o.p.Money(u.New.Amount)), o.link.Render(sanitize.Terminal(u.New.URL)))
	case u.Withdrawn != nil:
		o.println(o.p.T("cli.record.withdrawn", o.p.T("tui.kind."+string(u.Withdrawn.Kind))))
	}
}

type manualJSON struct {
	Entry    int64     `json:"entry"`
	Amount   moneyJSON `json:"amount"`
	At       string    `json:"at"`
	Actor    *string   `json:"actor"`
	Note     *string   `json:"note"`
	Reverses *int64    `json:"reverses"`
}

// listManual shows an invoice's manual entries with their numbers, notes
// and reversals.
func listManual(ctx context.Context, s *session, number string, asJSON bool) error {
	entries, err := s.svc.ManualPayments(ctx, number)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]manualJSON, 0, len(entries))
		for _, e := range entries {
			j := manualJSON{Entry: e.ID, Amount: money(e.Amount), At: *momentJSON(e.At), Actor: stringJSON(e.Actor), Note: stringJSON(e.Note)}
			if e.Reverses != 0 {
				j.Reverses = &e.Reverses
			}
			out = append(out, j)
		}
		return s.out.json(out)
	}
	o := s.out
	if len(entries) == 0 {
		o.println(o.p.T("cli.record.none", sanitize.Terminal(number)))
		return nil
	}
	t := &table{header: o.headers("cli.record.col.", "entry", "received", "amount", "by", "note"), right: map[int]bool{0: true, 2: true}}
	for _, e := range entries {
		note := e.Note
		if e.Reverses != 0 {
			note = o.p.T("cli.record.reverses", e.Reverses, note)
		}
		t.add(fmt.Sprint(e.ID), o.p.DateTime(e.At), o.p.Money(e.Amount), sanitize.Terminal(e.Actor), sanitize.Terminal(note))
	}
	o.table(t)
	return nil
}
