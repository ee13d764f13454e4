package main

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newMigrateCmd(g *globals) *cobra.Command {
	var (
		from, to string
		replace  bool
	)
	cmd := &cobra.Command{
		Use:     "migrate --from PATH.db --to postgres://…",
		Example: "  paydesk migrate --from ~/.local/share/paydesk/paydesk.db --to postgres://paydesk@db.example/paydesk",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" || to == "" {
				return usageError{sayErr("cli.usage.migrate_needs")}
			}
			if postgres.IsURL(from) {
				return usageError{sayErr("cli.usage.migrate_from")}
			}
			if !postgres.IsURL(to) {
				return usageError{sayErr("cli.usage.migrate_to", sanitize.Terminal(to))}
			}
			return runMigrate(cmd, g.earlyPrinter(), from, to, replace)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "")
	cmd.Flags().StringVar(&to, "to", "", "")
	cmd.Flags().BoolVar(&replace, "replace", false, "")
	return cmd
}

func runMigrate(cmd *cobra.Command, p *i18n.Printer, from, to string, replace bool) error {
	ctx := cmd.Context()
	if !exists(from) {
		return sayErr("cli.migrate.no_source", sanitize.Terminal(from))
	}
	// Opening brings the file to the newest schema, which the PostgreSQL
	// database gets too, so the two have the same columns.
	src, err := persistence.Open(ctx, from, persistence.Options{Warn: cmd.ErrOrStderr()})
	if err != nil {
		return sayErrBecause(err, "cli.migrate.open_failed", sanitize.Terminal(from))
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, to)
	if err != nil {
		return err
	}
	defer dst.Close()
	var counts []postgres.TableCount
	err = src.Snapshot(ctx, func(tx *sql.Tx) error {
		var err error
		counts, err = dst.CopyFrom(ctx, tx, postgres.CopyOptions{Replace: replace})
		return err
	})
	if err != nil {
		return sayErrBecause(err, "cli.migrate.failed", sanitize.Terminal(from), sanitize.Terminal(dst.Name()))
	}
	parts := make([]string, len(counts))
	for i, c := range counts {
		parts[i] = fmt.Sprintf("%s %d", c.Table, c.Rows) // the tables' own names
	}
	out := cmd.OutOrStdout()
	fmt.Fprintln(out, p.T("cli.migrate.copied", sanitize.Terminal(from), sanitize.Terminal(dst.Name())))
	fmt.Fprintln(out, p.T("cli.migrate.rows", strings.Join(parts, ", ")))
	fmt.Fprintln(out, p.T("cli.migrate.next", sanitize.Terminal(dst.Name()), envDB))
	return nil
}
