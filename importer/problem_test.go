package importer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

func TestProblemWords(t *testing.T) {
	tests := []struct {
		lang string
		p    Problem
		want string
	}{
		{"en", Problem{File: "file.csv", Line: 7, Field: domain.FieldTotal, Says: textOf(domain.Fail(domain.WhyAmountGrouping, "12,3,4"))},
			`file.csv:7: total: "12,3,4" has misplaced thousands separators.`},
		{"de", Problem{File: "file.csv", Line: 7, Field: domain.FieldDueDate, Says: domain.Say("import.not_date", "32.13.2026")},
			`file.csv:7: Fälligkeit: "32.13.2026" ist kein Datum; schreiben Sie es als 2026-11-26, 26.11.2026 oder 26-11-2026`},
		{"nl", Problem{File: "file.csv", Line: 3, Says: domain.Say("import.csv.width", 4, 3, delimName(';'))},
			`file.csv:3: heeft 4 velden, maar de kopregel 3; een waarde die ';' bevat, moet tussen dubbele aanhalingstekens staan`},
		{"en", Problem{File: "gone.csv", Says: domain.Say("import.unreadable", refuse("import.xml.no_element"))},
			"gone.csv: cannot be read: the file holds no XML element"},
		{"de", Problem{File: "a.csv", Field: domain.FieldNumber, Says: textOf(domain.Fail(domain.WhyNoNumber))},
			"a.csv: Nummer: Die Rechnungsnummer ist leer; jede Rechnung braucht eine."},
	}
	for _, tt := range tests {
		if got := i18n.New(tt.lang).Text(tt.p.Text()); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.lang, got, tt.want)
		}
	}
}

func TestErrorListsEveryProblem(t *testing.T) {
	three := &Error{Problems: []Problem{
		{File: "a.csv", Line: 2, Field: "number", Says: domain.Say("import.no_customer")},
		{File: "a.csv", Line: 5, Field: "total", Says: domain.Say("import.no_currency")},
		{File: "b.xml", Line: 1, Says: domain.Say("import.xml.syntax", "unexpected EOF")},
	}}
	lines := strings.Split(three.Error(), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "3") {
		t.Fatalf("Error() = %q, want a count and three problems", three.Error())
	}
	for i, p := range three.Problems {
		if lines[i+1] != p.String() {
			t.Errorf("line %d = %q, want %q", i+1, lines[i+1], p.String())
		}
	}
	// What the importer's value readers refuse is worded by the edge.
	if got := i18n.New("nl").Err(refuse("import.map.twice", "total")); got != `het veld "total" is twee keer toegewezen` {
		t.Errorf("a refusal in Dutch = %q", got)
	}
}

// The importer tells people what is wrong through the catalogue only: no
// error or message of its own is an English sentence. A format given to
// fmt.Errorf, fmt.Sprintf or errors.New may quote or join, never speak.
func TestImporterBuildsNoSentences(t *testing.T) {
	words := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, dir := range []string{".", "../importcheck"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !slices.Contains([]string{"Errorf", "Sprintf", "New"}, sel.Sel.Name) {
					return true
				}
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, _ := strconv.Unquote(lit.Value); len(words.FindAllString(s, -1)) >= 2 {
						t.Errorf("%s: %s(%q) speaks English; say it with refuse or domain.Say and a catalogue key", name, sel.Sel.Name, s)
					}
				}
				return true
			})
		}
	}
}
