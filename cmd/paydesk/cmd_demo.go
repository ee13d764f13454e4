package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/tui"
	"github.com/spf13/cobra"
)

func newDemoCmd(g *globals) *cobra.Command {
	var noCustomers bool
	cmd := &cobra.Command{
		Use:     "demo",
		Example: "  paydesk demo --lang de",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := needTerminal(); err != nil {
				return err
			}
			return runDemo(cmd, g, noCustomers)
		},
	}
	cmd.Flags().BoolVar(&noCustomers, "no-customers", false, "")
	return cmd
}

func runDemo(cmd *cobra.Command, g *globals, noCustomers bool) error {
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	color, err := g.colorMode()
	if err != nil {
		return err
	}
	// The checkout pages must open in a browser on this machine, so the
	// simulator listens on loopback. No webhook URL: the TUI's sync polls.
	sim, base, err := molliesim.Listen(ctx, "127.0.0.1:0", molliesim.Options{})
	if err != nil {
		return sayErrBecause(err, "cli.demo.sim_failed")
	}
	path := g.db
	if !g.explicitDB() {
		dir, err := os.MkdirTemp("", "paydesk-demo-")
		if err != nil {
			return sayErrBecause(err, "cli.demo.folder_failed")
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "paydesk.db")
	}
	s, err := buildService(ctx, serviceConfig{dbPath: path, mollieURL: base, debugLog: g.value("debug-log", envDebugLog, ""), cmd: cmd, g: g})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := prepareDemo(ctx, s.svc, sim); err != nil {
		return sayErrBecause(err, "cli.demo.prepare_failed")
	}
	if !noCustomers {
		sim.SimulateCustomers(ctx, molliesim.CustomerOptions{})
	}
	return tui.Run(ctx, s.svc, tui.Options{Lang: s.out.p.Lang(), Color: color, Demo: true, SyncHolder: domain.SyncHolder()})
}

// prepareDemo imports the demo invoices and connects to the simulator. A
// database given with --db that is connected to a real account is refused:
// the demo would replace its key with the simulator's.
func prepareDemo(ctx context.Context, svc *domain.Service, sim *molliesim.Server) error {
	c, err := svc.Connection(ctx)
	if err != nil {
		return err
	}
	if c.Connected && !c.FromEnv && c.MaskedKey != domain.MaskKey(sim.TestKey()) {
		return sayErr("cli.demo.connected_elsewhere", c.MaskedKey)
	}
	invs, err := importer.Parse("demo-invoices.csv", assets.DemoInvoices)
	if err != nil {
		return sayErrBecause(err, "cli.demo.invoices_failed")
	}
	if _, err := svc.Import(ctx, invs); err != nil {
		return err
	}
	if err := svc.SetIntegration(ctx, true); err != nil {
		return err
	}
	if _, err := svc.Connect(ctx, sim.TestKey()); err != nil {
		return sayErrBecause(err, "cli.demo.connect_failed")
	}
	return nil
}
