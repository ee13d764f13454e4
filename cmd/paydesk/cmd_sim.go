package main

import (
	"fmt"
	"time"

	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/spf13/cobra"
)

func newSimCmd(g *globals) *cobra.Command {
	var listen string
	var allowLoopback bool
	var f molliesim.Faults
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run the built-in Mollie simulator (API and checkout pages)",
		Long: "Run a local stand-in for the Mollie API and its hosted checkout pages, until interrupted. Point paydesk\n" +
			"at it with --mollie-url (or " + envMollieURL + ") and connect with the test key it prints. Faults make it\n" +
			"slow, flaky or rate-limited, to see how paydesk copes.",
		Example: "  paydesk sim --listen 127.0.0.1:12111 --latency 2s --fail-rate 0.2",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for name, v := range map[string]float64{"--fail-rate": f.FailRate, "--rate-limit": f.RateLimitRate, "--drop-webhooks": f.DropWebhooks} {
				if v < 0 || v > 1 {
					return usageError{sayErr("cli.usage.share", name, v)}
				}
			}
			if f.Latency < 0 || f.RetryAfter < 0 {
				return usageError{sayErr("cli.usage.negative_durations")}
			}
			ctx := cmd.Context()
			sim, base, err := molliesim.Listen(ctx, listen, molliesim.Options{Faults: f, AllowLoopbackWebhooks: allowLoopback})
			if err != nil {
				return said{key: "cli.sim.start_failed", args: []any{err}}
			}
			out, p := cmd.OutOrStdout(), g.earlyPrinter()
			fmt.Fprintln(out, p.T("cli.sim.listening", base))
			fmt.Fprintln(out, p.T("cli.sim.test_key", sim.TestKey()))
			fmt.Fprintln(out, p.T("cli.sim.live_key", sim.LiveKey()))
			fmt.Fprintf(out, "%s  export %s=%s\n", p.T("cli.sim.use"), envMollieURL, base)
			fmt.Fprintf(out, "         echo %s | paydesk connect --api-key-stdin\n", sim.TestKey())
			fmt.Fprintln(out, p.T("cli.sim.only_here"))
			<-ctx.Done()
			fmt.Fprintln(out, p.T("cli.sim.stopped"))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&listen, "listen", "127.0.0.1:12111", "address to listen on (host:port)")
	fl.DurationVar(&f.Latency, "latency", 0, "delay added to every API request, e.g. 2s")
	fl.Float64Var(&f.FailRate, "fail-rate", 0, "share of API requests answered 500 or 503, e.g. 0.2")
	fl.Float64Var(&f.RateLimitRate, "rate-limit", 0, "share of API requests answered 429, e.g. 0.1")
	fl.DurationVar(&f.RetryAfter, "retry-after", time.Second, "Retry-After of a 429 answer")
	fl.Float64Var(&f.DropWebhooks, "drop-webhooks", 0, "share of webhook deliveries silently never sent")
	fl.BoolVar(&allowLoopback, "allow-loopback-webhooks", false, "post webhooks to loopback and private addresses too (real Mollie never does)")
	return cmd
}
