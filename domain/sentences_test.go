package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// domain says nothing to a person in words: it returns reasons with facts
// (Fail) and says things as Texts (Say), which the edge words through the
// catalogue. This test reads domain's sources and fails on a string
// literal that reads like a sentence, unless it is one of the forms that
// never reach a person as they are:
//   - the context of a wrapped error, "read profile: %w" (the edge finds
//     the reason inside and drops the context);
//   - a panic's text (a programming error);
//   - a list of codes such as "en, de, nl".
//
// Literals outside these forms are listed in notForPeople with why they
// may stay; a new one fails the test.
func TestDomainBuildsNoSentences(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sentencesIn(f) {
			if _, ok := notForPeople[s]; ok {
				seen[s] = true
				continue
			}
			t.Errorf("%s: %q reads like a sentence for a person; return Fail(Why…, facts…) or Say(\"….\", facts…) and word it in the catalogues",
				name, s)
		}
	}
	for s := range notForPeople {
		if !seen[s] {
			t.Errorf("notForPeople lists %q, which domain no longer has", s)
		}
	}
}

// notForPeople are the sentence-like literals that may stay, and why.
var notForPeople = map[string]string{
	// GatewayError.Error is the technical form; i18n words a GatewayError.
	"mollie answer unreadable: ": "technical form",
	"mollie answer unreadable":   "technical form",
	// The window's checks refuse a query the interface built wrongly: a
	// programming error, never a person's input.
	"invoice query: mode %q is neither live nor test":    "caller's mistake",
	"invoice query: %q is not one of the list's filters": "caller's mistake",
	"invoice page: no order %d":                          "caller's mistake",
	"invoice page: the limit %d is not positive":         "caller's mistake",
	"invoice page: give one of after, before and last":   "caller's mistake",
}

var (
	words      = regexp.MustCompile(`[A-Za-z]{2,}`)
	wrapped    = regexp.MustCompile(`^[a-z][^;]*: %w$`)
	codeList   = regexp.MustCompile(`^[a-z0-9_]+(, [a-z0-9_]+)+$`)
	sentenceAt = 3 // words, at least
)

// sentencesIn returns the string literals of f that read like a sentence
// and are none of the allowed forms.
func sentencesIn(f *ast.File) []string {
	var out []string
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return false
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Errorf" && len(n.Args) > 0 {
				if lit, ok := n.Args[0].(*ast.BasicLit); ok {
					if s, _ := strconv.Unquote(lit.Value); wrapped.MatchString(s) {
						for _, a := range n.Args[1:] {
							ast.Inspect(a, walk)
						}
						return false
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(n.Value)
			if len(words.FindAllString(s, -1)) >= sentenceAt && strings.Contains(s, " ") && !codeList.MatchString(s) {
				out = append(out, s)
			}
		}
		return true
	}
	ast.Inspect(f, walk)
	return out
}
