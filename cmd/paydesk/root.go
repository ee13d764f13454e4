package main

import (
	"github.com/spf13/cobra"
)

// newRoot builds the command tree. What a command and its flags are for is
// not in the code: their words are in the catalogues under cli.help.<path>
// (see help.go), in every language paydesk speaks.
func newRoot() (*cobra.Command, *globals) {
	g := &globals{}
	root := &cobra.Command{
		Use: "paydesk",
		Example: "  paydesk demo\n" +
			"  paydesk import invoices.csv\n" +
			"  paydesk pay INV-2026-001\n" +
			"  paydesk status INV-2026-001 --refresh",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runTUI(cmd, g) },
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SuggestionsMinimumDistance = 2
	g.register(root)
	root.AddGroup(
		&cobra.Group{ID: "start", Title: "Getting started"},
		&cobra.Group{ID: "pay", Title: "Invoices and payments"},
		&cobra.Group{ID: "run", Title: "Running and watching"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add("start",
		newDemoCmd(g), newInitCmd(g), newMigrateCmd(g), newIntegrationCmd(g), newConnectCmd(g), newDisconnectCmd(g), newSettingsCmd(g))
	add("pay",
		newImportCmd(g), newSummaryCmd(g), newInvoicesCmd(g), newPayCmd(g), newCopyCmd(g), newQRCmd(g), newSendCmd(g),
		newRemindCmd(g), newStatusCmd(g), newRecordPaymentCmd(g))
	add("run",
		newSyncCmd(g), newServeCmd(g), newLogCmd(g), newSimCmd(g))
	add("start", newMailCmd(g))
	root.AddCommand(newVersionCmd())

	root.SilenceUsage, root.SilenceErrors = true, true
	root.Version = resolvedVersion()
	root.SetVersionTemplate("paydesk {{.Version}}\n")
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		writeHelp(c.OutOrStdout(), c, g.earlyPrinter())
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		writeHelp(c.OutOrStdout(), c, g.earlyPrinter())
		return nil
	})
	root.SetHelpCommand(newHelpCmd())
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	refuseUnknownSubcommands(root)
	return root, g
}
