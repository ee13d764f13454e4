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
		Use:     "sim",
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
	fl.StringVar(&listen, "listen", "127.0.0.1:12111", "")
	fl.DurationVar(&f.Latency, "latency", 0, "")
	fl.Float64Var(&f.FailRate, "fail-rate", 0, "")
	fl.Float64Var(&f.RateLimitRate, "rate-limit", 0, "")
	fl.DurationVar(&f.RetryAfter, "retry-after", time.Second, "")
	fl.Float64Var(&f.DropWebhooks, "drop-webhooks", 0, "")
	fl.BoolVar(&allowLoopback, "allow-loopback-webhooks", false, "")
	return cmd
}
