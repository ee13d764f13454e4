package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paydesk/paydesk/sanitize"
)

// sgr is the one kind of escape sequence paydesk itself writes: colour and
// weight, and only when colour is asked for.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// assertInert fails when out holds anything that would act on a terminal:
// an escape sequence other than paydesk's own SGR (allowed only when
// colour is on), a control character other than a line feed, DEL, a C1
// control, a bidi or invisible format character, or invalid UTF-8.
func assertInert(t *testing.T, what, out string, colour bool) {
	t.Helper()
	if colour {
		out = sgr.ReplaceAllString(out, "")
	}
	if !utf8.ValidString(out) {
		t.Errorf("%q: output is not valid UTF-8: %q", what, out)
		return
	}
	for _, line := range strings.Split(out, "\n") {
		if !sanitize.Safe(line) {
			t.Errorf("%q: output line %q holds a character that acts on a terminal", what, line)
		}
	}
}

// TestHostileTextNeverReachesTheTerminal imports a CSV and a UBL file full
// of escape sequences, controls and bidi characters, under a file name that
// holds some too, and scans the bytes every command writes.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	copyTestdata := func(from, to string) string {
		b, err := os.ReadFile(filepath.Join("testdata", from))
		if err != nil {
			t.Fatal(err)
		}
		return h.write(to, string(b))
	}
	csv := copyTestdata("hostile.csv", "evil\x1b]0;title\x07\u202e.csv")
	ubl := copyTestdata("hostile-ubl.xml", "evil\x1b[2J.xml")
	refused := copyTestdata("hostile-refused.csv", "refused\x1b]8;;x\x1b\\.csv")

	var results []struct {
		what string
		r    result
	}
	run := func(args ...string) result {
		r := h.run(args...)
		results = append(results, struct {
			what string
			r    result
		}{strings.Join(args, " "), r})
		return r
	}
	if r := run("import", csv, ubl); r.code != 0 {
		t.Fatalf("import of the hostile files failed:\n%s", r)
	}
	run("import", refused)
	h.connect()
	run("invoices")
	run("invoices", "--json")
	run("invoices", "--status", "unpaid")
	run("invoices", "--color", "always")
	for _, n := range []string{"H-1", "H-2", "H-3"} {
		run("pay", n)
		run("status", n)
		run("status", n, "--json")
		run("copy", n)
	}
	run("record-payment", "H-1", "400.00", "--note", "bank\x1b]52;c;eA==\x07 transfer\u202e")
	run("status", "H-1", "--color", "always")
	run("log")
	run("log", "--json")
	run("log", "--color", "always")
	run("status", "H-9\x1b[2J")
	run("pay", "\u202eH-1")
	for _, res := range results {
		colour := strings.Contains(res.what, "--color always")
		assertInert(t, res.what+" (stdout)", res.r.stdout, colour)
		assertInert(t, res.what+" (stderr)", res.r.stderr, colour)
	}
	// The text is shown, not dropped: a reader sees that something was there.
	if out := h.ok("invoices"); !strings.Contains(out, "Evil␛]52;c;") {
		t.Errorf("the hostile customer name is not shown with placeholders:\n%s", out)
	}
}
