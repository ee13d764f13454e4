package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkInvoices/n=100000/CursorMove-2            	    1000	    200000 ns/op	  122835 B/op	     746 allocs/op
BenchmarkInvoices/n=100000/CursorMove-2            	    1000	    100000 ns/op	  122835 B/op	     746 allocs/op
BenchmarkInvoices/n=100000/CursorMove-2            	    1000	    300000 ns/op	  122835 B/op	     746 allocs/op
BenchmarkInvoices/n=1000000/CursorMove-2            	    1000	    900000 ns/op
BenchmarkInvoices/n=1000000/PageDown-2            	    1000	    6000000 ns/op
BenchmarkInvoices/n=1000/FirstFrame-2            	    1000	    6000000 ns/op
BenchmarkStockListCursorMove100k-2   	      20	 326000000 ns/op
BenchmarkStockListArabicCursorMove100k-2 	  3000	    400000 ns/op
BenchmarkSyncCycle5000/sqlite-2   	       5	 225460297 ns/op	        25.00 changed/cycle	      5075 listed/cycle	      1275 naive-ms	     10000 naive-requests	         0.2100 ratio-%	        21.00 requests/cycle
BenchmarkRefundWatch5000-2   	       3	 823000000 ns/op	        43.00 requests/cycle	     10000 naive-requests	         0.4300 ratio-%
BenchmarkSomething-2 some log line
PASS
`

func TestMedianOfRuns(t *testing.T) {
	r, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := r.get("Invoices/n=100000/CursorMove", "ns/op"); v != 200000 {
		t.Errorf("median = %v, want 200000", v)
	}
	if _, ok := r.get("Something", "ns/op"); ok {
		t.Error("a log line was read as a result")
	}
}

func TestTUILinesCompareAndSayWhatIsMissing(t *testing.T) {
	r, _ := parse(strings.NewReader(sample))
	out := strings.Join(tuiLines(r), "\n")
	for _, want := range []string{
		"tui cursor move at 100k against the stock components: 0.200 ms; stock list: 326 ms (1630x), stock list Arabic: 0.400 ms (2.0x)",
		"stock table: not measured: BenchmarkStockTableCursorMove100k did not run",
		"tui with 1k invoices in SQLite (BenchmarkInvoices/n=1000, Update + View of the whole frame): first frame 6.00 ms, cursor move not measured: BenchmarkInvoices/n=1000/CursorMove did not run",
		"tui with 100k invoices in SQLite (BenchmarkInvoices/n=100000",
		"tui targets at 1M: CursorMove ≤ 1.00 ms: met (0.900 ms), PageDown ≤ 5.00 ms: MISSED (6.00 ms)",
		"tui filter keystroke at 100k against the stock components: not measured: BenchmarkInvoices/n=100000/FilterKeystroke did not run",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSyncLines(t *testing.T) {
	r, _ := parse(strings.NewReader(sample))
	out := strings.Join(syncLines(r), "\n")
	for _, want := range []string{
		"SQLite (BenchmarkSyncCycle5000/sqlite): 225 ms per cycle",
		"per cycle, SQLite: 21; one GET per link: 10000 (0.21%, target ≤5%: met)", "naive GETs alone took 1.27 s",
		"PostgreSQL: not measured: BenchmarkSyncCycle5000/postgres did not run",
		"under refund watch (BenchmarkRefundWatch5000): 823 ms per cycle; Mollie requests per cycle: 43; two GETs per watched payment: 10000 (0.43%, target ≤5%: met)",
		"webhook handling in-process: not measured: BenchmarkHandleWebhook5000 did not run",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDur(t *testing.T) {
	for ns, want := range map[float64]string{71326: "0.071 ms", 1365689: "1.37 ms", 41457510: "41.5 ms", 325987376: "326 ms", 1.91e9: "1.91 s"} {
		if got := dur(ns); got != want {
			t.Errorf("dur(%v) = %q, want %q", ns, got, want)
		}
	}
}
