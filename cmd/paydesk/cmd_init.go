package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newInitCmd(g *globals) *cobra.Command {
	var group string
	var adopt bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the database (private, or shared with a group)",
		Long: "Create paydesk's database. It is private (mode 0600, folder 0700) because it holds the Mollie API key.\n" +
			"With --group, the database is prepared for a team that shares this machine: the folder gets mode 2770,\n" +
			"the files 0660, all owned by the group; a folder or database that exists already is only changed with\n" +
			"--adopt-existing, and every change is listed. An existing database that other users may read is\n" +
			"tightened. Every other command creates a private database when none exists.",
		Example: "  paydesk init\n  sudo paydesk init --db /srv/paydesk/paydesk.db --group bookkeeping",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := g.dbPath()
			if err != nil {
				return err
			}
			if postgres.IsURL(path) {
				return initPostgres(cmd, g.earlyPrinter(), path, group)
			}
			_, statErr := os.Stat(path)
			existed := statErr == nil
			if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
				return sayErrBecause(statErr, "cli.init.stat", path)
			}
			out, p := cmd.OutOrStdout(), g.earlyPrinter()
			shownPath, shownGroup := sanitize.Terminal(path), sanitize.Terminal(group)
			if group != "" {
				s, changed, err := persistence.InitShared(cmd.Context(), path, group, adopt)
				if err != nil {
					return sayErrBecause(err, "cli.init.shared_failed")
				}
				defer s.Close()
				for _, c := range changed {
					fmt.Fprintln(out, p.T("cli.init.changed", sanitize.Terminal(c)))
				}
				fmt.Fprintln(out, p.T("cli.init.shared", shownPath, shownGroup))
				fmt.Fprintln(out, p.T("cli.init.members", shownGroup, shownPath, envDB, shownPath))
				return nil
			}
			tightened, err := persistence.TightenExisting(path)
			if err != nil {
				return err
			}
			if tightened != "" {
				fmt.Fprintln(out, p.T("cli.init.tightened", sanitize.Terminal(tightened)))
			}
			s, err := persistence.Open(cmd.Context(), path, persistence.Options{Warn: cmd.ErrOrStderr()})
			if err != nil {
				return sayErrBecause(err, "cli.init.create_failed")
			}
			defer s.Close()
			if existed {
				fmt.Fprintln(out, p.T("cli.init.exists", shownPath))
				return nil
			}
			fmt.Fprintln(out, p.T("cli.init.created", shownPath))
			fmt.Fprintln(out, p.T("cli.init.next"))
			return nil
		},
	}
	cmd.Flags().StringVar(&group, "group", "", "share the database with the members of this Unix group")
	cmd.Flags().BoolVar(&adopt, "adopt-existing", false, "with --group: let paydesk change the group and mode of a folder or database that exists already")
	return cmd
}

// initPostgres brings a PostgreSQL database's schema up to date. Who may
// use it is the server's business (its roles and pg_hba.conf), not a Unix
// group's.
func initPostgres(cmd *cobra.Command, p *i18n.Printer, dsn, group string) error {
	if group != "" {
		return usageError{sayErr("cli.usage.group_postgres")}
	}
	s, err := postgres.Open(cmd.Context(), dsn)
	if err != nil {
		return sayErrBecause(err, "cli.init.prepare_failed")
	}
	defer s.Close()
	fmt.Fprintln(cmd.OutOrStdout(), p.T("cli.init.pg_ready", sanitize.Terminal(s.Name())))
	return nil
}
