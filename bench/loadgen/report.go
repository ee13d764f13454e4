package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// report prints one line per figure.
func report(c config, f fired, l landed, s served, cpu time.Duration, counters map[string]int) {
	window := f.last.Sub(f.first).Seconds()
	fmt.Printf("serve webhooks: %d posted at %d/s for %s: answered %.0f/s, accepted (200) %.0f/s; latency p50 %s, p99 %s, max %s (sender lag max %s)\n",
		f.planned, c.rate, c.duration, perSecond(f.answered, window), perSecond(f.accepted, window),
		msec(percentile(f.latencies, 50)), msec(percentile(f.latencies, 99)), msec(percentile(f.latencies, 100)), msec(f.maxLag))
	fmt.Printf("serve webhook answers: %d of %d accepted at once; %d × 503 busy in all (each posted again after %s), %d failed, %d never accepted\n",
		f.accepted, f.planned, f.busy, retryAfter, f.failed, f.gaveUp)
	how := "through webhooks only (sync lease held)"
	if c.withSync {
		how = "through webhooks and the sync loop"
	}
	if l.lost == 0 {
		fmt.Printf("serve statuses landed %s: all %d paid in the database %.2f s after the first webhook (%.0f/s), lost 0\n",
			how, l.paid, l.after.Seconds(), float64(l.paid)/l.after.Seconds())
	} else {
		fmt.Printf("serve statuses landed %s: %d of %d paid in the database %s after the last webhook, lost %d\n",
			how, l.paid, l.paid+l.lost, c.settle, l.lost)
	}
	fmt.Printf("serve process: peak RSS %.0f MB, CPU %.1f s = %s per webhook (loadgen with the simulator: %.1f s); %s\n",
		float64(s.maxRSS)/(1<<20), s.cpu.Seconds(), msec(s.cpu/time.Duration(max(1, f.planned))), cpu.Seconds(),
		strings.TrimPrefix(s.stopLine, "paydesk serve: "))
	if counters != nil {
		fmt.Printf("serve Mollie requests during the run: %s\n", countersLine(counters))
	}
}

func perSecond(n int, seconds float64) float64 {
	if seconds <= 0 {
		return 0
	}
	return float64(n) / seconds
}

// percentile is the p-th percentile (nearest rank) of ds; 0 for none.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[max(0, min(rank, len(s)-1))]
}

func msec(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func countersLine(c map[string]int) string {
	keys := make([]string, 0, len(c))
	total := 0
	for k, v := range c {
		keys = append(keys, k)
		total += v
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}
