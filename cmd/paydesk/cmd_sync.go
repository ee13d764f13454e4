package main

import (
	"github.com/paydesk/paydesk/domain"
	"github.com/spf13/cobra"
)

type syncJSON struct {
	At       *string `json:"at"`
	Checked  int     `json:"checked"`
	Open     int     `json:"open"`
	Changed  int     `json:"changed"`
	Listed   int     `json:"listed"`
	Fetched  int     `json:"fetched"`
	Finished int     `json:"finished"`
	// Anomalies counts objects refused because they were not what paydesk
	// asked for; each has an error row in the log.
	Anomalies int `json:"anomalies"`
}

func newSyncCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "sync",
		Example: "  paydesk sync",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.run(cmd, func(s *session) error {
				stop := s.out.progress(s.out.p.T("cli.sync.asking"))
				rep, err := s.svc.SyncOnce(cmd.Context())
				stop()
				if err != nil {
					return err
				}
				if asJSON {
					return s.out.json(syncJSON{At: momentJSON(rep.At), Checked: rep.Checked, Open: rep.Open, Changed: rep.Changed,
						Listed: rep.Listed, Fetched: rep.Fetched, Finished: rep.Finished, Anomalies: rep.Anomalies})
				}
				printSyncReport(s.out, rep)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

func printSyncReport(o *output, rep domain.SyncReport) {
	p := o.p
	if rep.Checked == 0 && rep.Finished == 0 {
		o.println(p.T("cli.sync.nothing"))
		return
	}
	open := count(p, "cli.sync.open", rep.Open)
	if done := rep.Checked - rep.Open; done > 0 {
		o.println(p.T("cli.sync.checked_refunds", open, count(p, "cli.sync.recent", done), rep.Changed))
	} else {
		o.println(p.T("cli.sync.checked", open, rep.Changed))
	}
	o.println(p.T("cli.sync.read", count(p, "cli.sync.objects", rep.Listed), count(p, "cli.sync.payments", rep.Fetched)))
	if rep.Finished > 0 {
		o.println(count(p, "cli.sync.finished", rep.Finished))
	}
	if rep.Anomalies > 0 {
		o.println(count(p, "cli.sync.anomalies", rep.Anomalies))
	}
}
