package domain

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// InvoiceOrder is an order the invoice list offers. Every order ends with
// the invoice number, so no two invoices tie and a page can start after
// any row (keyset pagination).
type InvoiceOrder int

const (
	// OrderDue: by due date, invoices without one last.
	OrderDue InvoiceOrder = iota
	// OrderOwed: by currency, and within one the largest amount owed
	// first; amounts in different currencies do not compare.
	OrderOwed
	// OrderNumber: by invoice number, byte by byte.
	OrderNumber
	// OrderCustomer: by the customer's name in Fold's form.
	OrderCustomer
	// InvoiceOrders counts the orders.
	InvoiceOrders
)

// InvoiceKey is an invoice's place in an order: invoices compare by Text,
// then Int, then Number. An order leaves the fields it does not use empty.
type InvoiceKey struct {
	Text   string
	Int    int64
	Number string
}

// Compare orders two keys as the order they belong to does.
func (k InvoiceKey) Compare(o InvoiceKey) int {
	if c := strings.Compare(k.Text, o.Text); c != 0 {
		return c
	}
	if c := cmp.Compare(k.Int, o.Int); c != 0 {
		return c
	}
	return strings.Compare(k.Number, o.Number)
}

// NoDueDate is the due-date key of an invoice without one, so that it
// sorts after every dated invoice.
const NoDueDate = math.MaxInt64

// Key is the invoice's place in an order, with amounts in mode. Stores
// keep the same values in indexed columns: the due date in Unix
// nanoseconds, minus the amount owed, the folded customer.
func (inv Invoice) Key(by InvoiceOrder, mode Mode) InvoiceKey {
	k := InvoiceKey{Number: inv.Number}
	switch by {
	case OrderDue:
		k.Int = NoDueDate
		if !inv.DueDate.IsZero() {
			k.Int = inv.DueDate.UnixNano()
		}
	case OrderOwed:
		k.Text, k.Int = inv.Currency, -inv.Outstanding(mode).Minor
	case OrderCustomer:
		k.Text = Fold(inv.Customer)
	}
	return k
}

// Fold is the form in which searching compares text and the customer
// order sorts it: lower case, so that "müller" finds "MÜLLER GmbH".
func Fold(s string) string { return strings.ToLower(s) }

// InvoiceTabs are the filters the invoice list offers as tabs, "" being
// every invoice; each means what Invoice.Is says.
var InvoiceTabs = []InvoiceState{"", StateUnpaid, StateAwaiting, StatePaid, StateOverdue}

// InvoiceQuery picks invoices: those a filter lets through whose number or
// customer contains the search text, with amounts in a mode as of a day.
type InvoiceQuery struct {
	Filter InvoiceState // one of InvoiceTabs
	Search string       // as typed; compared in Fold's form
	Mode   Mode
	Today  time.Time
}

// Check refuses a query a store cannot answer.
func (q InvoiceQuery) Check() error {
	if q.Mode != ModeLive && q.Mode != ModeTest {
		return fmt.Errorf("invoice query: mode %q is neither live nor test", q.Mode)
	}
	for _, t := range InvoiceTabs {
		if q.Filter == t {
			return nil
		}
	}
	return fmt.Errorf("invoice query: %q is not one of the list's filters", q.Filter)
}

// Matches reports whether the query picks the invoice; stores answer the
// same in SQL.
func (q InvoiceQuery) Matches(inv Invoice) bool {
	if q.Filter != "" && !inv.Is(q.Filter, q.Mode, q.Today) {
		return false
	}
	if q.Search == "" {
		return true
	}
	s := Fold(q.Search)
	return strings.Contains(Fold(inv.Number), s) || strings.Contains(Fold(inv.Customer), s)
}

// OverdueBefore is the due date before which an unpaid invoice is overdue
// on the query's day, in Unix nanoseconds as stores keep dates.
func (q InvoiceQuery) OverdueBefore() int64 { return startOfDay(q.Today).UnixNano() }

// InvoicePage asks for one window of the invoice list: at most Limit
// invoices the query picks, in Order (turned around when Reverse), either
// the first ones, those right after After, those right before Before, or
// (Last) the final ones. Rows come in list order either way. A page is an
// index seek from the key, so paging costs the same anywhere in a million
// invoices, and rows that change between pages move without others being
// skipped or repeated.
type InvoicePage struct {
	InvoiceQuery
	Order   InvoiceOrder
	Reverse bool
	After   *InvoiceKey
	Before  *InvoiceKey
	Last    bool
	Limit   int
}

// Check refuses a page a store cannot answer.
func (p InvoicePage) Check() error {
	if err := p.InvoiceQuery.Check(); err != nil {
		return err
	}
	switch {
	case p.Order < 0 || p.Order >= InvoiceOrders:
		return fmt.Errorf("invoice page: no order %d", p.Order)
	case p.Limit <= 0:
		return fmt.Errorf("invoice page: the limit %d is not positive", p.Limit)
	case p.After != nil && p.Before != nil, p.Last && (p.After != nil || p.Before != nil):
		return fmt.Errorf("invoice page: give one of after, before and last")
	}
	return nil
}

// Backward reports whether the page is read from its end: before a key,
// or the last rows.
func (p InvoicePage) Backward() bool { return p.Before != nil || p.Last }

// Descending reports whether the store reads its index downwards.
func (p InvoicePage) Descending() bool { return p.Reverse != p.Backward() }

// From is the key the page starts from, or nil.
func (p InvoicePage) From() *InvoiceKey {
	if p.After != nil {
		return p.After
	}
	return p.Before
}

// Compare orders two invoices as the page's list shows them.
func (p InvoicePage) Compare(a, b Invoice) int {
	c := a.Key(p.Order, p.Mode).Compare(b.Key(p.Order, p.Mode))
	if p.Reverse {
		return -c
	}
	return c
}

// SearchCountCap is how far the tabs are counted under a search. A search
// of a letter or two matches much of a large book, and counting all of it
// would cost a pass over every invoice at each keystroke; past this many
// matches the tabs say "at least". Counting a thousand matches costs about
// 10 ms of CPU wherever they are, which keeps the counts within what a
// keystroke may take; ten thousand would cost ten times that.
const SearchCountCap = 1_000

// TabCount is how many invoices a tab holds: N exactly, or with AtLeast,
// N or more (counting stopped early).
type TabCount struct {
	N       int
	AtLeast bool
}

// InvoiceCounts is how many invoices each tab of the list holds.
type InvoiceCounts map[InvoiceState]TabCount

// CountTabs counts what each tab holds among invs for the query's search,
// mode and day; stores count the same in SQL. Without a search every count
// is exact. With one, counting stops after upTo+1 matches of the search,
// taken in the order of invs (a store takes them in its own order): when
// the search matches no more than upTo invoices every count is exact;
// otherwise the whole list says {upTo, AtLeast} and each tab at least what
// it holds among the matches counted (at most upTo), so that a search
// costs the same however much of the book it matches.
func CountTabs(q InvoiceQuery, invs []Invoice, upTo int) InvoiceCounts {
	n := make([]int, len(InvoiceTabs))
	matched := 0
	for _, inv := range invs {
		if q.Search != "" && matched > upTo {
			break
		}
		q.Filter = ""
		if !q.Matches(inv) {
			continue
		}
		matched++
		for i, t := range InvoiceTabs {
			q.Filter = t
			if q.Matches(inv) {
				n[i]++
			}
		}
	}
	return CappedCounts(n, q.Search != "" && matched > upTo, upTo)
}

// CappedCounts are the counts n of InvoiceTabs, in order: exact, or when
// counting stopped after more than upTo matches, each at least what it
// found and no more than upTo.
func CappedCounts(n []int, stopped bool, upTo int) InvoiceCounts {
	c := InvoiceCounts{}
	for i, t := range InvoiceTabs {
		if stopped {
			c[t] = TabCount{N: min(n[i], upTo), AtLeast: true}
		} else {
			c[t] = TabCount{N: n[i]}
		}
	}
	return c
}

// PageOf answers p over invs in memory, as stores answer it through their
// indexes: the in-memory store uses it, and the store contract checks the
// others against it.
func PageOf(p InvoicePage, invs []Invoice) []Invoice {
	var rows []Invoice
	for _, inv := range invs {
		if p.Matches(inv) {
			rows = append(rows, inv)
		}
	}
	slices.SortFunc(rows, p.Compare)
	// beyond: where the rows after key (in list order) begin.
	beyond := func(key InvoiceKey, orEqual bool) int {
		i, _ := slices.BinarySearchFunc(rows, key, func(inv Invoice, k InvoiceKey) int {
			c := inv.Key(p.Order, p.Mode).Compare(k)
			if p.Reverse {
				c = -c
			}
			if c == 0 && !orEqual {
				return -1 // the key's own row is not after it
			}
			return c
		})
		return i
	}
	switch {
	case p.After != nil:
		rows = rows[beyond(*p.After, false):]
	case p.Before != nil:
		rows = rows[:beyond(*p.Before, true)]
	}
	if p.Backward() {
		return slices.Clone(rows[max(0, len(rows)-p.Limit):])
	}
	return slices.Clone(rows[:min(len(rows), p.Limit)])
}
