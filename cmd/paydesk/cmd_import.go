package main

import (
	"errors"
	"fmt"

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
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import invoices from exports, e-invoices (UBL, CII) and hybrid PDFs",
		Long: "Import invoices from CSV exports, UBL 2.1 or UN/CEFACT CII e-invoices (XRechnung, Peppol, ZUGFeRD 1.0)\n" +
			"and Factur-X / ZUGFeRD / XRechnung PDFs with the invoice attached. Invoices are matched by number: new ones are\n" +
			"added, changed ones updated. All or nothing: when any record has a problem, every problem is listed\n" +
			"as file:line: field: what is wrong, and nothing is imported.",
		Example: "  paydesk import invoices.csv\n  paydesk import exports/*.xml\n  paydesk import RE-2026-1101.pdf",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("'paydesk import' needs at least one FILE, e.g. paydesk import invoices.csv")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			stop := progressFor(cmd, "Reading %s…", plural(len(args), "file", "files"))
			read, err := importer.Read(args, importer.Options{})
			stop()
			printWarnings(cmd, read.Warnings)
			if err != nil {
				return importRefused(cmd, err)
			}
			invoices := read.Invoices
			return g.run(cmd, func(s *session) error {
				stop := s.out.progress("Storing %s…", plural(len(invoices), "invoice", "invoices"))
				res, err := s.svc.Import(cmd.Context(), invoices)
				stop()
				if err != nil {
					return importRefused(cmd, err)
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
	return cmd
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
