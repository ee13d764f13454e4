package tui

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paydesk/paydesk/domain"
)

// invoiceTab is one of the filter tabs above the invoice list.
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

// Per-invoice facts the filter tabs test, computed once per load.
const (
	flagUnpaid uint8 = 1 << iota
	flagAwaiting
	flagPaid
	flagOverdue
)

var tabFlag = [tabCount]uint8{0, flagUnpaid, flagAwaiting, flagPaid, flagOverdue}

// invoiceSet is every invoice as last read, with what filtering and sorting
// need precomputed: a lowercase search key per invoice, the tab flags, and
// the sort orders. It is built off the UI goroutine and never changed after,
// except for the orders, which are computed on first use.
type invoiceSet struct {
	invs   []domain.Invoice
	keys   []string
	flags  []uint8
	counts [tabCount]int
	mode   domain.Mode
	today  time.Time
	// numberWidth is the widest invoice number, for the column.
	numberWidth int
	// mixed: more than one currency, so rows name theirs.
	mixed bool
	// amountWidth is the widest amount any row shows.
	amountWidth int

	mu     sync.Mutex
	orders [sortCount][]int32
}

// newInvoiceSet prepares invoices for the list. It runs in a Cmd.
func newInvoiceSet(invs []domain.Invoice, mode domain.Mode, now time.Time, sortBy sortOrder) *invoiceSet {
	s := &invoiceSet{invs: invs, keys: make([]string, len(invs)), flags: make([]uint8, len(invs)),
		mode: mode, today: domain.Date(now)}
	s.counts[tabAll] = len(invs)
	// The keys are only needed once someone searches: build them on the
	// other core while this one works out flags and order for the first frame.
	keysDone := make(chan struct{})
	go func() {
		searchKeys(invs, s.keys)
		close(keysDone)
	}()
	defer func() { <-keysDone }()
	for i := range invs {
		inv := &invs[i]
		f := invoiceFlags(inv, mode, s.today)
		s.flags[i] = f
		for t := tabUnpaid; t < tabCount; t++ {
			if f&tabFlag[t] != 0 {
				s.counts[t]++
			}
		}
		s.numberWidth = max(s.numberWidth, len(inv.Number))
		s.amountWidth = max(s.amountWidth, amountWidth(inv.Total), amountWidth(inv.Paid(mode)), amountWidth(inv.Outstanding(mode)))
		if inv.Currency != invs[0].Currency {
			s.mixed = true
		}
	}
	s.order(sortBy)
	return s
}

// searchKeys writes each invoice's lower-case "number NUL customer" into
// keys. The keys are cut out of one shared string: two allocations for the
// whole list instead of two per invoice, which at 100,000 invoices is a good
// part of the first frame.
func searchKeys(invs []domain.Invoice, keys []string) {
	size := 0
	for i := range invs {
		size += len(invs[i].Number) + 1 + len(invs[i].Customer)
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(invs))
	for i := range invs {
		buf = appendLower(buf, invs[i].Number)
		buf = append(buf, 0)
		buf = appendLower(buf, invs[i].Customer)
		ends[i] = len(buf)
	}
	all := string(buf)
	start := 0
	for i, end := range ends {
		keys[i] = all[start:end]
		start = end
	}
}

// appendLower appends s in lower case, byte by byte for ASCII.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s[i:])...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

func invoiceFlags(inv *domain.Invoice, mode domain.Mode, today time.Time) uint8 {
	var f uint8
	for _, t := range []struct {
		state domain.InvoiceState
		flag  uint8
	}{{domain.StateUnpaid, flagUnpaid}, {domain.StateAwaiting, flagAwaiting}, {domain.StatePaid, flagPaid}, {domain.StateOverdue, flagOverdue}} {
		if inv.Is(t.state, mode, today) {
			f |= t.flag
		}
	}
	return f
}

// amountWidth is how many cells an amount takes when written with grouping
// (1,234.56 and 1.234,56 alike), computed without formatting it.
func amountWidth(m domain.Money) int {
	n := m.Minor
	w := 0
	if n < 0 {
		w, n = 1, -n
	}
	digits := 1
	for v := n; v >= 10; v /= 10 {
		digits++
	}
	d := domain.Decimals(m.Currency)
	intDigits := max(1, digits-d)
	w += intDigits + (intDigits-1)/3
	if d > 0 {
		w += d + 1
	}
	return w
}

// order returns the indexes of all invoices in the given order. Ties keep
// the order of the number, so that equal rows never swap between frames.
func (s *invoiceSet) order(by sortOrder) []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.orders[by]; o != nil {
		return o
	}
	byNumber := s.numberOrder()
	if by == sortNumber {
		s.orders[by] = byNumber
		return byNumber
	}
	// Sorting precomputed integer keys is several times faster than
	// comparing invoices: 100,000 of them are sorted on every read.
	keys := make([]sortKey, len(byNumber))
	var groups map[string]int64
	switch by {
	case sortAmount:
		groups = s.ranks(func(inv *domain.Invoice) string { return inv.Currency })
	case sortCustomer:
		groups = s.ranks(func(inv *domain.Invoice) string { return strings.ToLower(inv.Customer) })
	}
	for rank, i := range byNumber {
		inv := &s.invs[i]
		k := sortKey{rank: int32(rank), i: i}
		switch by {
		case sortDue:
			k.key = math.MaxInt64 // invoices without a due date last
			if !inv.DueDate.IsZero() {
				k.key = inv.DueDate.Unix()
			}
		case sortAmount:
			// Amounts in different currencies do not compare: group by
			// currency, the largest owed first within each.
			k.group, k.key = groups[inv.Currency], -inv.Outstanding(s.mode).Minor
		case sortCustomer:
			k.key = groups[strings.ToLower(inv.Customer)]
		}
		keys[rank] = k
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if a.group != b.group {
			return cmp.Compare(a.group, b.group)
		}
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Compare(a.rank, b.rank)
	})
	o := make([]int32, len(keys))
	for j, k := range keys {
		o[j] = k.i
	}
	s.orders[by] = o
	return o
}

// ranks numbers the distinct values of field in sorted order, so that
// sorting compares integers instead of strings.
func (s *invoiceSet) ranks(field func(*domain.Invoice) string) map[string]int64 {
	seen := map[string]int64{}
	for i := range s.invs {
		seen[field(&s.invs[i])] = 0
	}
	values := slices.Sorted(maps.Keys(seen))
	for r, v := range values {
		seen[v] = int64(r)
	}
	return seen
}

type sortKey struct {
	group int64 // compared first: the currency of an amount
	key   int64
	rank  int32 // position in number order
	i     int32
}

// numberOrder is the invoices by number. The store already lists them so,
// which is checked rather than assumed.
func (s *invoiceSet) numberOrder() []int32 {
	if o := s.orders[sortNumber]; o != nil {
		return o
	}
	o := make([]int32, len(s.invs))
	for i := range o {
		o[i] = int32(i)
	}
	invs := s.invs
	if !slices.IsSortedFunc(invs, func(a, b domain.Invoice) int { return cmp.Compare(a.Number, b.Number) }) {
		slices.SortFunc(o, func(a, b int32) int { return cmp.Compare(invs[a].Number, invs[b].Number) })
	}
	s.orders[sortNumber] = o
	return o
}

// find returns the index of the invoice with the number, or -1.
func (s *invoiceSet) find(number string) int32 {
	for i := range s.invs {
		if s.invs[i].Number == number {
			return int32(i)
		}
	}
	return -1
}
