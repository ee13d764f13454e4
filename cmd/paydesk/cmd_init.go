package main

import (
	"errors"
	"io/fs"
	"os"

	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newInitCmd(g *globals) *cobra.Command {
	var group string
	var adopt, asJSON bool
	cmd := &cobra.Command{
		Use:     "init",
		Example: "  paydesk init\n  sudo paydesk init --db /srv/paydesk/paydesk.db --group bookkeeping",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := g.dbPath()
			if err != nil {
				return err
			}
			var res initJSON
			if postgres.IsURL(path) {
				res, err = initPostgres(cmd, path, group)
			} else {
				res, err = initSQLite(cmd, path, group, adopt)
			}
			if err != nil {
				return err
			}
			mode, err := g.colorMode()
			if err != nil {
				return err
			}
			o := newOutput(cmd.OutOrStdout(), cmd.ErrOrStderr(), g.earlyPrinter().Lang(), mode)
			if asJSON {
				return o.json(res)
			}
			printInit(o, res, postgres.IsURL(path))
			return nil
		},
	}
	cmd.Flags().StringVar(&group, "group", "", "")
	cmd.Flags().BoolVar(&adopt, "adopt-existing", false, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// initJSON is what init did: the database, whether it is new, the group it
// is shared with, and every file or folder whose group or mode changed.
type initJSON struct {
	Database string   `json:"database"`
	Created  bool     `json:"created"`
	Group    *string  `json:"group"`
	Changed  []string `json:"changed"`
}

func initSQLite(cmd *cobra.Command, path, group string, adopt bool) (initJSON, error) {
	res := initJSON{Database: path, Group: stringJSON(group), Changed: []string{}}
	_, statErr := os.Stat(path)
	res.Created = errors.Is(statErr, fs.ErrNotExist)
	if statErr != nil && !res.Created {
		return res, sayErrBecause(statErr, "cli.init.stat", path)
	}
	if group != "" {
		s, changed, err := persistence.InitShared(cmd.Context(), path, group, adopt)
		if err != nil {
			return res, sayErrBecause(err, "cli.init.shared_failed")
		}
		res.Changed = append(res.Changed, changed...)
		return res, s.Close()
	}
	tightened, err := persistence.TightenExisting(path)
	if err != nil {
		return res, err
	}
	if tightened != "" {
		res.Changed = append(res.Changed, tightened)
	}
	s, err := persistence.Open(cmd.Context(), path, persistence.Options{Warn: cmd.ErrOrStderr()})
	if err != nil {
		return res, sayErrBecause(err, "cli.init.create_failed")
	}
	return res, s.Close()
}

// printInit says what init did, and what to do next.
func printInit(o *output, res initJSON, isPostgres bool) {
	p, path := o.p, sanitize.Terminal(res.Database)
	switch {
	case isPostgres:
		o.println(p.T("cli.init.pg_ready", path))
	case res.Group != nil:
		group := sanitize.Terminal(*res.Group)
		for _, c := range res.Changed {
			o.println(p.T("cli.init.changed", sanitize.Terminal(c)))
		}
		o.println(p.T("cli.init.shared", path, group))
		o.println(p.T("cli.init.members", group, path, envDB, path))
	default:
		for _, c := range res.Changed {
			o.println(p.T("cli.init.tightened", sanitize.Terminal(c)))
		}
		if !res.Created {
			o.println(p.T("cli.init.exists", path))
			return
		}
		o.println(p.T("cli.init.created", path))
		o.println(p.T("cli.init.next"))
	}
}

// initPostgres brings a PostgreSQL database's schema up to date. Who may
// use it is the server's business (its roles and pg_hba.conf), not a Unix
// group's.
func initPostgres(cmd *cobra.Command, dsn, group string) (initJSON, error) {
	if group != "" {
		return initJSON{}, usageError{sayErr("cli.usage.group_postgres")}
	}
	s, err := postgres.Open(cmd.Context(), dsn)
	if err != nil {
		return initJSON{}, sayErrBecause(err, "cli.init.prepare_failed")
	}
	defer s.Close()
	return initJSON{Database: s.Name(), Changed: []string{}}, nil
}
