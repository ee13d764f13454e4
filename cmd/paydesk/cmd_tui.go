package main

import (
	"os"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/tui"
	"github.com/spf13/cobra"
)

// runTUI opens the full-screen interface on the database; it keeps
// statuses fresh itself unless another process already does.
func runTUI(cmd *cobra.Command, g *globals) error {
	if err := needTerminal(); err != nil {
		return err
	}
	return g.run(cmd, func(s *session) error {
		color, err := g.colorMode()
		if err != nil {
			return err
		}
		return tui.Run(cmd.Context(), s.svc, tui.Options{Lang: s.out.p.Lang(), Color: color, SyncHolder: domain.SyncHolder()})
	})
}

func needTerminal() error {
	if !onTerminal(os.Stdin) || !onTerminal(os.Stdout) {
		return sayErr("cli.tui.needs_terminal")
	}
	return nil
}
