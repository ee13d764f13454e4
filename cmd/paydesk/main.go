// Command paydesk collects invoice payments through Mollie from a terminal:
// a full-screen interface when run without arguments, and one subcommand
// per action for scripts.
package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run())
}

func run() int {
	// SIGINT and SIGTERM end the context: long-running commands (serve,
	// sim, log --follow, the TUI) stop cleanly, and a Mollie call in flight
	// is abandoned the way the domain expects, with its intent kept.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	preferColorFromArgs(os.Args[1:])
	root, g := newRoot()
	err := execute(ctx, root, g)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		return 2
	}
	return 1
}

// execute runs the command line. Help and errors are written in the
// reader's language (--lang, PAYDESK_LANG, else LANG), which is why paydesk
// draws its own help instead of leaving it to a help library whose headings
// are fixed English.
func execute(ctx context.Context, root *cobra.Command, g *globals) error {
	err := root.ExecuteContext(ctx)
	if err != nil {
		printError(root.ErrOrStderr(), g.earlyPrinter(), err)
	}
	return err
}
