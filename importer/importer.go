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
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Options steer what cannot be told from a file alone.
type Options struct {
	// DateOrder settles dates such as 03/04/2026 in exports: "dmy" or
	// "mdy"; "" lets the importer decide from the whole column.
	DateOrder string
	// Map names, per paydesk field, the column that holds it in an export
	// whose header paydesk does not know ("number" → "Belegnr").
	Map map[string]string
	// Remembered returns the mapping kept for an export's header set
	// (FileReport.Header), nil when there is none; used when Map is empty.
	Remembered func(headerSet string) map[string]string
}

// Result is what a run read: the invoices (none when the run is refused),
// the warnings, and per file what a preview shows.
type Result struct {
	Invoices []domain.Invoice
	Warnings []Problem
	Files    []FileReport
}

// FileReport is what one file turned out to be.
type FileReport struct {
	File   string
	Format string // "UBL 2.1 Invoice", "CSV: Xero export", …
	// Mapping lists, for an export, which column holds which field.
	Mapping []ColumnMap
	// Header is an export's header set, the key a mapping is kept under.
	Header string
	// Rows are the first invoices as read, before any check refuses them;
	// a repeat of an invoice (another line of it, say) is not shown again.
	Rows  []domain.Invoice
	Count int // invoices read from the file, repeats not counted
}

// ColumnMap is one field of an export and the column it is read from.
type ColumnMap struct {
	Field  string
	Column string
}

// previewRows is how many invoices of a file a preview shows.
const previewRows = 5

// Parse reads one document. name is only used to say where things are.
func Parse(name string, data []byte) ([]domain.Invoice, error) {
	res, err := ReadData(name, data, Options{})
	return res.Invoices, err
}

// ReadData reads one document as a run of its own.
func ReadData(name string, data []byte, opt Options) (*Result, error) {
	r := newRun()
	r.opt = opt
	r.parse(name, data)
	return r.result()
}

// ParseFiles reads and parses every file as one run: duplicate invoice
// numbers across the files are problems too.
func ParseFiles(paths []string) ([]domain.Invoice, error) {
	res, err := Read(paths, Options{})
	return res.Invoices, err
}

// Read reads every file as one run. The result is never nil: a refused run
// still says what each file was and which rows were read, for a preview.
func Read(paths []string, opt Options) (*Result, error) {
	r := newRun()
	r.opt = opt
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
	opt Options
	// container is the PDF being read while its attached XML is parsed:
	// the invoice's source and the file its report belongs to.
	container string
	invoices  []domain.Invoice
	problems  []Problem
	warnings  []Problem
	files     []FileReport
	seen      map[string]first // invoice number → where it was first seen and what it said
}

// first is what a run keeps of an invoice number's first record: enough to
// tell whether another document with the number is the same invoice.
type first struct {
	place
	currency    string
	total, paid int64
	kind        domain.InvoiceKind
	due         time.Time
	broken      bool // the record had problems: nothing to compare
}

func firstOf(inv domain.Invoice) first {
	return first{place: place{inv.SourceFile, inv.SourceLine}, currency: inv.Currency, total: inv.Total.Minor,
		paid: inv.PaidOutside.Minor, kind: inv.Kind, due: inv.DueDate}
}

// differences names what two records of one number disagree on, "" when
// they are the same invoice (a UBL and a CII of one invoice, say).
func (f first) differences(inv domain.Invoice) string {
	g := firstOf(inv)
	var d []string
	if f.currency != g.currency {
		d = append(d, fmt.Sprintf("currency %s here, %s there", g.currency, f.currency))
	}
	if f.total != g.total {
		d = append(d, fmt.Sprintf("total %s here, %s there", inv.Total.Value(), domain.NewMoney(f.total, f.currency).Value()))
	}
	if f.paid != g.paid {
		d = append(d, fmt.Sprintf("paid %s here, %s there", inv.PaidOutside.Value(), domain.NewMoney(f.paid, f.currency).Value()))
	}
	if f.kind != g.kind {
		d = append(d, fmt.Sprintf("%s here, %s there", g.kind, f.kind))
	}
	if !f.due.Equal(g.due) {
		d = append(d, fmt.Sprintf("due %s here, %s there", dayOrNone(g.due), dayOrNone(f.due)))
	}
	return strings.Join(d, ", ")
}

func dayOrNone(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.DateOnly)
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

func newRun() *run { return &run{seen: make(map[string]first)} }

// file is the report of the file being read; format starts it.
func (r *run) file(name string) *FileReport {
	if n := len(r.files); n > 0 && r.files[n-1].File == name {
		return &r.files[n-1]
	}
	r.files = append(r.files, FileReport{File: name})
	return &r.files[len(r.files)-1]
}

func (r *run) format(name, format string) {
	if r.container != "" {
		r.file(r.container).Format = "PDF with " + format + " inside (" + strings.TrimPrefix(name, r.container+" › ") + ")"
		return
	}
	r.file(name).Format = format
}

func (r *run) warn(ws ...Problem) { r.warnings = append(r.warnings, ws...) }

func (r *run) parse(name string, data []byte) {
	switch sniff(data) {
	case docXML:
		parseXML(r, name, data)
	case docCSV:
		parseCSV(r, name, data)
	case docPDF:
		parsePDF(r, name, data)
	case docZIP:
		r.format(name, "ZIP or Excel workbook")
		r.fail(Problem{File: name, Message: "is a ZIP archive or an Excel workbook, not a CSV or XML invoice; in Excel use Save As → CSV UTF-8"})
	case docUTF16:
		// Excel's "Unicode text" and some exports: CSV decodes it itself;
		// an XML document is read from its UTF-8 form.
		text, _, err := decodeText(data)
		switch {
		case err != nil:
			r.fail(Problem{File: name, Message: err.Error() + "; save the file as UTF-8 (in Excel: Save As → CSV UTF-8)"})
		case sniff(text) == docXML:
			parseXML(r, name, bytes.Replace(text, []byte(`encoding="UTF-16"`), []byte(`encoding="UTF-8"`), 1))
		default:
			parseCSV(r, name, data)
		}
	}
}

// add takes one parsed record with the problems its parser found. A record
// the parser had no complaint about is checked against the domain's rules.
func (r *run) add(inv domain.Invoice, probs []Problem) {
	if r.container != "" {
		inv.SourceFile = r.container
	}
	if len(probs) == 0 {
		for _, fe := range inv.Validate() {
			probs = append(probs, Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: fe.Field, Message: fe.Message})
		}
	}
	for _, p := range probs {
		r.fail(p)
	}
	if len(probs) == 0 && !inv.DueDate.IsZero() && inv.DueDate.Before(inv.IssueDate) {
		r.warn(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: "due date", Message: fmt.Sprintf(
			"%s is before the issue date %s; the document's date is kept", inv.DueDate.Format(time.DateOnly), inv.IssueDate.Format(time.DateOnly))})
	}
	if inv.Number != "" {
		if first, dup := r.seen[inv.Number]; dup {
			switch diff := first.differences(inv); {
			case first.broken || len(probs) > 0:
				r.fail(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: "number",
					Message: fmt.Sprintf("%s appears twice: it is already at %s", inv.Number, first.place)})
			case diff != "":
				r.fail(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: "number",
					Message: fmt.Sprintf("%s appears twice and the two disagree (%s): it is already at %s; keep the right one", inv.Number, diff, first.place)})
			}
			return // the same invoice twice, as UBL and CII say, is one invoice
		}
		f := firstOf(inv)
		f.broken = len(probs) > 0
		r.seen[inv.Number] = f
	}
	f := r.file(inv.SourceFile)
	f.Count++
	if len(f.Rows) < previewRows {
		f.Rows = append(f.Rows, inv)
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
		r.seen = make(map[string]first, n)
	}
}

func (r *run) fail(p Problem) {
	r.problems = append(r.problems, p)
	r.invoices = nil // nothing of this run will be returned
}

func (r *run) result() (*Result, error) {
	res := &Result{Warnings: r.warnings, Files: r.files}
	if len(r.problems) > 0 {
		return res, &Error{Problems: r.problems}
	}
	res.Invoices = r.invoices
	return res, nil
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
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}), utf16Zeros(data, 0), utf16Zeros(data, 1):
		return docUTF16
	}
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(rest) > 0 && rest[0] == '<' {
		return docXML
	}
	return docCSV
}
