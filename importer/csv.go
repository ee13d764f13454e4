package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/domain"
	"golang.org/x/text/encoding"
)

// parseCSV reads a spreadsheet export: a header row naming the columns, then
// one invoice per row. Every row is checked, so that all problems of the file
// are reported at once; only a broken quote stops the reading, because what
// follows it can no longer be split into fields reliably. The file is read
// from its source a chunk at a time, never whole.
func parseCSV(r *run, name string, src textSource) {
	enc, encName, err := detectEncoding(src)
	if err != nil {
		r.fail(Problem{File: name, Says: domain.Say("import.unreadable", err)})
		return
	}
	f := csvFile{run: r, name: name, src: src, enc: enc}
	defer f.close()
	head, err := f.head()
	if err != nil {
		f.syntaxError(err)
		return
	}
	delim, hinted := detectDelimiter(head)
	f.delim = delim
	if err := f.rewind(); err != nil {
		f.syntaxError(err)
		return
	}
	h, ok := f.readHeader(hinted)
	if !ok {
		r.format(name, domain.Say("import.format.csv", encName, delimName(delim)))
		return
	}
	rep := r.file(name)
	rep.Format = domain.Say("import.format.csv", encName, delimName(delim))
	if tool := exportTool(h); tool != "" {
		rep.Format = domain.Say("import.format.csv_tool", tool, encName, delimName(delim))
	}
	rep.Mapping, rep.Header = h.Mapping(), h.Key()
	f.readRows(h)
}

type csvFile struct {
	run    *run
	name   string
	src    textSource
	enc    encoding.Encoding // nil: UTF-8
	text   io.Closer         // the open source being read
	read   int64             // bytes of the source read in this pass
	reader *csv.Reader
	delim  rune
}

// headSize is how much of an export is enough to find its delimiter: the
// first line, and more than any header row needs.
const headSize = 64 << 10

// head returns the beginning of the text, as UTF-8.
func (f *csvFile) head() ([]byte, error) {
	rc, err := decoded(f.src, f.enc, nil)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, headSize))
	if err != nil {
		return nil, f.unreadable(err)
	}
	return b, nil
}

// rewind starts reading the text from its beginning.
func (f *csvFile) rewind() error {
	f.close()
	f.read = 0
	rc, err := decoded(f.src, f.enc, &f.read)
	if err != nil {
		return err
	}
	f.text = rc
	cr := csv.NewReader(rc)
	cr.Comma = f.delim
	cr.FieldsPerRecord = -1 // checked per row, with a message that helps
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = f.delim != '\t' // it would swallow tab delimiters
	f.reader = cr
	return nil
}

func (f *csvFile) close() {
	if f.text != nil {
		f.text.Close()
		f.text = nil
	}
}

// unreadable says what a read error means for an export that is not UTF-8.
func (f *csvFile) unreadable(err error) error {
	if f.enc == nil {
		return err
	}
	return refuse("import.undecodable", err)
}

// next returns the next record that is not blank and its first line; a row
// of empty cells, as spreadsheets write below the data, counts as blank.
func (f *csvFile) next() (rec []string, line int, err error) {
	for {
		rec, err = f.reader.Read()
		if err != nil {
			return nil, 0, err
		}
		if !blankRecord(rec) {
			line, _ = f.reader.FieldPos(0)
			return rec, line, nil
		}
	}
}

// maxPreamble is how many lines above the header a report export may
// carry (QuickBooks writes the report's title, company and period there).
const maxPreamble = 8

func (f *csvFile) readHeader(hinted bool) (*header, bool) {
	rec, line, err := f.next()
	if hinted && err == nil && len(rec) == 2 && rec[0] == "sep=" && rec[1] == "" {
		rec, line, err = f.next() // Excel's "sep=;" line names the delimiter, not the columns
	}
	for skipped := 0; err == nil && known(rec) == 0 && len(f.run.opt.Map) == 0 && skipped < maxPreamble && filled(rec) <= 2; skipped++ {
		rec, line, err = f.next() // a title line of a report, not the header
	}
	switch {
	case errors.Is(err, io.EOF):
		f.run.fail(Problem{File: f.name, Line: 1, Says: domain.Say("import.csv.empty")})
		return nil, false
	case err != nil:
		f.syntaxError(err)
		return nil, false
	}
	mapping := f.run.opt.Map
	if len(mapping) == 0 && f.run.opt.Remembered != nil {
		mapping = f.run.opt.Remembered(headerSet(rec))
	}
	h, probs := readHeader(f.name, line, rec, mapping)
	for _, p := range probs {
		f.run.fail(p)
	}
	return h, len(probs) == 0
}

// readRows reads the rows as invoices while it settles the day/month order
// of the date columns from the whole file. A row whose dates read the same
// in either order (ISO, dotted, none) is read at once; from the first row
// whose dates depend on the order on, the rest of the file is only looked
// at to settle it, then read again from that row as invoices. A file of
// ISO dates, or one whose order --date-order gives, is read once; either
// way one row is held at a time, never the whole file. Every row up to a broken quote is checked.
func (f *csvFile) readRows(h *header) {
	order := dateOrder{file: f.name, h: h}
	mark := len(f.run.problems)   // the date order's problems go before the rows'
	rows, done, resume := 0, 0, 0 // resume: the line of the first row read again
	settled := DayFirst           // for dates that read the same either way
	given := f.run.opt.DateOrder == DayFirst || f.run.opt.DateOrder == MonthFirst
	if given {
		settled = f.run.opt.DateOrder // --date-order: no row waits for the column
	}
	for f.run.putErr == nil {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.syntaxError(err)
			return
		}
		rows++
		fits := h.fits(rec)
		if fits {
			order.observe(line, rec)
			if resume == 0 && !given && !h.datesOrderFree(rec) {
				resume = line
			}
		}
		switch {
		case resume != 0:
			if rows%progressEvery == 0 {
				f.run.progress(Progress{File: f.name, Rows: done, Bytes: f.read, Size: f.src.size})
			}
		case f.row(h, line, rec, settled):
			if done++; done == progressEvery {
				f.reserve(done)
			}
			if done%progressEvery == 0 {
				f.run.progress(Progress{File: f.name, Rows: done, Bytes: f.read, Size: f.src.size})
			}
		}
	}
	if f.run.putErr != nil {
		return
	}
	if rows == 0 {
		f.run.fail(Problem{File: f.name, Line: h.line, Says: domain.Say("import.csv.no_rows")})
		return
	}
	dates, probs := order.result(f.run.opt.DateOrder)
	if len(probs) > 0 {
		f.run.problems = slices.Insert(f.run.problems, mark, probs...)
		f.run.pending = nil // nothing of this run will be handed on
	}
	if resume != 0 {
		if done = f.readFrom(h, resume, dates, rows, done); done < 0 {
			return
		}
	}
	f.run.progress(Progress{File: f.name, Rows: done, Total: rows, Bytes: f.read, Size: f.src.size})
}

// reserve makes room, when the run keeps every invoice, for as many as
// the file holds at the rate of the first rows, so that the list is not
// copied over and over as it grows. Only UTF-8 text is as long as its file.
func (f *csvFile) reserve(rows int) {
	r := f.run
	at := f.reader.InputOffset()
	if r.size != keepAll || f.enc != nil || at <= 0 || len(r.problems) > 0 {
		return
	}
	est := f.src.size * int64(rows) / at
	want := int(min(est+est/32, 1<<24)) // some over, for rows longer than the first
	r.pending = slices.Grow(r.pending, want-len(r.pending))
}

// readFrom reads the rows from line resume on again, as invoices with the
// settled date order; done rows were read before. It returns the rows read
// in all, or -1 when the reading stopped.
func (f *csvFile) readFrom(h *header, resume int, dates string, rows, done int) int {
	if err := f.rewind(); err != nil {
		f.syntaxError(err)
		return -1
	}
	for f.run.putErr == nil {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			return done
		}
		if err != nil {
			f.syntaxError(err) // not reached: the first reading read the same bytes
			return -1
		}
		if line < resume {
			continue // the header, what stands above it, and the rows read already
		}
		if f.row(h, line, rec, dates) {
			if done++; done%progressEvery == 0 {
				f.run.progress(Progress{File: f.name, Rows: done, Total: rows, Bytes: f.read, Size: f.src.size})
			}
		}
	}
	return -1
}

// row reads one record as an invoice; false when its shape does not fit
// the header, which is a problem of its own.
func (f *csvFile) row(h *header, line int, rec []string, dates string) bool {
	if !h.fits(rec) {
		f.run.fail(Problem{File: f.name, Line: line, Says: domain.Say("import.csv.width", len(rec), h.width, delimName(f.delim))})
		return false
	}
	f.run.add(h.invoice(f.name, line, rec, dates))
	return true
}

// syntaxError reports a quoting error; the reader cannot resync after one.
func (f *csvFile) syntaxError(err error) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		f.run.fail(Problem{File: f.name, Says: domain.Say("import.unreadable", f.unreadable(err))})
		return
	}
	var what domain.Text
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = domain.Say("import.csv.bare_quote")
	case errors.Is(pe.Err, csv.ErrQuote):
		what = domain.Say("import.csv.open_quote", delimName(f.delim))
	default:
		what = textOf(pe.Err)
	}
	at := domain.Say("import.csv.column", pe.Column)
	if pe.Line != pe.StartLine {
		at = domain.Say("import.csv.line_column", pe.Line, pe.Column)
	}
	f.run.fail(Problem{File: f.name, Line: pe.StartLine, Says: domain.Say("import.csv.syntax", at, what)})
}

// filled counts the cells that hold something.
func filled(rec []string) int {
	n := 0
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n
}

func blankRecord(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func delimName(d rune) domain.Text {
	if d == '\t' {
		return domain.Say("import.csv.tab")
	}
	return domain.Say("import.csv.delimiter", fmt.Sprintf("%q", d))
}

// detectDelimiter picks the separator that occurs most often, outside
// quotes, on the first line that is not empty. Excel's "sep=;" line, when
// present, says it outright.
func detectDelimiter(text []byte) (delim rune, hinted bool) {
	text = bytes.TrimLeft(text, "\r\n")
	if line, _, _ := bytes.Cut(text, []byte("\n")); len(bytes.TrimRight(line, "\r")) == 5 && bytes.HasPrefix(line, []byte("sep=")) {
		if c := rune(line[4]); c == ',' || c == ';' || c == '\t' {
			return c, true
		}
	}
	var commas, semicolons, tabs int
	inQuotes := false
scan:
	for _, c := range text {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			break scan
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		case c == '\t':
			tabs++
		}
	}
	switch {
	case tabs > 0 && tabs >= semicolons && tabs >= commas:
		return '\t', false
	case semicolons > 0 && semicolons >= commas:
		return ';', false
	}
	return ',', false
}
