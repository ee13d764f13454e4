package importer

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// collide makes every number hash alike while f runs: the book must then
// tell numbers apart by themselves alone.
func collide(t *testing.T, hash func(string) uint64) {
	t.Helper()
	was := hashNumber
	hashNumber = hash
	t.Cleanup(func() { hashNumber = was })
}

// A collision of hashes neither hides a repeat nor makes one of two
// numbers: the run reports the very problems and invoices it reports
// with the real hash, past the growth of the book's slots.
func TestNumberHashCollisionsChangeNothing(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("number,customer,total,due\n")
	for i := range 1500 {
		fmt.Fprintf(&sb, "A-%d,Acme,%d.00,2026-12-01\n", i, 1+i%7)
	}
	sb.WriteString("A-7,Acme,5.00,2026-12-01\n")    // a repeat that differs in its total
	sb.WriteString("A-8,Acme,2.00,2026-12-01\n")    // the same invoice again: no problem
	sb.WriteString("a-9,Acme,1.00,2026-12-01\n")    // another number, by letter case
	sb.WriteString("A-1499,Acme,9.00,2026-12-02\n") // the last one again, differing twice
	text := []byte(sb.String())
	read := func() ([]string, int) {
		res, err := ReadData("n.csv", text, Options{})
		var ie *Error
		if !errors.As(err, &ie) {
			t.Fatalf("want problems, got %v", err)
		}
		return problemLines(ie.Problems), res.Files[0].Count
	}
	want, wantCount := read()
	if len(want) != 2 || !strings.HasPrefix(want[0], "n.csv:1502: number: A-7 appears twice") || !strings.Contains(want[1], "n.csv:1501") {
		t.Fatalf("problems with the real hash:\n%s", strings.Join(want, "\n"))
	}
	if wantCount != 1501 {
		t.Fatalf("count %d with the real hash, want 1501", wantCount)
	}
	for name, hash := range map[string]func(string) uint64{
		"one hash for all":   func(string) uint64 { return 42 },
		"one slot, two tags": func(n string) uint64 { return uint64(len(n)%2) << refBits },
	} {
		collide(t, hash)
		got, count := read()
		if !slices.Equal(got, want) || count != wantCount {
			t.Errorf("%s: %d invoices, problems:\n%s\nwant %d:\n%s", name, count, strings.Join(got, "\n"), wantCount, strings.Join(want, "\n"))
		}
	}
}

// The book gives back what it was given, at the edges of what a record holds.
func TestNumberBookKeepsRecords(t *testing.T) {
	collide(t, func(n string) uint64 { return uint64(len(n)) })
	records := map[string]first{
		"A":                          {line: 1, file: 0, currency: [3]byte{'E', 'U', 'R'}, due: noDue, total: 1, paid: 0},
		"B":                          {line: math.MaxUint32, file: math.MaxUint16 - 1, currency: [3]byte{'J', 'P', 'Y'}, credit: true, broken: true, due: math.MaxInt32, total: math.MaxInt64, paid: math.MinInt64},
		strings.Repeat("x", 3<<20):   {line: 7, due: -1, total: -5, paid: 5},
		"after the long one":         {line: 8},
		strings.Repeat("y", 1<<20-9): {line: 9},
	}
	var b numberBook
	for n, f := range records {
		if _, dup, at := b.find(n); dup {
			t.Fatalf("%.20s found before it was added", n)
		} else {
			b.add(at, n, f)
		}
	}
	for n, want := range records {
		got, ok, _ := b.find(n)
		if !ok || got != want {
			t.Errorf("%.20s: got %+v, %v, want %+v", n, got, ok, want)
		}
	}
	if _, ok, _ := b.find("C"); ok {
		t.Error("found a number never added")
	}
}
