// Command benchfmt turns 'go test -bench' output into one line per figure
// for scripts/bench, with paydesk's figures set against the stock Bubbles
// components and the naive sync. Several results of one benchmark (-count)
// are reduced to their median. A benchmark missing from the input is said
// to be missing, never filled in.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	group := flag.String("group", "", "which figures to print: tui, store or sync")
	flag.Parse()
	results, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchfmt:", err)
		os.Exit(1)
	}
	lines, ok := groups[*group]
	if !ok {
		fmt.Fprintf(os.Stderr, "benchfmt: -group must be tui, store or sync, not %q\n", *group)
		os.Exit(2)
	}
	for _, l := range lines(results) {
		fmt.Println(l)
	}
}

// results maps a benchmark's name (without "Benchmark" and the -N suffix)
// to its metrics by unit, each the median of the runs read.
type results map[string]map[string]float64

// parse reads benchmark lines such as
// "BenchmarkCursorMove100k-2  1000  263508 ns/op  122835 B/op  746 allocs/op".
func parse(r io.Reader) (results, error) {
	runs := map[string]map[string][]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // a benchmark's log line, not its result
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if runs[name] == nil {
			runs[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q of %s is not a number", name, f[i], f[i+1])
			}
			runs[name][f[i+1]] = append(runs[name][f[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	out := results{}
	for name, units := range runs {
		out[name] = map[string]float64{}
		for unit, vs := range units {
			out[name][unit] = median(vs)
		}
	}
	return out, nil
}

func median(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// get is a benchmark's metric, ok false when it was not run.
func (r results) get(name, unit string) (float64, bool) {
	v, ok := r[name][unit]
	return v, ok
}

// dur formats nanoseconds with three significant digits in a fitting unit.
func dur(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 100e6:
		return fmt.Sprintf("%.0f ms", ns/1e6)
	case ns >= 10e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	}
	return fmt.Sprintf("%.3f ms", ns/1e6)
}

func mb(bytes float64) string { return fmt.Sprintf("%.0f MB", bytes/(1<<20)) }

// ratio says how many times slower other is than base.
func ratio(other, base float64) string {
	r := other / base
	if r >= 10 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.1fx", r)
}

func missing(name string) string { return "not measured: Benchmark" + name + " did not run" }
