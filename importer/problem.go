package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// Problem is one thing wrong with an input, precise enough to find and fix
// it in the file: the file as it was given, the line of the record (0 when the
// file as a whole is meant), the field (a domain.Field name, "" for the
// record or file as a whole), and what is wrong, said for the catalogue.
type Problem struct {
	File  string
	Line  int
	Field string
	Says  domain.Text
}

// Text is the problem as a person reads it, place first: the catalogue's
// "import.at_*" messages fill in the file, the line, the field's name
// ("field.<name>") and what is wrong, in the reader's language.
func (p Problem) Text() domain.Text {
	key, facts := "import.at_file", []any{p.File}
	if p.Line > 0 {
		key, facts = "import.at_line", append(facts, p.Line)
	}
	if p.Field != "" {
		key, facts = key+"_field", append(facts, domain.Say("field."+p.Field))
	}
	return domain.Say(key, append(facts, p.Says)...)
}

// String is the technical form, "file:line: field: key [facts]", for
// debugging and tests; people read Text through the catalogue.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Says.String())
	return b.String()
}

// Error is what a refused run returns: every problem found in every file, so
// that one round of corrections is enough.
type Error struct {
	Problems []Problem
}

// Error is the technical form; the command line and the interface list
// each problem's Text instead.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import refused [%d]", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteByte('\n')
		b.WriteString(p.String())
	}
	return b.String()
}

// sayError is an error that says what is wrong as a Text, for the value
// readers whose refusals become a Problem.
type sayError struct{ says domain.Text }

func (e sayError) Error() string { return e.says.String() }

// Says lets the edge word the error through the catalogue.
func (e sayError) Says() domain.Text { return e.says }

// refuse makes a value reader's error from a catalogue key and its facts.
func refuse(key string, facts ...any) error { return sayError{domain.Say(key, facts...)} }

// textOf is what err says: its own Text, or the error itself as the one
// fact of "import.error", worded at the edge like any error (domain's
// reasons through the catalogue).
func textOf(err error) domain.Text {
	var se sayError
	if errors.As(err, &se) {
		return se.says
	}
	return domain.Say("import.error", err)
}
