package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing wrong with an input, precise enough to find and fix
// it in the file: the file as it was given, the line of the record (0 when the
// file as a whole is meant), the field in paydesk's words, and what is wrong.
type Problem struct {
	File    string
	Line    int
	Field   string
	Message string
}

// String is "file:line: field: what is wrong"; the line and the field are
// left out when the problem has none.
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
	b.WriteString(p.Message)
	return b.String()
}

// Error is what a refused run returns: every problem found in every file, so
// that one round of corrections is enough.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "nothing was imported: %d problem", n)
	if n != 1 {
		b.WriteByte('s')
	}
	for _, p := range e.Problems {
		b.WriteByte('\n')
		b.WriteString(p.String())
	}
	return b.String()
}
