package main

import (
	"strings"
	"testing"
)

// A mistyped manual payment is corrected by a logged counter-entry with a
// reason; nothing is deleted, and an entry is reversed only once.
func TestReverseAManualPayment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("M-1,Acme B.V.,1000.00")
	h.ok("record-payment", "M-1", "400.00", "--note", "bank transfer 12 Nov")
	var entries []manualJSON
	h.jsonOut(&entries, "record-payment", "M-1", "--list", "--json")
	if len(entries) != 1 || entries[0].Amount.Value != "400.00" || entries[0].Note == nil || *entries[0].Note != "bank transfer 12 Nov" {
		t.Fatalf("entries = %+v", entries)
	}
	entry := entries[0].Entry
	if r := h.fails("record-payment", "M-1", "--reverse", "1"); !strings.Contains(r.stderr, "Say why entry 1 is reversed") {
		t.Errorf("a reversal without a reason:\n%s", r)
	}
	out := h.ok("record-payment", "M-1", "--reverse", "1", "--note", "typed 400 for 40")
	if !strings.Contains(out, "Reversed entry 1 of M-1.") || !strings.Contains(out, "EUR 1,000.00") {
		t.Errorf("reversal said:\n%s", out)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if rows[0].Outstanding.Value != "1000.00" {
		t.Errorf("outstanding after the reversal: %s", rows[0].Outstanding.Value)
	}
	h.jsonOut(&entries, "record-payment", "M-1", "--list", "--json")
	if len(entries) != 2 || entries[1].Amount.Value != "-400.00" || entries[1].Reverses == nil || *entries[1].Reverses != entry {
		t.Errorf("entries after the reversal = %+v", entries)
	}
	if r := h.fails("record-payment", "M-1", "--reverse", "1", "--note", "again"); !strings.Contains(r.stderr, "already reversed") {
		t.Errorf("a second reversal:\n%s", r)
	}
	log := h.ok("log", "--invoice", "M-1")
	if !strings.Contains(log, "reversed manual entry 1 of EUR 400.00: typed 400 for 40") || !strings.Contains(log, "bank transfer 12 Nov") {
		t.Errorf("the log does not tell the entry and its reversal:\n%s", log)
	}
	if list := h.ok("record-payment", "M-1", "--list"); !strings.Contains(list, "reverses entry 1: typed 400 for 40") {
		t.Errorf("--list:\n%s", list)
	}
}
