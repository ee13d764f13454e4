package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// invoiceTab is one of the filter tabs above the invoice list, in the
// order of domain.InvoiceTabs.
type invoiceTab int

const (
	tabAll invoiceTab = iota
	tabUnpaid
	tabAwaiting
	tabPaid
	tabOverdue
	tabCount
)

func (t invoiceTab) key() string {
	return [...]string{"tui.tab.all", "tui.tab.unpaid", "tui.tab.awaiting", "tui.tab.paid", "tui.tab.overdue"}[t]
}

// filter is the tab's filter in domain's vocabulary.
func (t invoiceTab) filter() domain.InvoiceState { return domain.InvoiceTabs[t] }

// sortOrder is how the invoice list is ordered.
type sortOrder int

const (
	sortDue sortOrder = iota
	sortAmount
	sortNumber
	sortCustomer
	sortCount
)

func (s sortOrder) key() string {
	return [...]string{"tui.sort.due", "tui.sort.amount", "tui.sort.number", "tui.sort.customer"}[s]
}

// name is how a sort order is remembered.
func (s sortOrder) name() string {
	return [...]string{"due", "amount", "number", "customer"}[s]
}

// order is the sort order in domain's terms.
func (s sortOrder) order() domain.InvoiceOrder {
	return [...]domain.InvoiceOrder{domain.OrderDue, domain.OrderOwed, domain.OrderNumber, domain.OrderCustomer}[s]
}

// parseSort reads a remembered order: "due", "amount:reverse", ….
func parseSort(v string) (by sortOrder, reverse, ok bool) {
	name, rev := strings.CutSuffix(v, ":reverse")
	for s := range sortCount {
		if s.name() == name {
			return s, rev, true
		}
	}
	return sortDue, false, false
}

// invoiceList is the invoice table. It never holds the whole book: it keeps
// a window of rows around the visible ones, read from the store one page
// at a time (keyset pages through an index, so any page costs the same in
// a million invoices), and reads the next page in the background as the
// cursor nears either end of what it holds. The counts on the tabs come
// from the store too. Moving the cursor costs the same with ten invoices or
// a million.
type invoiceList struct {
	sh     *shared
	tab    invoiceTab
	query  string // the search as typed
	sortBy sortOrder
	// reverse turns the order around.
	reverse bool

	// gen numbers the list's contents: a new search, tab, order or a
	// fresh read makes a new generation, and reads asked for under an
	// older one are dropped when they arrive.
	gen uint64
	// loading: a read that replaces the rows is on its way.
	loading bool
	loaded  bool // rows were read at least once
	mode    domain.Mode
	today   time.Time

	rows           []domain.Invoice // the window held, in list order
	atStart, atEnd bool             // rows begin at the list's first row, end at its last
	extending      [2]bool          // a read adding to the front, the back is running

	counts        domain.InvoiceCounts
	countsGen     uint64
	countsReading bool
	// stopWindow and stopCounts cancel the reads running for an older
	// generation: a search typed quickly would otherwise leave one running
	// per letter, each competing with the read of the current one.
	stopWindow, stopCounts context.CancelFunc
	// memo holds the first pages of the last searches, for the next.
	memo searchMemo

	// numberWidth is the widest invoice number held, for the column.
	numberWidth int
	// mixed: more than one currency held, so rows name theirs.
	mixed bool
	// amountWidth is the widest amount any held row shows.
	amountWidth int

	nav     scroller // the cursor and the visible window over rows
	width   int
	statusW int // the status column's width, once measured

	// drawn keeps each held row as last drawn unselected, for the columns
	// drawnFor: a cursor move redraws only the rows it leaves and enters.
	// measure (the rows changed) and restyle (the look changed) empty it.
	drawn    []string
	drawnFor invoiceColumns
}

// Sizes of the reads: a page is a few screens, the window held at most a
// few pages; the cursor never gets nearer than margin rows to an end of the
// window that is not the list's before the next page is asked for.
const (
	minPage      = 64
	pagesHeld    = 4
	marginScreen = 2
)

func newInvoiceList(sh *shared) *invoiceList {
	return &invoiceList{sh: sh, sortBy: sortDue}
}

func (l *invoiceList) pageSize() int { return max(minPage, 3*l.nav.rows) }
func (l *invoiceList) margin() int   { return marginScreen * l.nav.rows }

// windowRead is what a read that replaces the rows asks for.
type windowRead struct {
	gen     uint64
	filter  domain.InvoiceState
	search  string
	order   domain.InvoiceOrder
	reverse bool
	limit   int
	last    bool // the end of the list
	// anchor is an invoice to read around and put the cursor on; its key
	// as last read places the window where it was when it left the list.
	anchor    string
	anchorKey *domain.InvoiceKey
	line      int // the screen line the cursor stays on
	// epoch is the memo's when the read began; hint is what the memo
	// knew of the read's search (searchMemo.hint).
	epoch uint64
	hint  *memoPage
}

// invoiceWindowMsg carries the rows of a windowRead.
type invoiceWindowMsg struct {
	read           windowRead
	load           uint64 // the root's read generation; 0 when the list asked
	rows           []domain.Invoice
	atStart, atEnd bool
	mode           domain.Mode
	today          time.Time
	err            error
}

// invoiceMoreMsg carries a page that extends the window at one end.
type invoiceMoreMsg struct {
	gen   uint64
	front bool
	edge  string // the number of the row it continues from
	rows  []domain.Invoice
	full  bool // as many rows as asked: the list goes on
	err   error
}

// invoiceCountsMsg carries the counts of the tabs.
type invoiceCountsMsg struct {
	gen    uint64
	counts domain.InvoiceCounts
	err    error
}

// newRead starts a generation and describes a read of its rows.
func (l *invoiceList) newRead() windowRead {
	l.gen++
	l.loading = true
	l.extending = [2]bool{}
	return windowRead{gen: l.gen, filter: l.tab.filter(), search: l.query, order: l.sortBy.order(),
		reverse: l.reverse, limit: l.pageSize(), epoch: l.memo.epoch}
}

// reload reads the rows again around the selected invoice, which keeps
// its place on screen when it is still listed. load is the root's read
// generation.
func (l *invoiceList) reload(load uint64) tea.Cmd {
	r := l.newRead()
	if inv, ok := l.Selected(); ok {
		k := inv.Key(r.order, l.mode)
		r.anchor, r.anchorKey, r.line = inv.Number, &k, l.nav.cursor-l.nav.offset
	}
	return tea.Batch(l.readWindow(r, load), l.readCounts())
}

// restart reads the list from its start, after the search, tab or order
// changed; the counts follow a new search.
func (l *invoiceList) restart(counts bool) tea.Cmd {
	r := l.newRead()
	r.hint = l.memo.hint(r, l.mode)
	cmd := l.readWindow(r, 0)
	if counts {
		return tea.Batch(cmd, l.readCounts())
	}
	return cmd
}

// toEnd reads the list's last page and puts the cursor on its last row.
func (l *invoiceList) toEnd() tea.Cmd {
	r := l.newRead()
	r.last = true
	return l.readWindow(r, 0)
}

// showNumber reads the list around an invoice and selects it.
func (l *invoiceList) showNumber(number string) tea.Cmd {
	r := l.newRead()
	r.anchor = number
	return l.readWindow(r, 0)
}

func (l *invoiceList) readWindow(r windowRead, load uint64) tea.Cmd {
	if l.stopWindow != nil {
		l.stopWindow()
	}
	svc := l.sh.svc
	ctx, stop := context.WithCancel(l.sh.ctx)
	l.stopWindow = stop
	return func() tea.Msg {
		defer stop()
		msg := invoiceWindowMsg{read: r, load: load, mode: svc.Mode(ctx), today: svc.Now()}
		msg.rows, msg.atStart, msg.atEnd, msg.err = readWindow(ctx, svc, r, msg.mode, msg.today)
		return msg
	}
}

// readWindow reads the rows a windowRead asks for. Around an anchor it
// reads a page before it and a page from it on; the invoice is read first
// so that, when it changed, the window goes where it is now.
func readWindow(ctx context.Context, svc *domain.Service, r windowRead, mode domain.Mode, today time.Time) (rows []domain.Invoice, atStart, atEnd bool, err error) {
	p := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Filter: r.filter, Search: r.search, Mode: mode, Today: today},
		Order: r.order, Reverse: r.reverse, Limit: r.limit}
	switch {
	case r.last:
		p.Last = true
		rows, err = svc.InvoicePage(ctx, p)
		return rows, len(rows) < p.Limit, true, err
	case r.anchor != "":
		at := r.anchorKey
		if inv, err := svc.Invoice(ctx, r.anchor); err == nil && p.Matches(inv) {
			k := inv.Key(r.order, mode)
			at = &k
		}
		if at == nil {
			break
		}
		before := p
		before.Before = at
		front, err := svc.InvoicePage(ctx, before)
		if err != nil {
			return nil, false, false, err
		}
		if len(front) > 0 {
			k := front[len(front)-1].Key(r.order, mode)
			p.After = &k
		}
		back, err := svc.InvoicePage(ctx, p)
		return append(front, back...), len(front) < r.limit, len(back) < r.limit, err
	}
	if r.hint.usable(r, mode, today) {
		return startFrom(ctx, svc, p, *r.hint)
	}
	rows, err = svc.InvoicePage(ctx, p)
	return rows, true, len(rows) < p.Limit, err
}

// startFrom reads the first page p asks for with what the memo knew of
// it: the page itself, or a page of a search that p's narrows. No invoice
// comes before that search's first match (a row holding p's search holds
// that one too), so the read starts after it, and it leads when it
// matches p as well; without matches there, p has none either.
func startFrom(ctx context.Context, svc *domain.Service, p domain.InvoicePage, h memoPage) (rows []domain.Invoice, atStart, atEnd bool, err error) {
	switch {
	case h.folded == domain.Fold(p.Search):
		return slices.Clone(h.rows), true, h.atEnd, nil
	case len(h.rows) == 0:
		return nil, true, true, nil
	}
	first := h.rows[0]
	k := first.Key(p.Order, p.Mode)
	p.After = &k
	if rows, err = svc.InvoicePage(ctx, p); err != nil {
		return nil, false, false, err
	}
	atEnd = len(rows) < p.Limit
	if p.Matches(first) {
		rows = append([]domain.Invoice{first}, rows...)
	}
	return rows, true, atEnd, nil
}

func (l *invoiceList) readCounts() tea.Cmd {
	l.countsGen++
	l.countsReading = true
	if l.stopCounts != nil {
		l.stopCounts()
	}
	ctx, stop := context.WithCancel(l.sh.ctx)
	l.stopCounts = stop
	gen, svc := l.countsGen, l.sh.svc
	filter, search := l.tab.filter(), l.query
	return func() tea.Msg {
		defer stop()
		q := domain.InvoiceQuery{Filter: filter, Search: search, Mode: svc.Mode(ctx), Today: svc.Now()}
		c, err := svc.CountInvoices(ctx, q)
		return invoiceCountsMsg{gen: gen, counts: c, err: err}
	}
}

// applyWindow shows the rows of a read of the current generation; false
// when it was dropped. missing is an anchor asked for that is not listed.
func (l *invoiceList) applyWindow(msg invoiceWindowMsg) (applied bool, missing string) {
	if msg.read.gen != l.gen {
		return false, ""
	}
	l.loading = false
	if msg.err != nil {
		return true, ""
	}
	l.loaded = true
	l.memo.remember(msg)
	l.mode, l.today = msg.mode, msg.today
	l.rows, l.atStart, l.atEnd = msg.rows, msg.atStart, msg.atEnd
	l.measure()
	cursor, line := 0, 0
	r := msg.read
	switch {
	case r.last:
		cursor, line = len(l.rows)-1, l.nav.rows-1
	case r.anchor != "":
		cursor, line = -1, r.line
		for i := range l.rows {
			if l.rows[i].Number == r.anchor {
				cursor = i
				break
			}
		}
		if cursor < 0 {
			// It left the list: the cursor goes to the row that took
			// its place.
			cursor = 0
			if r.anchorKey == nil {
				missing = r.anchor
			} else {
				cursor = l.firstAfter(*r.anchorKey)
			}
		}
	}
	l.nav.Place(len(l.rows), cursor, cursor-line)
	return true, missing
}

// firstAfter is the index of the first held row after key in list order.
func (l *invoiceList) firstAfter(key domain.InvoiceKey) int {
	by := l.sortBy.order()
	for i := range l.rows {
		c := l.rows[i].Key(by, l.mode).Compare(key)
		if l.reverse {
			c = -c
		}
		if c > 0 {
			return i
		}
	}
	return len(l.rows) - 1
}

// applyMore adds a page at one end of the window, when it still continues
// the row it was read from, and lets go of rows far from the cursor.
func (l *invoiceList) applyMore(msg invoiceMoreMsg) {
	if msg.gen != l.gen {
		return
	}
	end := 1
	if msg.front {
		end = 0
	}
	l.extending[end] = false
	if msg.err != nil || len(l.rows) == 0 {
		return
	}
	edge := l.rows[len(l.rows)-1].Number
	if msg.front {
		edge = l.rows[0].Number
	}
	if edge != msg.edge {
		return
	}
	cursor, offset := l.nav.cursor, l.nav.offset
	if msg.front {
		l.rows = append(msg.rows, l.rows...)
		l.atStart = !msg.full
		cursor, offset = cursor+len(msg.rows), offset+len(msg.rows)
	} else {
		l.rows = append(l.rows, msg.rows...)
		l.atEnd = !msg.full
	}
	if held := pagesHeld * l.pageSize(); len(l.rows) > held {
		if cursor > len(l.rows)/2 {
			cut := min(cursor-l.margin()-l.nav.rows, len(l.rows)-held)
			if cut > 0 {
				l.rows = append([]domain.Invoice(nil), l.rows[cut:]...)
				l.atStart = false
				cursor, offset = cursor-cut, offset-cut
			}
		} else {
			keep := max(cursor+l.margin()+l.nav.rows, held)
			if keep < len(l.rows) {
				l.rows = l.rows[:keep:keep]
				l.atEnd = false
			}
		}
	}
	l.measure()
	l.nav.Place(len(l.rows), cursor, offset)
}

// extend asks for the next page at an end of the window the cursor came
// near, unless that end is the list's or a read is already on its way.
func (l *invoiceList) extend() tea.Cmd {
	if l.loading || len(l.rows) == 0 {
		return nil
	}
	var cmds []tea.Cmd
	if !l.atStart && !l.extending[0] && l.nav.cursor < l.margin() {
		cmds = append(cmds, l.readMore(true))
	}
	if !l.atEnd && !l.extending[1] && len(l.rows)-1-l.nav.cursor < l.margin()+l.nav.rows {
		cmds = append(cmds, l.readMore(false))
	}
	return tea.Batch(cmds...)
}

func (l *invoiceList) readMore(front bool) tea.Cmd {
	edge := l.rows[len(l.rows)-1]
	if front {
		edge = l.rows[0]
		l.extending[0] = true
	} else {
		l.extending[1] = true
	}
	from := edge.Key(l.sortBy.order(), l.mode)
	p := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Filter: l.tab.filter(), Search: l.query, Mode: l.mode, Today: l.today},
		Order: l.sortBy.order(), Reverse: l.reverse, Limit: l.pageSize()}
	if front {
		p.Before = &from
	} else {
		p.After = &from
	}
	svc, ctx, gen := l.sh.svc, l.sh.ctx, l.gen
	return func() tea.Msg {
		rows, err := svc.InvoicePage(ctx, p)
		return invoiceMoreMsg{gen: gen, front: front, edge: edge.Number, rows: rows, full: len(rows) == p.Limit, err: err}
	}
}

// applyCounts shows the counts of the latest read of them.
func (l *invoiceList) applyCounts(msg invoiceCountsMsg) bool {
	if msg.gen != l.countsGen {
		return false
	}
	l.countsReading = false
	if msg.err != nil {
		return false
	}
	l.counts = msg.counts
	return true
}

// settled reports whether no read of the list is on its way.
func (l *invoiceList) settled() bool { return l.shown() && !l.countsReading }

// shown reports whether the rows asked for are on screen (the counts may
// still be on their way).
func (l *invoiceList) shown() bool { return !l.loading && !l.extending[0] && !l.extending[1] }

// measure sizes the columns for the rows held.
func (l *invoiceList) measure() {
	l.drawn = nil
	l.numberWidth, l.amountWidth, l.mixed = 0, 0, false
	for i := range l.rows {
		inv := &l.rows[i]
		l.numberWidth = max(l.numberWidth, len(inv.Number))
		l.amountWidth = max(l.amountWidth, amountWidth(inv.Total), amountWidth(inv.Paid(l.mode)), amountWidth(inv.Outstanding(l.mode)))
		if inv.Currency != l.rows[0].Currency {
			l.mixed = true
		}
	}
}

// Keys moves the cursor for the navigation keys, reading the list's start
// or end when the window does not hold it; false for any other key.
func (l *invoiceList) Keys(k KeyMap, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, k.Top) && !l.atStart:
		return l.restart(false), true
	case key.Matches(msg, k.Bottom) && !l.atEnd:
		return l.toEnd(), true
	case l.nav.Keys(k, msg):
		return l.extend(), true
	}
	return nil, false
}

// SetTab shows only the invoices of a filter tab.
func (l *invoiceList) SetTab(t invoiceTab) tea.Cmd {
	l.tab = t
	return l.restart(false)
}

// SetSort orders the list, reversed or not.
func (l *invoiceList) SetSort(s sortOrder, reverse bool) tea.Cmd {
	l.sortBy, l.reverse = s, reverse
	return l.restart(false)
}

// sortName is the order as it is remembered.
func (l *invoiceList) sortName() string {
	if l.reverse {
		return l.sortBy.name() + ":reverse"
	}
	return l.sortBy.name()
}

// SetQuery narrows the list to invoices whose number or customer contains q.
func (l *invoiceList) SetQuery(q string) tea.Cmd {
	if q == l.query {
		return nil
	}
	l.query = q
	return l.restart(true)
}

// Selected is the invoice under the cursor.
func (l *invoiceList) Selected() (domain.Invoice, bool) {
	if l.nav.cursor < 0 || l.nav.cursor >= len(l.rows) {
		return domain.Invoice{}, false
	}
	return l.rows[l.nav.cursor], true
}

// SelectedNumber is the number of the invoice under the cursor.
func (l *invoiceList) SelectedNumber() (string, bool) {
	inv, ok := l.Selected()
	return inv.Number, ok
}

// Select puts the cursor on an invoice the window holds; false if it does
// not hold it.
func (l *invoiceList) Select(number string) bool {
	if i, ok := l.find(number); ok {
		l.nav.SetCursor(i)
		return true
	}
	return false
}

// find is the index of a held invoice.
func (l *invoiceList) find(number string) (int, bool) {
	for i := range l.rows {
		if l.rows[i].Number == number {
			return i, true
		}
	}
	return 0, false
}

// Len is the number of invoices the tab and the search let through, as
// the store counted them (a lower bound when Count says AtLeast).
func (l *invoiceList) Len() int { return l.Count().N }

// Count is how many invoices the tab and the search let through, as the
// store counted them, or the rows held before it has.
func (l *invoiceList) Count() domain.TabCount {
	if c, ok := l.counts[l.tab.filter()]; ok {
		return c
	}
	return domain.TabCount{N: len(l.rows)}
}

// SetSize sets the width and the number of visible rows (the header excluded).
func (l *invoiceList) SetSize(width, rows int) {
	l.width = width
	l.nav.SetRows(rows)
}
