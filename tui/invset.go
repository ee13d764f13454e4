package tui

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

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
	sortCount
)

func (s sortOrder) key() string {
	return [...]string{"tui.sort.due", "tui.sort.amount", "tui.sort.number"}[s]
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

	mu     sync.Mutex
	orders [sortCount][]int32
}

// newInvoiceSet prepares invoices for the list. It runs in a Cmd.
func newInvoiceSet(invs []domain.Invoice, mode domain.Mode, now time.Time, sortBy sortOrder) *invoiceSet {
	s := &invoiceSet{invs: invs, keys: make([]string, len(invs)), flags: make([]uint8, len(invs)),
		mode: mode, today: domain.Date(now)}
	s.counts[tabAll] = len(invs)
	for i := range invs {
		inv := &invs[i]
		s.keys[i] = strings.ToLower(inv.Number + "\x00" + inv.Customer)
		f := invoiceFlags(inv, mode, s.today)
		s.flags[i] = f
		for t := tabUnpaid; t < tabCount; t++ {
			if f&tabFlag[t] != 0 {
				s.counts[t]++
			}
		}
		s.numberWidth = max(s.numberWidth, len(inv.Number))
		if inv.Currency != invs[0].Currency {
			s.mixed = true
		}
	}
	s.order(sortBy)
	return s
}

func invoiceFlags(inv *domain.Invoice, mode domain.Mode, today time.Time) uint8 {
	var f uint8
	if inv.Payable(mode) {
		f |= flagUnpaid
	}
	if lp := inv.LastPayment; lp != nil && lp.Mode == mode && !lp.Status.Final() {
		f |= flagAwaiting
	}
	if inv.Kind == domain.KindInvoice && inv.Total.IsPositive() && !inv.Outstanding(mode).IsPositive() {
		f |= flagPaid
	}
	if inv.Overdue(mode, today) {
		f |= flagOverdue
	}
	return f
}

// order returns the indexes of all invoices in the given order.
func (s *invoiceSet) order(by sortOrder) []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.orders[by]; o != nil {
		return o
	}
	o := make([]int32, len(s.invs))
	for i := range o {
		o[i] = int32(i)
	}
	invs := s.invs
	byNumber := func(a, b int32) int { return cmp.Compare(invs[a].Number, invs[b].Number) }
	switch by {
	case sortNumber:
		slices.SortFunc(o, byNumber)
	case sortDue:
		slices.SortFunc(o, func(a, b int32) int {
			da, db := invs[a].DueDate, invs[b].DueDate
			switch {
			case da.IsZero() != db.IsZero():
				if da.IsZero() {
					return 1 // invoices without a due date last
				}
				return -1
			case !da.Equal(db):
				return da.Compare(db)
			}
			return byNumber(a, b)
		})
	case sortAmount:
		mode := s.mode
		slices.SortFunc(o, func(a, b int32) int {
			if c := cmp.Compare(invs[b].Outstanding(mode).Minor, invs[a].Outstanding(mode).Minor); c != 0 {
				return c
			}
			return byNumber(a, b)
		})
	}
	s.orders[by] = o
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
