package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

type importJSON struct {
	Files     []string `json:"files"`
	Invoices  int      `json:"invoices"`
	Added     int      `json:"added"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
}

func newImportCmd(g *globals) *cobra.Command {
	var (
		asJSON, dryRun     bool
		mapFlag, dateOrder string
	)
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import invoices from exports, e-invoices (UBL, CII) and hybrid PDFs",
		Long: "Import invoices from CSV exports, UBL 2.1 or UN/CEFACT CII e-invoices (XRechnung, Peppol, ZUGFeRD 1.0)\n" +
			"and Factur-X / ZUGFeRD / XRechnung PDFs with the invoice attached. Exports of Invoice Ninja, Xero,\n" +
			"QuickBooks, Zoho Invoice, Moneybird, Exact Online, lexoffice, sevDesk and WeFact are recognised by their\n" +
			"header; any other export is read with --map, which is remembered for that header. Invoices are matched\n" +
			"by number: new ones are added, changed ones updated. All or nothing: when any record has a problem,\n" +
			"every problem is listed as file:line: field: what is wrong, and nothing is imported.",
		Example: "  paydesk import invoices.csv\n  paydesk import exports/*.xml\n  paydesk import RE-2026-1101.pdf\n" +
			"  paydesk import --dry-run export.csv\n  paydesk import --map 'number=Belegnr,customer=Kunde,total=Summe' buchhaltung.csv\n" +
			"  paydesk import --date-order mdy quickbooks.csv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("'paydesk import' needs at least one FILE, e.g. paydesk import invoices.csv")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := importer.Options{DateOrder: dateOrder}
			if dateOrder != "" && dateOrder != importer.DayFirst && dateOrder != importer.MonthFirst {
				return usageError{fmt.Errorf("--date-order is dmy (day first, 03/04/2026 is 3 April) or mdy (month first, 4 March), not %q", dateOrder)}
			}
			if mapFlag != "" {
				m, err := importer.ParseMap(mapFlag)
				if err != nil {
					return usageError{fmt.Errorf("--map: %w", err)}
				}
				opt.Map = m
			}
			open := g.run
			if dryRun {
				open = g.read // a preview writes nothing, not even a lock
			}
			return open(cmd, func(s *session) error {
				ctx := cmd.Context()
				opt.Remembered = func(set string) map[string]string {
					m, err := s.svc.ImportMapping(ctx, set)
					if err != nil || m == "" {
						return nil
					}
					parsed, err := importer.ParseMap(m)
					if err != nil {
						return nil
					}
					return parsed
				}
				stop := s.out.progress("Reading %s…", plural(len(args), "file", "files"))
				read, err := importer.Read(args, opt)
				stop()
				if dryRun {
					return previewImport(cmd, s, read, err)
				}
				printWarnings(cmd, read.Warnings)
				if err != nil {
					return importRefused(cmd, err)
				}
				invoices := read.Invoices
				stop = s.out.progress("Storing %s…", plural(len(invoices), "invoice", "invoices"))
				res, err := s.svc.Import(ctx, invoices)
				stop()
				if err != nil {
					return importRefused(cmd, err)
				}
				if opt.Map != nil {
					if err := rememberMapping(ctx, s, read, opt.Map); err != nil {
						return err
					}
				}
				if asJSON {
					return s.out.json(importJSON{Files: args, Invoices: len(invoices), Added: res.Added, Updated: res.Updated, Unchanged: res.Unchanged})
				}
				s.out.printf("imported %s (%d added, %d updated, %d unchanged)\n", plural(len(invoices), "invoice", "invoices"), res.Added, res.Updated, res.Unchanged)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show the format, the mapping, the first rows as read and every problem; write nothing")
	cmd.Flags().StringVar(&mapFlag, "map", "", "name the columns of an export by hand, as in 'number=Belegnr,customer=Kunde,total=Summe'; remembered for that header\n"+
		"(fields: number, customer, email, currency, total, paid, outstanding, issued, due, kind)")
	cmd.Flags().StringVar(&dateOrder, "date-order", "", "dmy or mdy: how to read dates such as 03/04/2026 when the file does not settle it")
	return cmd
}

// rememberMapping keeps --map for every export of the run, under its header
// set, so the next export with that header needs no --map.
func rememberMapping(ctx context.Context, s *session, read *importer.Result, m map[string]string) error {
	for _, f := range read.Files {
		if f.Header == "" {
			continue
		}
		if err := s.svc.RememberImportMapping(ctx, f.Header, importer.FormatMap(m)); err != nil {
			return err
		}
		s.out.printf("remembered the mapping %s for exports with the header of %s\n", sanitize.Terminal(importer.FormatMap(m)), sanitize.Terminal(f.File))
	}
	return nil
}

// previewImport shows what an import would read and do, and writes nothing.
func previewImport(cmd *cobra.Command, s *session, read *importer.Result, readErr error) error {
	o := s.out
	for _, f := range read.Files {
		o.printf("%s\n  format:  %s\n", sanitize.Terminal(f.File), f.Format)
		if len(f.Mapping) > 0 {
			parts := make([]string, len(f.Mapping))
			for i, m := range f.Mapping {
				parts[i] = m.Field + " ← " + sanitize.Terminal(m.Column)
			}
			o.printf("  mapping: %s\n", strings.Join(parts, ", "))
		}
		if len(f.Rows) > 0 {
			o.printf("  first rows as read (%s in the file):\n", plural(f.Count, "invoice", "invoices"))
			t := &table{header: []string{"Number", "Customer", "Kind", "Total", "Paid", "Outstanding", "Issued", "Due", "Discounts"},
				right: map[int]bool{3: true, 4: true, 5: true}}
			for _, inv := range f.Rows {
				var ds []string
				for _, d := range inv.Discounts {
					ds = append(ds, d.Percent()+" % until "+d.Until.Format(time.DateOnly))
				}
				t.add(sanitize.Terminal(inv.Number), clip(sanitize.Terminal(inv.Customer), 28), string(inv.Kind), inv.Total.String(),
					inv.PaidOutside.String(), inv.Outstanding(domain.ModeLive).String(), dayOrDash(inv.IssueDate), dayOrDash(inv.DueDate),
					strings.Join(ds, "; "))
			}
			o.table(t)
		}
	}
	printWarnings(cmd, read.Warnings)
	if readErr != nil {
		var ie *importer.Error
		if errors.As(readErr, &ie) {
			for _, p := range ie.Problems {
				fmt.Fprintln(cmd.ErrOrStderr(), sanitize.Terminal(p.String()))
			}
			return fmt.Errorf("dry run: the import would be refused: %s; nothing was written", plural(len(ie.Problems), "problem", "problems"))
		}
		return fmt.Errorf("dry run: %w", readErr)
	}
	added, known, err := s.svc.ImportPreview(cmd.Context(), read.Invoices)
	if err != nil {
		return err
	}
	o.printf("dry run: would import %s (%d new, %d already in the books, updated where they changed); nothing was written\n",
		plural(len(read.Invoices), "invoice", "invoices"), added, known)
	return nil
}

func dayOrDash(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format(time.DateOnly)
}

// printWarnings lists what was odd but imported, one per line on stderr.
func printWarnings(cmd *cobra.Command, ws []importer.Problem) {
	for _, w := range ws {
		fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+sanitize.Terminal(w.String()))
	}
}

// importRefused lists every problem on stderr, one per line, then fails
// with the summary.
func importRefused(cmd *cobra.Command, err error) error {
	w := cmd.ErrOrStderr()
	var ie *importer.Error
	var ce *domain.ImportConflictError
	switch {
	case errors.As(err, &ie):
		for _, p := range ie.Problems {
			fmt.Fprintln(w, sanitize.Terminal(p.String()))
		}
		fix := "fix it"
		if len(ie.Problems) > 1 {
			fix = "fix them"
		}
		return fmt.Errorf("nothing was imported: %s; %s and run the import again", plural(len(ie.Problems), "problem", "problems"), fix)
	case errors.As(err, &ce):
		for _, c := range ce.Conflicts {
			fmt.Fprintln(w, sanitize.Terminal(fmt.Sprintf("%s:%d: %s: %s", c.SourceFile, c.SourceLine, c.Number, c.Reason)))
		}
		return fmt.Errorf("nothing was imported: %s already %s Mollie payments and the import would change %s amounts",
			plural(len(ce.Conflicts), "invoice", "invoices"), pick(len(ce.Conflicts) == 1, "has", "have"), pick(len(ce.Conflicts) == 1, "its", "their"))
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return hint(err, "cli.hint.nothing_imported")
	}
	return fmt.Errorf("nothing was imported: %w", err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}
