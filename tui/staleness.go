package tui

import (
	"hash/fnv"
	"strconv"

	"github.com/paydesk/paydesk/domain"
)

// staleAfter is how many clock ticks (seconds) the invoices may lag behind
// a database that changed in a way none of the small reads noticed.
const staleAfter = 30

// staleness decides when to read all invoices again. The database changes
// every second while a sync process renews its lease, and reading 100,000
// invoices takes a good part of a second, so they are read again only when
// the log shows new rows, the payments changed, or the connection's mode
// changed; as a safety net, also half a minute after any unexplained write.
type staleness struct {
	dirty     bool   // the database changed since the invoices were read
	ticks     int    // clock ticks since it changed
	paySum    uint64 // fingerprint of the payments last read
	paysKnown bool
}

// changed notes a write to the database.
func (s *staleness) changed() { s.dirty = true }

// reading notes that the invoices are being read.
func (s *staleness) reading() { s.dirty, s.ticks = false, 0 }

// tick reports whether the safety net is due.
func (s *staleness) tick() bool {
	if !s.dirty {
		return false
	}
	s.ticks++
	return s.ticks >= staleAfter
}

// payments reports whether the payments differ from the last read in
// anything an invoice row shows.
func (s *staleness) payments(rows []domain.Payment) bool {
	h := fnv.New64a()
	for _, p := range rows {
		h.Write(strconv.AppendInt(nil, p.ID, 10))
		h.Write([]byte{0})
		h.Write([]byte(p.Status))
		h.Write([]byte{0})
		h.Write(strconv.AppendInt(nil, p.AmountRefunded.Minor, 10))
		h.Write([]byte{0})
		h.Write(strconv.AppendInt(nil, p.AmountChargedBack.Minor, 10))
		h.Write([]byte{0})
		h.Write([]byte(p.URL))
		for _, a := range p.Attempts {
			h.Write([]byte(a.Status))
			h.Write(strconv.AppendInt(nil, a.AmountRefunded.Minor+a.AmountChargedBack.Minor, 10))
		}
		h.Write([]byte{1})
	}
	sum := h.Sum64()
	changed := s.paysKnown && sum != s.paySum
	s.paySum, s.paysKnown = sum, true
	return changed
}
