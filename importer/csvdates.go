package importer

import (
	"strconv"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// Day/month orders for dates written with slashes and the year last
// (03/04/2026): Europe writes the day first, the United States the month.
// Dotted and dashed dates (03.04.2026, 03-04-2026) are day first, as the
// German and Dutch tools that write them mean, unless --date-order says mdy.
const (
	DayFirst   = "dmy"
	MonthFirst = "mdy"
)

// dateOrder settles the order of the file's date columns from all their
// values: a first part above 12 can only be a day, a second part above 12
// only a day too. A file that shows both is refused; a file whose dates all
// fit both orders is refused unless --date-order says which. It sees every
// row once (observe) before the rows are read as invoices.
type dateOrder struct {
	file                            string
	h                               *header
	dayFirst, monthFirst, ambiguous *place
	dayText, monthText, ambText     string
	title                           string
}

func (d *dateOrder) observe(line int, fields []string) {
	for _, c := range []column{colIssueDate, colDueDate} {
		if !d.h.has(c) {
			continue
		}
		s := d.h.cell(fields, c)
		a, b, ok := leadingParts(s)
		switch {
		case !ok || a == b:
		case a > 12 && b <= 12 && d.dayFirst == nil:
			d.dayFirst, d.dayText = &place{d.file, line}, s
		case b > 12 && a <= 12 && d.monthFirst == nil:
			d.monthFirst, d.monthText = &place{d.file, line}, s
		case a <= 12 && b <= 12 && d.ambiguous == nil:
			d.ambiguous, d.ambText, d.title = &place{d.file, line}, s, strings.TrimSpace(d.h.titles[d.h.index[c]])
		}
	}
}

// datesOrderFree reports whether the record's dates read the same in
// either day/month order, so that it can be read before the order is
// settled.
func (h *header) datesOrderFree(fields []string) bool {
	for _, c := range []column{colIssueDate, colDueDate} {
		if h.has(c) && !orderFree(h.cell(fields, c)) {
			return false
		}
	}
	return true
}

// fieldDate names the file's date columns together, where their order is
// in question.
const fieldDate = "date"

func (d *dateOrder) result(option string) (string, []Problem) {
	if option == DayFirst || option == MonthFirst {
		return option, nil
	}
	switch {
	case d.dayFirst != nil && d.monthFirst != nil:
		return "", []Problem{{File: d.file, Line: d.monthFirst.line, Field: fieldDate,
			Says: domain.Say("import.csv.dates_mixed", d.monthText, d.dayText, d.dayFirst.line)}}
	case d.dayFirst != nil:
		return DayFirst, nil
	case d.monthFirst != nil:
		return MonthFirst, nil
	case d.ambiguous != nil:
		return "", []Problem{{File: d.file, Line: d.ambiguous.line, Field: fieldDate,
			Says: domain.Say("import.csv.dates_ambiguous", d.ambText, d.title)}}
	}
	return DayFirst, nil
}

// leadingParts reads the first two numbers of a date written with slashes
// and the year last; ok is false for any other form.
func leadingParts(s string) (a, b int, ok bool) {
	if strings.Count(s, "/") != 2 {
		return 0, 0, false
	}
	parts := strings.Split(s, "/")
	if len(parts[2]) != 4 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	return a, b, err1 == nil && err2 == nil
}
