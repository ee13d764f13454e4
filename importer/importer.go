// Package importer turns invoice documents into domain invoices: CSV exports
// with English, German or Dutch column names, OASIS UBL 2.1 Invoice and
// CreditNote (Peppol BIS 3, XRechnung) and UN/CEFACT Cross Industry Invoice.
//
// The format is told from the content, never from the file name alone. A run
// is all or nothing: when anything is wrong, no invoice is returned and the
// *Error lists every problem, so a bookkeeper fixes the files once and imports
// again instead of finding half an import in the books.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/paydesk/paydesk/domain"
)

// Parse reads one document. name is only used to say where things are.
func Parse(name string, data []byte) ([]domain.Invoice, error) {
	r := newRun()
	r.parse(name, data)
	return r.result()
}

// ParseFiles reads and parses every file as one run: duplicate invoice
// numbers across the files are problems too.
func ParseFiles(paths []string) ([]domain.Invoice, error) {
	r := newRun()
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is already in front of the message
			}
			r.fail(Problem{File: path, Message: fmt.Sprintf("cannot be read: %v", err)})
			continue
		}
		r.parse(path, data)
	}
	return r.result()
}

// run collects the invoices and problems of one import.
type run struct {
	invoices []domain.Invoice
	problems []Problem
	seen     map[string]place // invoice number → where it was first seen
}

// place is where a record is.
type place struct {
	file string
	line int
}

func (p place) String() string {
	if p.line > 0 {
		return fmt.Sprintf("%s:%d", p.file, p.line)
	}
	return p.file
}

func newRun() *run { return &run{seen: make(map[string]place)} }

func (r *run) parse(name string, data []byte) {
	switch sniff(data) {
	case docXML:
		parseXML(r, name, data)
	case docCSV:
		parseCSV(r, name, data)
	case docPDF:
		r.fail(Problem{File: name, Message: "is a PDF, not a CSV or XML invoice; for a ZUGFeRD or Factur-X invoice, import the XML file embedded in the PDF"})
	case docZIP:
		r.fail(Problem{File: name, Message: "is a ZIP archive or an Excel workbook, not a CSV or XML invoice; in Excel use Save As → CSV UTF-8"})
	case docUTF16:
		r.fail(Problem{File: name, Message: "is written in UTF-16; save the file as UTF-8 (in Excel: Save As → CSV UTF-8)"})
	}
}

// add takes one parsed record with the problems its parser found. A record
// the parser had no complaint about is checked against the domain's rules.
func (r *run) add(inv domain.Invoice, probs []Problem) {
	if len(probs) == 0 {
		for _, fe := range inv.Validate() {
			probs = append(probs, Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: fe.Field, Message: fe.Message})
		}
	}
	for _, p := range probs {
		r.fail(p)
	}
	if inv.Number != "" {
		if first, dup := r.seen[inv.Number]; dup {
			r.fail(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: "number",
				Message: fmt.Sprintf("%s appears twice: it is already at %s", inv.Number, first)})
		} else {
			r.seen[inv.Number] = place{inv.SourceFile, inv.SourceLine}
		}
	}
	if len(r.problems) == 0 {
		r.invoices = append(r.invoices, inv)
	}
}

// reserve makes room for n more invoices, so that a large file is not
// copied over and over as it grows.
func (r *run) reserve(n int) {
	if len(r.problems) > 0 {
		return
	}
	r.invoices = slices.Grow(r.invoices, n)
	if len(r.seen) == 0 {
		r.seen = make(map[string]place, n)
	}
}

func (r *run) fail(p Problem) {
	r.problems = append(r.problems, p)
	r.invoices = nil // nothing of this run will be returned
}

func (r *run) result() ([]domain.Invoice, error) {
	if len(r.problems) > 0 {
		return nil, &Error{Problems: r.problems}
	}
	return r.invoices, nil
}

type docType int

const (
	docCSV docType = iota
	docXML
	docPDF
	docZIP
	docUTF16
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// sniff tells the format from the first bytes. Anything that is not XML or a
// recognisable binary is read as CSV, whose parser explains what it found.
func sniff(data []byte) docType {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return docPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return docZIP
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return docUTF16
	}
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(rest) > 0 && rest[0] == '<' {
		return docXML
	}
	return docCSV
}
