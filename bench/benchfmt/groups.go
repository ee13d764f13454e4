package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

var groups = map[string]func(results) []string{
	"tui":   tuiLines,
	"store": storeLines,
	"sync":  syncLines,
}

// against is a stock component measured beside one of paydesk's figures.
type against struct {
	label, bench string
}

// compared is "what: X; stock a: Y (r), stock b: Z (r)".
func compared(r results, what, own string, others []against) string {
	base, ok := r.get(own, "ns/op")
	if !ok {
		return what + ": " + missing(own)
	}
	parts := []string{}
	for _, o := range others {
		v, ok := r.get(o.bench, "ns/op")
		if !ok {
			parts = append(parts, o.label+": "+missing(o.bench))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", o.label, dur(v), ratio(v, base)))
	}
	line := what + ": " + dur(base)
	if len(parts) > 0 {
		line += "; " + strings.Join(parts, ", ")
	}
	return line
}

// tuiActions are the figures BenchmarkInvoices takes per book size, as its
// sub-benchmarks name them, with what a reader calls them.
var tuiActions = []struct{ sub, label string }{
	{"FirstFrame", "first frame"}, {"CursorMove", "cursor move"}, {"PageDown", "page down"},
	{"JumpToEnd", "jump to end"}, {"FilterKeystroke", "filter keystroke"}, {"SwitchTab", "switch tab"},
}

// tuiTargets are the most each action may take at a million invoices.
var tuiTargets = []struct {
	sub   string
	limit float64 // ns
}{{"CursorMove", 1e6}, {"PageDown", 5e6}, {"JumpToEnd", 5e6}, {"FilterKeystroke", 20e6}}

// tuiSizes are the book sizes BenchmarkInvoices ran with, smallest first.
func tuiSizes(r results) []int {
	var sizes []int
	for name := range r {
		rest, ok := strings.CutPrefix(name, "Invoices/n=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
		if err == nil && !slices.Contains(sizes, n) {
			sizes = append(sizes, n)
		}
	}
	slices.Sort(sizes)
	return sizes
}

// size is a book size as people say it: 1k, 100k, 1M.
func size(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func tuiLines(r results) []string {
	var lines []string
	sizes := tuiSizes(r)
	if len(sizes) == 0 {
		lines = append(lines, "tui on a database of N invoices: "+missing("Invoices/n=N"))
	}
	for _, n := range sizes {
		parts := make([]string, len(tuiActions))
		for i, a := range tuiActions {
			name := fmt.Sprintf("Invoices/n=%d/%s", n, a.sub)
			if v, ok := r.get(name, "ns/op"); ok {
				parts[i] = a.label + " " + dur(v)
			} else {
				parts[i] = a.label + " " + missing(name)
			}
		}
		lines = append(lines, fmt.Sprintf("tui with %s invoices in SQLite (BenchmarkInvoices/n=%d, Update + View of the whole frame): %s",
			size(n), n, strings.Join(parts, ", ")))
	}
	if slices.Contains(sizes, 1_000_000) {
		var verdicts []string
		for _, t := range tuiTargets {
			v, ok := r.get("Invoices/n=1000000/"+t.sub, "ns/op")
			if !ok {
				continue
			}
			verdict := "met"
			if v > t.limit {
				verdict = "MISSED"
			}
			verdicts = append(verdicts, fmt.Sprintf("%s ≤ %s: %s (%s)", t.sub, dur(t.limit), verdict, dur(v)))
		}
		lines = append(lines, "tui targets at 1M: "+strings.Join(verdicts, ", "))
	}
	// The stock components hold the same 100,000 rows in memory.
	own := func(sub string) string { return fmt.Sprintf("Invoices/n=100000/%s", sub) }
	lines = append(lines,
		compared(r, "tui first frame at 100k against the stock components holding the same rows", own("FirstFrame"), []against{
			{"stock list", "StockListFirstFrame100k"}, {"stock list Arabic", "StockListArabicFirstFrame100k"},
			{"stock table", "StockTableFirstFrame100k"}}),
		compared(r, "tui cursor move at 100k against the stock components", own("CursorMove"), []against{
			{"stock list", "StockListCursorMove100k"}, {"stock list Arabic", "StockListArabicCursorMove100k"},
			{"stock table", "StockTableCursorMove100k"}}),
		compared(r, "tui filter keystroke at 100k against the stock components", own("FilterKeystroke"), []against{
			{"stock list", "StockListFilterKeystroke100k"}, {"stock list Arabic", "StockListArabicFilterKeystroke100k"},
			{"stock table, rows rebuilt", "StockTableFilterKeystroke100k"}}),
		compared(r, "tui switch screen (100k, Update + View)", "SwitchScreen100k", nil),
	)
	return lines
}

func storeLines(r results) []string {
	var lines []string
	if v, ok := r.get("Import100k", "ns/op"); ok {
		line := "store import of 100k invoices (BenchmarkImport100k): " + dur(v)
		if cpu, ok := r.get("Import100k", "cpu-ms/op"); ok {
			line += fmt.Sprintf(", CPU %s", dur(cpu*1e6))
		}
		if b, ok := r.get("Import100k", "B/op"); ok {
			line += ", " + mb(b) + " allocated"
		}
		lines = append(lines, line)
	} else {
		lines = append(lines, "store import of 100k invoices: "+missing("Import100k"))
	}
	if v, ok := r.get("Invoices100k", "ns/op"); ok {
		line := "store read of 100k invoices (BenchmarkInvoices100k): " + dur(v)
		if b, ok := r.get("Invoices100k", "B/op"); ok {
			line += ", " + mb(b) + " allocated"
		}
		lines = append(lines, line)
	} else {
		lines = append(lines, "store read of 100k invoices: "+missing("Invoices100k"))
	}
	if v, ok := r.get("ParseCSV100k", "ns/op"); ok {
		line := "importer parse of a 100k-row CSV (BenchmarkParseCSV100k): " + dur(v)
		if s, ok := r.get("ParseCSV100k", "MB/s"); ok {
			line += fmt.Sprintf(", %.0f MB/s", s)
		}
		lines = append(lines, line)
	} else {
		lines = append(lines, "importer parse of a 100k-row CSV: "+missing("ParseCSV100k"))
	}
	return lines
}

// stores are the databases BenchmarkSyncCycle5000 runs on, as its
// sub-benchmarks name them, with the name a reader knows.
var stores = []struct{ sub, label string }{{"sqlite", "SQLite"}, {"postgres", "PostgreSQL"}}

// requestsVerdict says whether a sync cycle's requests, as a percentage of
// the naive ones, meet the target of at most 5 %.
func requestsVerdict(pct float64) string {
	if pct > 5 {
		return "MISSED"
	}
	return "met"
}

func syncLines(r results) []string {
	var lines []string
	for _, st := range stores {
		cycle := "SyncCycle5000/" + st.sub
		v, ok := r.get(cycle, "ns/op")
		if !ok {
			lines = append(lines, fmt.Sprintf("sync cycle, 5,000 active links, %s: %s", st.label, missing(cycle)))
			continue
		}
		req, _ := r.get(cycle, "requests/cycle")
		naive, _ := r.get(cycle, "naive-requests")
		pct, _ := r.get(cycle, "ratio-%")
		naiveMS, _ := r.get(cycle, "naive-ms")
		lines = append(lines,
			fmt.Sprintf("sync cycle, 5,000 active links, %s (BenchmarkSyncCycle5000/%s): %s per cycle", st.label, st.sub, dur(v)),
			fmt.Sprintf("sync Mollie requests per cycle, %s: %.0f; one GET per link: %.0f (%.2f%%, target ≤5%%: %s); the naive GETs alone took %s",
				st.label, req, naive, pct, requestsVerdict(pct), dur(naiveMS*1e6)))
	}
	const watch = "RefundWatch5000"
	if v, ok := r.get(watch, "ns/op"); ok {
		req, _ := r.get(watch, "requests/cycle")
		naive, _ := r.get(watch, "naive-requests")
		pct, _ := r.get(watch, "ratio-%")
		lines = append(lines, fmt.Sprintf("sync cycle, 5,000 paid links under refund watch (BenchmarkRefundWatch5000): %s per cycle; "+
			"Mollie requests per cycle: %.0f; two GETs per watched payment: %.0f (%.2f%%, target ≤5%%: %s)", dur(v), req, naive, pct, requestsVerdict(pct)))
	} else {
		lines = append(lines, "sync cycle under refund watch: "+missing(watch))
	}
	const hook = "HandleWebhook5000"
	if v, ok := r.get(hook, "ms/webhook"); ok {
		rate, _ := r.get(hook, "webhooks/s")
		lines = append(lines, fmt.Sprintf("webhook handling in-process, 32 at once (BenchmarkHandleWebhook5000): %s per webhook, %.0f/s", dur(v*1e6), rate))
	} else {
		lines = append(lines, "webhook handling in-process: "+missing(hook))
	}
	return lines
}
