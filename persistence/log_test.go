package persistence

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

func appendLog(t *testing.T, s *Store, e domain.LogEntry) domain.LogEntry {
	t.Helper()
	got, err := s.AppendLog(context.Background(), e)
	if err != nil {
		t.Fatalf("AppendLog: %v", err)
	}
	return got
}

func logIDs(t *testing.T, s *Store, f domain.LogFilter) string {
	t.Helper()
	es, err := s.Log(context.Background(), f)
	if err != nil {
		t.Fatalf("Log(%+v): %v", f, err)
	}
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return fmt.Sprint(ids)
}

func TestLogFilters(t *testing.T) {
	s := openTest(t)
	entries := []domain.LogEntry{
		{Level: domain.LevelInfo, Event: domain.EventImport, Message: "imported 3 invoices"},
		{Level: domain.LevelInfo, Event: domain.EventCreate, InvoiceNumber: "A-1", MollieID: "pl_AbC", Message: "link created", HTTPStatus: 201},
		{Level: domain.LevelWarn, Event: domain.EventSync, Message: "Mollie slow: 100% busy"},
		{Level: domain.LevelError, Event: domain.EventStatus, InvoiceNumber: "A-1", MollieID: "tr_x", Message: "refused", HTTPStatus: 422},
	}
	for i, e := range entries {
		e.At, e.Actor = t0.Add(time.Duration(i)*time.Second), "anna"
		got := appendLog(t, s, e)
		if got.ID != int64(i+1) {
			t.Fatalf("entry %d got id %d", i, got.ID)
		}
	}
	for _, tc := range []struct {
		name string
		f    domain.LogFilter
		want string
	}{
		{"all, newest first", domain.LogFilter{}, "[4 3 2 1]"},
		{"limit", domain.LogFilter{Limit: 2}, "[4 3]"},
		{"invoice", domain.LogFilter{InvoiceNumber: "A-1"}, "[4 2]"},
		{"warn and worse", domain.LogFilter{Level: domain.LevelWarn}, "[4 3]"},
		{"error", domain.LogFilter{Level: domain.LevelError}, "[4]"},
		{"info is everything", domain.LogFilter{Level: domain.LevelInfo}, "[4 3 2 1]"},
		{"text in message, any case", domain.LogFilter{Text: "LINK"}, "[2]"},
		{"text in mollie id", domain.LogFilter{Text: "abc"}, "[2]"},
		{"text in invoice", domain.LogFilter{Text: "a-1"}, "[4 2]"},
		{"text in event", domain.LogFilter{Text: "sync"}, "[3]"},
		{"percent is literal", domain.LogFilter{Text: "100%"}, "[3]"},
		{"underscore is literal", domain.LogFilter{Text: "link_created"}, "[]"},
		{"following", domain.LogFilter{AfterID: 2}, "[4 3]"},
		{"combined", domain.LogFilter{InvoiceNumber: "A-1", Level: domain.LevelWarn, Text: "refused", AfterID: 1}, "[4]"},
	} {
		if got := logIDs(t, s, tc.f); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	es, _ := s.Log(context.Background(), domain.LogFilter{Limit: 1})
	want := entries[3]
	want.ID, want.At, want.Actor = 4, t0.Add(3*time.Second), "anna"
	if !reflect.DeepEqual(es[0], want) {
		t.Fatalf("entry read back %+v, want %+v", es[0], want)
	}
}

// What an entry says comes back with every fact's type, so the reader's
// language can format it; an old row without it keeps its message.
func TestLogKeepsWhatAnEntrySays(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	says := domain.Say("log.archived", domain.NewMoney(10000, "EUR"), domain.NewMoney(7000, "EUR")).
		Because(domain.Fail(domain.WhyNoLink, "INV-1").Because(&domain.GatewayError{HTTPStatus: 503, Title: "Service Unavailable"}))
	if _, err := s.AppendLog(ctx, domain.LogEntry{At: at, Event: domain.EventArchive, Says: says, Message: says.String()}); err != nil {
		t.Fatal(err)
	}
	es, err := s.Log(ctx, domain.LogFilter{})
	if err != nil || len(es) != 1 {
		t.Fatalf("read back %v, %v", es, err)
	}
	if !reflect.DeepEqual(es[0].Says, says) {
		t.Errorf("says read back %#v\nwant %#v", es[0].Says, says)
	}
}

func TestLogRefusesBadEntries(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.AppendLog(ctx, domain.LogEntry{Level: "debug", At: t0, Event: domain.EventSync}); err == nil {
		t.Error("unknown level accepted")
	}
	if _, err := s.AppendLog(ctx, domain.LogEntry{Event: domain.EventSync}); err == nil {
		t.Error("entry without time accepted")
	}
	e, err := s.AppendLog(ctx, domain.LogEntry{At: t0, Event: domain.EventSync})
	if err != nil || e.Level != domain.LevelInfo {
		t.Fatalf("entry without level: %+v, %v", e, err)
	}
}

func TestFollowingTheLogAcrossPruning(t *testing.T) {
	s := openTest(t)
	last := appendLog(t, s, domain.LogEntry{At: t0, Event: domain.EventSync})
	if n, err := s.PruneLog(context.Background(), t0.Add(time.Hour), 0); err != nil || n != 1 {
		t.Fatalf("PruneLog = %d, %v", n, err)
	}
	next := appendLog(t, s, domain.LogEntry{At: t0.Add(2 * time.Hour), Event: domain.EventSync})
	if next.ID <= last.ID {
		t.Fatalf("id %d reused after pruning (last seen %d)", next.ID, last.ID)
	}
	if got := logIDs(t, s, domain.LogFilter{AfterID: last.ID}); got != fmt.Sprintf("[%d]", next.ID) {
		t.Fatalf("following after pruning: %s", got)
	}
}

func TestPruneLogKeepsNewest(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i := range 10 {
		appendLog(t, s, domain.LogEntry{At: t0.Add(time.Duration(i) * time.Hour), Event: domain.EventSync, Message: fmt.Sprint(i)})
	}
	// Entries 1..8 are older than the cut; the newest 5 (6..10) stay anyway.
	n, err := s.PruneLog(ctx, t0.Add(7*time.Hour+time.Minute), 5)
	if err != nil || n != 5 {
		t.Fatalf("PruneLog = %d, %v; want 5", n, err)
	}
	if got := logIDs(t, s, domain.LogFilter{}); got != "[10 9 8 7 6]" {
		t.Fatalf("after pruning: %s", got)
	}
	// Only entries older than the cut go, even if keep allows more.
	n, err = s.PruneLog(ctx, t0.Add(6*time.Hour), 0)
	if err != nil || n != 1 {
		t.Fatalf("second PruneLog = %d, %v; want 1", n, err)
	}
	// Fewer entries than keep: nothing goes.
	if n, err := s.PruneLog(ctx, t0.Add(100*time.Hour), 10); err != nil || n != 0 {
		t.Fatalf("PruneLog with keep above the count = %d, %v", n, err)
	}
	if n, err := s.PruneLog(ctx, time.Time{}, 0); err != nil || n != 0 {
		t.Fatalf("PruneLog before the zero time = %d, %v", n, err)
	}
	if got := logIDs(t, s, domain.LogFilter{}); got != "[10 9 8 7]" {
		t.Fatalf("after pruning: %s", got)
	}
}
