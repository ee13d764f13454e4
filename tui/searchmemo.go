package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// searchMemo remembers the first pages of the last few searches of the
// invoice list, as read since the book last changed, so that a search
// typed a letter at a time costs little more than its first letters:
//
//   - erasing a letter goes back to a search read moments ago, whose
//     first page is shown again without a read;
//   - adding one narrows the search, and every invoice the new search
//     finds holds the old one, so none comes before the old search's
//     first match: the read starts there instead of at the top, where a
//     common search would otherwise test every row it passes.
//
// Both hold only while the book is as it was read: forget empties the
// memo whenever it changes, and a read begun before that is not kept.
type searchMemo struct {
	epoch   uint64 // counts the changes of the book forgotten
	entries []memoPage
}

// memoLen is how many searches are remembered: a word or two typed.
const memoLen = 16

// memoPage is the first page of one search of the list.
type memoPage struct {
	memoKey
	folded string // the search in Fold's form
	rows   []domain.Invoice
	limit  int  // the page size asked for
	atEnd  bool // rows are the search's every match
}

// memoKey is all else a page's rows depend on.
type memoKey struct {
	filter  domain.InvoiceState
	order   domain.InvoiceOrder
	reverse bool
	mode    domain.Mode
	day     time.Time // the query's day; the overdue tab depends on it
}

// keyOf is the memo's key of a read of the list's start.
func keyOf(r windowRead, mode domain.Mode, today time.Time) memoKey {
	y, m, d := today.Date()
	return memoKey{filter: r.filter, order: r.order, reverse: r.reverse, mode: mode, day: time.Date(y, m, d, 0, 0, 0, 0, today.Location())}
}

// forget empties the memo: the book changed.
func (m *searchMemo) forget() {
	m.epoch++
	m.entries = nil
}

// remember keeps the rows of a read of the list's start, unless the book
// changed since the read began.
func (m *searchMemo) remember(msg invoiceWindowMsg) {
	r := msg.read
	if r.epoch != m.epoch || r.search == "" || r.last || r.anchor != "" || msg.err != nil {
		return
	}
	e := memoPage{memoKey: keyOf(r, msg.mode, msg.today), folded: domain.Fold(r.search),
		rows: slices.Clone(msg.rows), limit: r.limit, atEnd: msg.atEnd}
	m.entries = slices.DeleteFunc(m.entries, func(o memoPage) bool { return o.memoKey == e.memoKey && o.folded == e.folded })
	if len(m.entries) >= memoLen {
		m.entries = slices.Delete(m.entries, 0, len(m.entries)-memoLen+1)
	}
	m.entries = append(m.entries, e)
}

// hint is what the memo knows of a read of the list's start: the page
// itself, or of the searches the read's narrows, the one whose first match
// is furthest on; nil when it knows nothing. The read checks the mode and
// the day (hint.usable). It is a copy, which the read may use on its own
// goroutine while the memo changes; the rows it shares are never written.
func (m *searchMemo) hint(r windowRead, mode domain.Mode) *memoPage {
	if r.search == "" || r.last || r.anchor != "" {
		return nil
	}
	folded := domain.Fold(r.search)
	order := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Mode: mode}, Order: r.order, Reverse: r.reverse}
	var best *memoPage
	for i := range m.entries {
		e := &m.entries[i]
		if e.filter != r.filter || e.order != r.order || e.reverse != r.reverse || e.mode != mode || !strings.Contains(folded, e.folded) {
			continue
		}
		if e.folded == folded {
			if e.limit >= r.limit || e.atEnd {
				c := *e
				return &c
			}
			continue
		}
		if best == nil || furtherOn(order, *e, *best) {
			c := *e
			best = &c
		}
	}
	return best
}

// furtherOn reports whether a's first match comes after b's in the list:
// a search without matches comes after any.
func furtherOn(order domain.InvoicePage, a, b memoPage) bool {
	switch {
	case len(b.rows) == 0:
		return false
	case len(a.rows) == 0:
		return true
	}
	return order.Compare(a.rows[0], b.rows[0]) > 0
}

// usable reports whether the page was read in the mode and on the day of
// a read.
func (e *memoPage) usable(r windowRead, mode domain.Mode, today time.Time) bool {
	return e != nil && e.memoKey == keyOf(r, mode, today)
}
