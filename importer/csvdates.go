package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// Day/month orders for dates written with slashes and the year last
// (03/04/2026): Europe writes the day first, the United States the month.
// Dotted and dashed dates (03.04.2026, 03-04-2026) are day first, as the
// German and Dutch tools that write them mean, unless --date-order says mdy.
const (
	DayFirst   = "dmy"
	MonthFirst = "mdy"
)

// settleDateOrder decides the order of the file's date columns from all
// their values: a first part above 12 can only be a day, a second part
// above 12 only a day too. A file that shows both is refused; a file whose
// dates all fit both orders is refused unless --date-order says which.
func settleDateOrder(file string, h *header, rows []record, option string) (string, []Problem) {
	if option == DayFirst || option == MonthFirst {
		return option, nil
	}
	var dayFirst, monthFirst, ambiguous *place
	var dayText, monthText, ambText, title string
	for _, c := range []column{colIssueDate, colDueDate} {
		if !h.has(c) {
			continue
		}
		for _, row := range rows {
			if row.fields == nil {
				continue
			}
			s := h.cell(row.fields, c)
			a, b, ok := leadingParts(s)
			switch {
			case !ok || a == b:
			case a > 12 && b <= 12 && dayFirst == nil:
				dayFirst, dayText = &place{file, row.line}, s
			case b > 12 && a <= 12 && monthFirst == nil:
				monthFirst, monthText = &place{file, row.line}, s
			case a <= 12 && b <= 12 && ambiguous == nil:
				ambiguous, ambText, title = &place{file, row.line}, s, strings.TrimSpace(h.titles[h.index[c]])
			}
		}
	}
	switch {
	case dayFirst != nil && monthFirst != nil:
		return "", []Problem{{File: file, Line: monthFirst.line, Field: "date", Message: fmt.Sprintf(
			"%q puts the month first but %q at line %d puts the day first; write all dates one way (2026-11-26 is clearest)", monthText, dayText, dayFirst.line)}}
	case dayFirst != nil:
		return DayFirst, nil
	case monthFirst != nil:
		return MonthFirst, nil
	case ambiguous != nil:
		return "", []Problem{{File: file, Line: ambiguous.line, Field: "date", Message: fmt.Sprintf(
			"%q in the column %q could be day/month or month/day, and no date in the file settles it; import again with --date-order dmy (day first) or --date-order mdy (month first)", ambText, title)}}
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
