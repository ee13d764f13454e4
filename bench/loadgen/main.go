// Command loadgen puts 'paydesk serve' under webhook load, on loopback
// only. It prepares a database whose payment links were all paid at a
// Mollie simulator, starts the real paydesk binary's serve against both,
// posts one webhook (id=tr_…) per paid payment at a steady rate, to the
// webhook URL the simulator holds for its link (paydesk's public address
// with the link's reference, passed on to serve as a proxy would), and
// reports the rate the receiver sustained, the latency of its answers, and
// how long it took until the database showed every payment paid; a payment
// still unpaid by the deadline is a lost update.
//
// Webhooks answered 503 (receiver busy) are posted again a second later,
// as Mollie retries them. By default loadgen holds the sync lease while it
// runs, so that every status reaches the database through a webhook and
// none through serve's sync loop; -with-sync leaves the loop running.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type config struct {
	paydesk  string
	dir      string
	links    int
	rate     int
	duration time.Duration
	workers  int
	settle   time.Duration
	simURL   string
	simKey   string
	withSync bool
}

func main() {
	var c config
	flag.StringVar(&c.paydesk, "paydesk", "", "the paydesk binary to run 'serve' with (required)")
	flag.StringVar(&c.dir, "dir", "", "folder for the database (default: a new temporary folder)")
	flag.IntVar(&c.rate, "rate", 600, "webhooks per second to post")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "how long to post")
	flag.IntVar(&c.links, "links", 0, "paid links to prepare (default rate × duration, one webhook each)")
	flag.IntVar(&c.workers, "workers", 128, "concurrent webhook senders")
	flag.DurationVar(&c.settle, "settle", 90*time.Second, "how long after the last webhook to wait for the database")
	flag.StringVar(&c.simURL, "sim", "", "base URL of a running simulator on loopback (default: start one in-process)")
	flag.StringVar(&c.simKey, "sim-key", "", "test key of the simulator given with -sim")
	flag.BoolVar(&c.withSync, "with-sync", false, "let serve's sync loop poll as well")
	flag.Parse()
	if err := c.check(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func (c *config) check() error {
	switch {
	case c.paydesk == "":
		return fmt.Errorf("-paydesk is required")
	case c.rate < 1 || c.duration <= 0 || c.workers < 1:
		return fmt.Errorf("-rate, -duration and -workers must be positive")
	case (c.simURL == "") != (c.simKey == ""):
		return fmt.Errorf("-sim and -sim-key go together")
	}
	if c.links == 0 {
		c.links = c.rate * int(c.duration/time.Millisecond) / 1000
	}
	if c.links < 1 {
		return fmt.Errorf("-links must be positive")
	}
	return nil
}

func run(ctx context.Context, c config) error {
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "paydesk-loadgen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.dir = dir
	}
	sim, err := startSim(ctx, c.simURL, c.simKey)
	if err != nil {
		return err
	}
	db := filepath.Join(c.dir, "serve.db")
	t := time.Now()
	book, err := prepare(ctx, db, sim, c.links)
	if err != nil {
		return err
	}
	logf("prepared %d paid links in %s", len(book.payments), time.Since(t).Round(time.Millisecond))
	if !c.withSync {
		release, err := holdSyncLease(ctx, book)
		if err != nil {
			return err
		}
		defer release()
	}
	srv, err := startServe(ctx, c.paydesk, db, sim.base, c.dir)
	if err != nil {
		return err
	}
	defer srv.stop()
	sim.resetCounters()
	cpuBefore := cpuTime()
	calls, err := book.calls(srv.base)
	if err != nil {
		return err
	}
	res := fire(ctx, calls, c.rate, c.workers)
	land := waitLanded(ctx, book, res.first, res.last.Add(c.settle))
	cpu := cpuTime() - cpuBefore
	served, err := srv.stop()
	if err != nil {
		logf("stopping serve: %v", err)
	}
	report(c, res, land, served, cpu, sim.counters())
	if land.lost > 0 {
		return fmt.Errorf("%d of %d paid payments never reached the database", land.lost, len(book.payments))
	}
	return nil
}

// cpuTime is the CPU this process (sender and in-process simulator) used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
}
