package main

import (
	"fmt"
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

func tuiLines(r results) []string {
	lines := []string{
		compared(r, "tui first frame (100k invoices in memory: model, index, View)", "FirstFrame100k", []against{
			{"stock list", "StockListFirstFrame100k"}, {"stock list Arabic", "StockListArabicFirstFrame100k"},
			{"stock table", "StockTableFirstFrame100k"}}),
		compared(r, "tui cursor move (100k, Update + View of the whole frame)", "CursorMove100k", []against{
			{"stock list", "StockListCursorMove100k"}, {"stock list Arabic", "StockListArabicCursorMove100k"},
			{"stock table", "StockTableCursorMove100k"}}),
		compared(r, "tui list alone cursor move (100k, Move + list View)", "InvoiceListCursorMove100k", []against{
			{"stock list", "StockListCursorMove100k"}, {"stock list Arabic", "StockListArabicCursorMove100k"},
			{"stock table", "StockTableCursorMove100k"}}),
		compared(r, "tui filter keystroke (100k, Update + View)", "FilterKeystroke100k", []against{
			{"stock list", "StockListFilterKeystroke100k"}, {"stock list Arabic", "StockListArabicFilterKeystroke100k"},
			{"stock table, rows rebuilt", "StockTableFilterKeystroke100k"}}),
		compared(r, "tui switch screen (100k, Update + View)", "SwitchScreen100k", nil),
	}
	own, okOwn := r.get("CursorMove100k", "ns/op")
	stock, okStock := r.get("StockListCursorMove100k", "ns/op")
	if okOwn && okStock {
		verdict := "met"
		if stock/own < 10 {
			verdict = "MISSED"
		}
		lines = append(lines, fmt.Sprintf("tui target, cursor move ≥10x faster than the stock list: %s (%s)", verdict, ratio(stock, own)))
	}
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
		verdict := "met"
		if pct > 5 {
			verdict = "MISSED"
		}
		lines = append(lines,
			fmt.Sprintf("sync cycle, 5,000 active links, %s (BenchmarkSyncCycle5000/%s): %s per cycle", st.label, st.sub, dur(v)),
			fmt.Sprintf("sync Mollie requests per cycle, %s: %.0f; one GET per link: %.0f (%.2f%%, target ≤5%%: %s); the naive GETs alone took %s",
				st.label, req, naive, pct, verdict, dur(naiveMS*1e6)))
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
