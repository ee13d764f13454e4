package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
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
		Use: "import FILE...",
		Example: "  paydesk import invoices.csv\n  paydesk import exports/*.xml\n  paydesk import RE-2026-1101.pdf\n" +
			"  paydesk import --dry-run export.csv\n  paydesk import --map 'number=Belegnr,customer=Kunde,total=Summe' buchhaltung.csv\n" +
			"  paydesk import --date-order mdy quickbooks.csv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New(g.earlyPrinter().T("cli.import.needs_file"))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := importer.Options{DateOrder: dateOrder}
			if dateOrder != "" && dateOrder != importer.DayFirst && dateOrder != importer.MonthFirst {
				return usageError{errors.New(g.earlyPrinter().T("cli.import.date_order", dateOrder))}
			}
			if mapFlag != "" {
				m, err := importer.ParseMap(mapFlag)
				if err != nil {
					return usageError{spoken{text: g.earlyPrinter().T("cli.import.map", g.earlyPrinter().Err(err)), err: err}}
				}
				opt.Map = m
			}
			open := g.run
			if dryRun {
				open = g.read // a preview writes nothing, not even a lock
			}
			return open(cmd, func(s *session) error {
				ctx := cmd.Context()
				opt.Remembered = importer.RememberedFrom(func(set string) (string, error) { return s.svc.ImportMapping(ctx, set) })
				p := s.out.p
				meter := &importMeter{p: p, files: len(args)}
				stop := func() {}
				if !asJSON {
					opt.Progress = meter.set
					stop = s.out.progressOf(meter.text)
				}
				if dryRun {
					return previewImport(cmd, s, args, opt, stop)
				}
				limitImportMemory()
				read, res, err := streamImport(ctx, s.svc, args, opt, importBatch)
				stop()
				printWarnings(cmd, p, read.Warnings)
				if err != nil {
					return importRefused(cmd, p, err)
				}
				invoices := res.Added + res.Updated + res.Unchanged
				if opt.Map != nil {
					if err := rememberMapping(ctx, s, read, opt.Map); err != nil {
						return err
					}
				}
				if asJSON {
					return s.out.json(importJSON{Files: args, Invoices: invoices, Added: res.Added, Updated: res.Updated, Unchanged: res.Unchanged})
				}
				s.out.println(count(p, "cli.import.done", invoices, res.Added, res.Updated, res.Unchanged))
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	cmd.Flags().StringVar(&mapFlag, "map", "", "")
	cmd.Flags().StringVar(&dateOrder, "date-order", "", "")
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
		s.out.println(s.out.p.T("cli.import.remembered", sanitize.Terminal(importer.FormatMap(m)), sanitize.Terminal(f.File)))
	}
	return nil
}

// previewImport shows what an import would read and do, and writes nothing:
// the files are read in batches, each asked of the books as it comes.
// stop ends the progress line before anything is printed.
func previewImport(cmd *cobra.Command, s *session, paths []string, opt importer.Options, stop func()) error {
	var added, known int
	read, readErr := importer.Stream(paths, opt, importBatch, func(b []domain.Invoice) error {
		a, k, err := s.svc.ImportPreview(cmd.Context(), b)
		added, known = added+a, known+k
		return err
	})
	stop()
	o, p := s.out, s.out.p
	for _, f := range read.Files {
		o.println(sanitize.Terminal(f.File))
		o.println(p.T("cli.import.format", sanitize.Terminal(p.Text(f.Format))))
		if len(f.Mapping) > 0 {
			parts := make([]string, len(f.Mapping))
			for i, m := range f.Mapping {
				parts[i] = p.T("field."+m.Field) + " ← " + sanitize.Terminal(m.Column)
			}
			o.println(p.T("cli.import.mapping", strings.Join(parts, ", ")))
		}
		if len(f.Rows) > 0 {
			o.println(count(p, "cli.import.first_rows", f.Count))
			cols := []string{"number", "customer", "kind", "total", "paid", "outstanding", "issued", "due", "discounts"}
			for i, c := range cols {
				cols[i] = p.T("cli.import.col." + c)
			}
			t := &table{header: cols, right: map[int]bool{3: true, 4: true, 5: true}}
			for _, inv := range f.Rows {
				var ds []string
				for _, d := range inv.Discounts {
					ds = append(ds, p.T("cli.import.discount", d.Percent(), d.Until.Format(time.DateOnly)))
				}
				t.add(sanitize.Terminal(inv.Number), clip(sanitize.Terminal(inv.Customer), 28), string(inv.Kind), inv.Total.String(),
					inv.PaidOutside.String(), inv.Outstanding(domain.ModeLive).String(), dayOrDash(inv.IssueDate), dayOrDash(inv.DueDate),
					strings.Join(ds, "; "))
			}
			o.table(t)
		}
	}
	printWarnings(cmd, p, read.Warnings)
	if readErr != nil {
		var ie *importer.Error
		if errors.As(readErr, &ie) {
			for _, pr := range ie.Problems {
				fmt.Fprintln(cmd.ErrOrStderr(), sanitize.Terminal(p.Text(pr.Text())))
			}
			return spoken{text: count(p, "cli.import.dry_refused", len(ie.Problems)), err: readErr}
		}
		return spoken{text: p.T("cli.import.dry_failed", p.Err(readErr)), err: readErr}
	}
	o.println(count(p, "cli.import.dry_would", added+known, added, known))
	return nil
}

func dayOrDash(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format(time.DateOnly)
}

// importBatch is how many invoices go to the store at a time.
const importBatch = importer.BatchSize

// importGC is the collector's GOGC while an import runs. What an import
// keeps grows by some 40 bytes per invoice number (to find repeats), held
// without pointers, so collecting is cheap: at a million rows a larger
// GOGC saved no CPU that could be told from the store's, while the peak
// grew past 200 MB (50: 199 MB, 100: 236 MB, against 177 MB at 25).
const importGC = 25

// limitImportMemory sets importGC, unless GOGC says otherwise.
func limitImportMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(importGC)
	}
}

// streamImport reads the files and stores their invoices as one run, all
// or nothing, reading beside the writing (importer.Import).
func streamImport(ctx context.Context, svc *domain.Service, paths []string, opt importer.Options, batch int) (*importer.Result, domain.ImportResult, error) {
	return importer.Import(paths, opt, batch, func(next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
		return svc.ImportBatches(ctx, next)
	})
}

// importMeter words how far an import has come, for the spinner: the
// importer sets it from its goroutine, the spinner reads it from its own.
type importMeter struct {
	p     *i18n.Printer
	files int
	mu    sync.Mutex
	at    importer.Progress
}

func (m *importMeter) set(at importer.Progress) {
	m.mu.Lock()
	m.at = at
	m.mu.Unlock()
}

func (m *importMeter) text() string {
	m.mu.Lock()
	at := m.at
	m.mu.Unlock()
	name := sanitize.Terminal(filepath.Base(at.File))
	switch {
	case at.File == "":
		return count(m.p, "cli.import.reading", m.files)
	case at.Total > 0 && at.Rows < at.Total:
		return m.p.T("cli.import.rows", name, at.Rows, at.Total)
	case at.Total > 0:
		return m.p.T("cli.import.writing")
	}
	const mb = 1 << 20
	return m.p.T("cli.import.bytes", name, at.Bytes/mb, max(at.Size/mb, 1))
}

// printWarnings lists what was odd but imported, one per line on stderr.
func printWarnings(cmd *cobra.Command, p *i18n.Printer, ws []importer.Problem) {
	for _, w := range ws {
		fmt.Fprintln(cmd.ErrOrStderr(), p.T("cli.import.warning", sanitize.Terminal(p.Text(w.Text()))))
	}
}

// importRefused lists every problem on stderr, one per line, then fails
// with the summary.
func importRefused(cmd *cobra.Command, p *i18n.Printer, err error) error {
	w := cmd.ErrOrStderr()
	var ie *importer.Error
	var ce *domain.ImportConflictError
	switch {
	case errors.As(err, &ie):
		for _, pr := range ie.Problems {
			fmt.Fprintln(w, sanitize.Terminal(p.Text(pr.Text())))
		}
		return spoken{text: count(p, "cli.import.refused", len(ie.Problems)), err: err}
	case errors.As(err, &ce):
		for _, c := range ce.Conflicts {
			fmt.Fprintln(w, sanitize.Terminal(p.Conflict(c)))
		}
		return spoken{text: count(p, "cli.import.conflict", len(ce.Conflicts)), err: err}
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return hint(err, "cli.hint.nothing_imported")
	}
	return spoken{text: p.T("cli.import.failed", p.Err(err)), err: err}
}

// count words a number of things with the catalogue: key+"_one" for one
// (which carries the 1 in its words), key for any other number; the rest
// of args follow the number.
func count(p *i18n.Printer, key string, n int, args ...any) string {
	if n == 1 {
		return p.T(key+"_one", args...)
	}
	return p.T(key, append([]any{n}, args...)...)
}

// earlyPrinter words what is wrong with the arguments before the database
// is open: --lang or PAYDESK_LANG, else LANG.
func (g *globals) earlyPrinter() *i18n.Printer {
	lang, err := g.language("")
	if err != nil {
		lang = "en"
	}
	return i18n.New(lang)
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}
