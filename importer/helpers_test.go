package importer

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// mustParse parses text that must import cleanly.
func mustParse(t *testing.T, name, text string) []domain.Invoice {
	t.Helper()
	invs, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return invs
}

// problemsOf parses text that must be refused and returns the problems.
func problemsOf(t *testing.T, name, text string) []Problem {
	t.Helper()
	invs, err := Parse(name, []byte(text))
	return refused(t, invs, err)
}

func refused(t *testing.T, invs []domain.Invoice, err error) []Problem {
	t.Helper()
	if invs != nil {
		t.Errorf("a refused run returned %d invoices", len(invs))
	}
	var ie *Error
	if !errors.As(err, &ie) {
		t.Fatalf("want *importer.Error, got %v", err)
	}
	if len(ie.Problems) == 0 {
		t.Fatal("an *importer.Error without problems")
	}
	return ie.Problems
}

// english words what the importer says the way an English reader sees it.
var english = i18n.New("en")

// problemLines renders problems the way the bookkeeper reads them.
func problemLines(probs []Problem) []string {
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = english.Text(p.Text())
	}
	return out
}

// message is what is wrong, in English, without the place.
func message(p Problem) string { return english.Text(p.Says) }

// wantProblems checks that each expected "file:line: field: " prefix starts
// exactly one problem, in order, and that there are no others.
func wantProblems(t *testing.T, probs []Problem, prefixes ...string) {
	t.Helper()
	lines := problemLines(probs)
	if len(lines) != len(prefixes) {
		t.Fatalf("got %d problems, want %d:\n%s", len(lines), len(prefixes), strings.Join(lines, "\n"))
	}
	for i, p := range prefixes {
		if !strings.HasPrefix(lines[i], p) {
			t.Errorf("problem %d = %q, want it to start with %q", i, lines[i], p)
		}
	}
}

func eur(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }
