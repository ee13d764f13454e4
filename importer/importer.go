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
	"io"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
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
	// Progress, when set, is told how far the reading of a large file
	// has come, every few thousand rows.
	Progress func(Progress)
}

// Progress is how far the reading of one file has come. While Total is 0
// the rows are not counted yet and Bytes of Size say how far; a CSV whose
// dates wait for the day/month order is read a second time from the first
// such row on, as Rows of Total, and so is every file at its end.
type Progress struct {
	File        string
	Rows, Total int
	Bytes, Size int64
}

// progressEvery is how many rows pass between two reports of progress.
const progressEvery = 4096

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
	Format domain.Text // "UBL 2.1 Invoice", "CSV export of Xero (UTF-8, separated by ',')", …
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
	r := newRun(opt, keepAll)
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
	return Stream(paths, opt, keepAll, nil)
}

// keepAll as a batch size keeps every invoice in Result.Invoices.
const keepAll = 0

// Stream reads every file as one run, like Read, but hands the invoices to
// put in batches of at most size, in the order of the files, and keeps none
// of them: memory holds one batch, not the files. Once a problem is found
// no further batch is handed on, and Stream returns an error: what put was
// given must then be dropped, since the run is all or nothing. An error
// from put stops the reading and is returned as it is.
func Stream(paths []string, opt Options, size int, put func([]domain.Invoice) error) (*Result, error) {
	r := newRun(opt, size)
	r.put = put
	for _, path := range paths {
		if r.putErr != nil {
			break
		}
		r.parseFile(path)
	}
	r.flush()
	return r.result()
}

// BatchSize is how many invoices an import hands to the store at a time:
// memory holds a few batches, never the files.
const BatchSize = 2000

// errStopped ends the reading when the store gave up first; nobody reads
// it, the store's own error is what the import returns.
var errStopped = errors.New("stopped")

// Import reads the files and has write store their invoices as one run,
// all or nothing; write is a store's import of batches (as
// domain.Service.ImportBatches), which calls next until it gets none. The
// files are read on a goroutine of their own, which hands over batches of
// at most size while write stores the ones before, so that reading and
// writing overlap on two cores. The files' problems, when there are any,
// are the error; what the store refused comes next.
func Import(paths []string, opt Options, size int, write func(next func() ([]domain.Invoice, error)) (domain.ImportResult, error)) (*Result, domain.ImportResult, error) {
	batches := make(chan []domain.Invoice, 2)
	stop, done := make(chan struct{}), make(chan struct{})
	var (
		read    *Result
		readErr error
	)
	go func() {
		defer close(done)
		defer close(batches)
		read, readErr = Stream(paths, opt, size, func(b []domain.Invoice) error {
			select {
			case batches <- b:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	res, err := write(func() ([]domain.Invoice, error) {
		if b, ok := <-batches; ok {
			return b, nil
		}
		<-done
		// What the reading kept (a record per invoice number) is garbage
		// now: give it back before the store builds its indexes.
		debug.FreeOSMemory()
		return nil, readErr
	})
	close(stop)
	<-done
	if readErr != nil && !errors.Is(readErr, errStopped) {
		return read, domain.ImportResult{}, readErr
	}
	return read, res, err
}

// parseFile reads one file: a CSV export from the disk as it goes, any
// other document (an e-invoice is small) whole.
func (r *run) parseFile(path string) {
	kind, size, err := sniffFile(path)
	if err == nil && kind != docCSV {
		var data []byte
		if data, err = os.ReadFile(path); err == nil {
			r.parse(path, data)
			return
		}
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already in front of the message
		}
		r.fail(Problem{File: path, Says: domain.Say("import.unreadable", err)})
		return
	}
	parseCSV(r, path, fileSource(path, size))
}

// sniffFile tells a file's format from its first bytes; UTF-16 text is
// told apart as XML or CSV.
func sniffFile(path string) (docType, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	if st.IsDir() {
		return 0, 0, &fs.PathError{Op: "read", Path: path, Err: refuse("import.directory")}
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, 0, err
	}
	head = head[:n]
	kind := sniff(head)
	if kind == docUTF16 {
		if text, _, err := decodeText(head[:n&^1]); err != nil || sniff(text) == docXML {
			return docUTF16, st.Size(), nil // read whole: XML, or an error said with the whole file
		}
		return docCSV, st.Size(), nil
	}
	return kind, st.Size(), nil
}

// run collects the invoices and problems of one import.
type run struct {
	opt Options
	// size is how many invoices a batch holds (keepAll: all of them);
	// put takes each full batch, and putErr is what it last returned.
	size    int
	put     func([]domain.Invoice) error
	putErr  error
	pending []domain.Invoice
	// container is the PDF being read while its attached XML is parsed:
	// the invoice's source and the file its report belongs to.
	container string
	problems  []Problem
	warnings  []Problem
	files     []FileReport
	seen      numberBook // where each invoice number was first seen and what it said
	names     []string   // the files of the run, named by index in first
}

// first is what a run keeps of an invoice number's first record: enough to
// tell whether another document with the number is the same invoice
// (numberBook keeps it packed).
type first struct {
	line        uint32
	file        uint16 // index into run.names
	currency    [3]byte
	credit      bool  // a credit note
	broken      bool  // the record had problems: nothing to compare
	due         int32 // days since 1970; noDue when there is none
	total, paid int64
}

// noDue marks an invoice without a due date in first.
const noDue = math.MinInt32

func (r *run) firstOf(inv domain.Invoice) first {
	f := first{total: inv.Total.Minor, paid: inv.PaidOutside.Minor, due: noDue, credit: inv.Kind == domain.KindCreditNote}
	f.file = r.fileIndex(inv.SourceFile)
	f.line = uint32(min(max(inv.SourceLine, 0), math.MaxUint32))
	copy(f.currency[:], inv.Currency)
	if !inv.DueDate.IsZero() {
		// Due dates are days; the days of 5.8 million years fit.
		f.due = int32(max(min(inv.DueDate.Unix()/86400, math.MaxInt32), math.MinInt32+1))
	}
	return f
}

func (r *run) fileIndex(name string) uint16 {
	if n := len(r.names); n > 0 && r.names[n-1] == name {
		return uint16(n - 1)
	}
	if i := slices.Index(r.names, name); i >= 0 {
		return uint16(i)
	}
	if len(r.names) == math.MaxUint16 {
		return math.MaxUint16 - 1 // the last name stands for the files beyond it
	}
	r.names = append(r.names, name)
	return uint16(len(r.names) - 1)
}

func (r *run) placeOf(f first) place { return place{r.names[f.file], int(f.line)} }

// differences names what two records of one number disagree on, none
// when they are the same invoice (a UBL and a CII of one invoice, say).
func (r *run) differences(f first, inv domain.Invoice) []domain.Text {
	g := r.firstOf(inv)
	currency := string(bytes.TrimRight(f.currency[:], "\x00"))
	var d []domain.Text
	if f.currency != g.currency {
		d = append(d, domain.Say("import.differs.currency", inv.Currency, currency))
	}
	if f.total != g.total {
		d = append(d, domain.Say("import.differs.total", inv.Total.Value(), domain.NewMoney(f.total, currency).Value()))
	}
	if f.paid != g.paid {
		d = append(d, domain.Say("import.differs.paid", inv.PaidOutside.Value(), domain.NewMoney(f.paid, currency).Value()))
	}
	if f.credit != g.credit {
		d = append(d, domain.Say("import.differs.kind", kindOf(g.credit), kindOf(f.credit)))
	}
	if f.due != g.due {
		d = append(d, domain.Say("import.differs.due", dueOf(g.due), dueOf(f.due)))
	}
	return d
}

// listOf joins things said into one, "a, b, c", each in the reader's words.
func listOf(items []domain.Text) domain.Text {
	list := items[0]
	for _, t := range items[1:] {
		list = domain.Say("import.list", list, t)
	}
	return list
}

// kindOf is the word for a document's kind.
func kindOf(credit bool) domain.Text {
	if credit {
		return domain.Say("import.kind." + string(domain.KindCreditNote))
	}
	return domain.Say("import.kind." + string(domain.KindInvoice))
}

// dueOf is a due date as a fact: the day, or the word for none.
func dueOf(days int32) any {
	if days == noDue {
		return domain.Say("import.no_due")
	}
	return time.Unix(int64(days)*86400, 0).UTC().Format(time.DateOnly)
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

func newRun(opt Options, size int) *run {
	return &run{opt: opt, size: size}
}

func (r *run) progress(p Progress) {
	if r.opt.Progress != nil {
		r.opt.Progress(p)
	}
}

// file is the report of the file being read; format starts it.
func (r *run) file(name string) *FileReport {
	if n := len(r.files); n > 0 && r.files[n-1].File == name {
		return &r.files[n-1]
	}
	r.files = append(r.files, FileReport{File: name})
	return &r.files[len(r.files)-1]
}

func (r *run) format(name string, format domain.Text) {
	if r.container != "" {
		r.file(r.container).Format = domain.Say("import.format.in_pdf", format, strings.TrimPrefix(name, r.container+" › "))
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
		parseCSV(r, name, bytesSource(data))
	case docPDF:
		parsePDF(r, name, data)
	case docZIP:
		r.format(name, domain.Say("import.format.zip"))
		r.fail(Problem{File: name, Says: domain.Say("import.zip")})
	case docUTF16:
		// Excel's "Unicode text" and some exports: CSV decodes it itself;
		// an XML document is read from its UTF-8 form.
		text, _, err := decodeText(data)
		switch {
		case err != nil:
			r.fail(Problem{File: name, Says: domain.Say("import.encoding", textOf(err))})
		case sniff(text) == docXML:
			parseXML(r, name, bytes.Replace(text, []byte(`encoding="UTF-16"`), []byte(`encoding="UTF-8"`), 1))
		default:
			parseCSV(r, name, bytesSource(data))
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
			probs = append(probs, Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: fe.Field, Says: textOf(fe.Err)})
		}
	}
	for _, p := range probs {
		r.fail(p)
	}
	if len(probs) == 0 && !inv.DueDate.IsZero() && inv.DueDate.Before(inv.IssueDate) {
		r.warn(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: domain.FieldDueDate,
			Says: domain.Say("import.due_before_issue", inv.DueDate.Format(time.DateOnly), inv.IssueDate.Format(time.DateOnly))})
	}
	if inv.Number != "" {
		first, dup, at := r.seen.find(inv.Number)
		if dup {
			switch diff := r.differences(first, inv); {
			case first.broken || len(probs) > 0:
				r.fail(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: domain.FieldNumber,
					Says: domain.Say("import.twice", inv.Number, r.placeOf(first).String())})
			case len(diff) > 0:
				r.fail(Problem{File: inv.SourceFile, Line: inv.SourceLine, Field: domain.FieldNumber,
					Says: domain.Say("import.twice_differs", inv.Number, listOf(diff), r.placeOf(first).String())})
			}
			return // the same invoice twice, as UBL and CII say, is one invoice
		}
		f := r.firstOf(inv)
		f.broken = len(probs) > 0
		r.seen.add(at, inv.Number, f)
	}
	f := r.file(inv.SourceFile)
	f.Count++
	if len(f.Rows) < previewRows {
		f.Rows = append(f.Rows, inv)
	}
	if len(r.problems) == 0 {
		r.pending = append(r.pending, inv)
		if r.size != keepAll && len(r.pending) >= r.size {
			r.flush()
		}
	}
}

// flush hands the pending invoices on as one batch; each batch is a slice
// of its own, so that put may keep it while the next one fills.
func (r *run) flush() {
	if len(r.pending) == 0 || len(r.problems) > 0 || r.putErr != nil || r.put == nil {
		return
	}
	r.putErr = r.put(r.pending)
	r.pending = make([]domain.Invoice, 0, r.size)
}

func (r *run) fail(p Problem) {
	r.problems = append(r.problems, p)
	r.pending = nil // nothing of this run will be handed on
}

func (r *run) result() (*Result, error) {
	res := &Result{Warnings: r.warnings, Files: r.files}
	switch {
	case len(r.problems) > 0:
		return res, &Error{Problems: r.problems}
	case r.putErr != nil:
		return res, r.putErr
	}
	if r.size == keepAll {
		res.Invoices = r.pending
	}
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
