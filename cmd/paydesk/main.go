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

	"charm.land/fang/v2"
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
	root := newRoot()
	err := fang.Execute(ctx, root,
		fang.WithVersion(resolvedVersion()),
		fang.WithErrorHandler(printError),
	)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		return 2
	}
	return 1
}
