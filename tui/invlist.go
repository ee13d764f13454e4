package tui

import (
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// invoiceList is the invoice table. It keeps every invoice in memory and a
// slice of indexes for what the tab and the search let through, in the
// chosen order, and draws only the rows that fit on screen: moving the
// cursor costs the same with ten invoices or a hundred thousand.
type invoiceList struct {
	sh     *shared
	set    *invoiceSet
	tab    invoiceTab
	query  string // lowercase search text
	sortBy sortOrder
	// reverse turns the order around.
	reverse bool

	index []int32 // positions in set.invs that pass, in order
	spare []int32 // the other buffer, reused for the next filtering

	// What index was last computed from, so a longer search narrows the
	// current result instead of scanning everything again.
	doneSet   *invoiceSet
	doneTab   invoiceTab
	doneSort  sortOrder
	doneRev   bool
	doneQuery string

	nav     scroller // the cursor and the visible window over index
	width   int
	statusW int // the status column's width, once measured
}

func newInvoiceList(sh *shared) *invoiceList {
	return &invoiceList{sh: sh, sortBy: sortDue}
}

// SetInvoices replaces the data, keeping the selected invoice selected.
func (l *invoiceList) SetInvoices(set *invoiceSet) {
	number, ok := l.SelectedNumber()
	l.set = set
	l.refilter()
	if ok {
		l.Select(number)
	}
}

// SetTab shows only the invoices of a filter tab.
func (l *invoiceList) SetTab(t invoiceTab) {
	l.tab = t
	l.refilter()
}

// SetSort orders the list, reversed or not.
func (l *invoiceList) SetSort(s sortOrder, reverse bool) {
	l.sortBy, l.reverse = s, reverse
	l.refilter()
}

// sortName is the order as it is remembered.
func (l *invoiceList) sortName() string {
	if l.reverse {
		return l.sortBy.name() + ":reverse"
	}
	return l.sortBy.name()
}

// SetQuery narrows the list to invoices whose number or customer contains q.
func (l *invoiceList) SetQuery(q string) {
	l.query = strings.ToLower(q)
	l.refilter()
}

func (l *invoiceList) refilter() {
	if l.set == nil {
		l.index = l.index[:0]
		return
	}
	selected := l.selectedPos()
	src, backwards := l.set.order(l.sortBy), l.reverse
	if l.doneSet == l.set && l.doneTab == l.tab && l.doneSort == l.sortBy && l.doneRev == l.reverse && strings.HasPrefix(l.query, l.doneQuery) {
		src, backwards = l.index, false // every match of the longer text is among the current matches
	}
	want, q := tabFlag[l.tab], l.query
	keys, flags := l.set.keys, l.set.flags
	out := l.spare[:0]
	for j := range src {
		i := src[j]
		if backwards {
			i = src[len(src)-1-j]
		}
		if want != 0 && flags[i]&want == 0 {
			continue
		}
		if q != "" && !strings.Contains(keys[i], q) {
			continue
		}
		out = append(out, i)
	}
	l.spare, l.index = l.index, out
	l.doneSet, l.doneTab, l.doneSort, l.doneRev, l.doneQuery = l.set, l.tab, l.sortBy, l.reverse, l.query

	cursor := 0
	if selected >= 0 {
		for row, i := range l.index {
			if i == selected {
				cursor = row
				break
			}
		}
	}
	l.nav.SetLen(len(l.index))
	l.nav.SetCursor(cursor)
}

// selectedPos is the selected invoice's position in set.invs, or -1.
func (l *invoiceList) selectedPos() int32 {
	if l.nav.cursor < 0 || l.nav.cursor >= len(l.index) {
		return -1
	}
	return l.index[l.nav.cursor]
}

// Selected is the invoice under the cursor.
func (l *invoiceList) Selected() (domain.Invoice, bool) {
	pos := l.selectedPos()
	if pos < 0 || l.set == nil {
		return domain.Invoice{}, false
	}
	return l.set.invs[pos], true
}

// SelectedNumber is the number of the invoice under the cursor.
func (l *invoiceList) SelectedNumber() (string, bool) {
	pos := l.selectedPos()
	if pos < 0 || l.set == nil {
		return "", false
	}
	return l.set.invs[pos].Number, true
}

// Select puts the cursor on an invoice; false if it is not in the list.
func (l *invoiceList) Select(number string) bool {
	if l.set == nil {
		return false
	}
	invs := l.set.invs
	for row, i := range l.index {
		if invs[i].Number == number {
			l.nav.SetCursor(row)
			return true
		}
	}
	return false
}

// Len is the number of rows that pass the filters.
func (l *invoiceList) Len() int { return len(l.index) }

// SetSize sets the width and the number of visible rows (the header excluded).
func (l *invoiceList) SetSize(width, rows int) {
	l.width = width
	l.nav.SetRows(rows)
}
