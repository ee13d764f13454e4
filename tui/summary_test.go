package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mock"
)

// The summary follows writes made elsewhere without a key press: money
// recorded by hand moves an overdue amount out of its bucket.
func TestSummaryIsLive(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("5")
	d.until("the summary", func(m Model) bool { return m.active == screenSummary && m.summary.loaded })
	owed := func(m Model) domain.Money { return m.summary.r.Currencies[0].Owed[domain.Overdue31To60] }
	if got := owed(d.m); got != eur(1_200_000) {
		t.Fatalf("31–60 days overdue: %v, want EUR 12,000.00\n%s", got, d.screenText())
	}
	if text := d.screenText(); !strings.Contains(text, "31–60 days overdue") || !strings.Contains(text, "12,000.00") ||
		!strings.Contains(text, "Open payment links: 2") {
		t.Fatalf("summary:\n%s", text)
	}
	other := domain.NewService(domain.ServiceConfig{Store: f.store, Gateways: f.mollie.Gateways(), Clock: mock.NewClock(testNow), Actor: "bob"})
	if _, err := other.RecordPayment(context.Background(), "INV-2026-005", eur(1_200_000), "bank"); err != nil {
		t.Fatal(err)
	}
	d.until("the recorded payment in the summary", func(m Model) bool { return owed(m).IsZero() })
}

// The summary scans the whole book, so it is read only while it is shown:
// a write seen elsewhere leaves it out of date, and showing it reads it.
func TestSummaryIsReadOnlyWhereShown(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	if d.m.summaryRead.gen != 0 || d.m.summary.loaded {
		t.Fatalf("the summary was read for the invoice list (%d reads)", d.m.summaryRead.gen)
	}
	d.key("5")
	d.until("the summary", func(m Model) bool { return m.summary.loaded && !m.summaryRead.running })
	owed := func(m Model) domain.Money { return m.summary.r.Currencies[0].Owed[domain.Overdue31To60] }
	d.key("1")
	other := domain.NewService(domain.ServiceConfig{Store: f.store, Gateways: f.mollie.Gateways(), Clock: mock.NewClock(testNow), Actor: "bob"})
	if _, err := other.RecordPayment(context.Background(), "INV-2026-005", eur(1_200_000), "bank"); err != nil {
		t.Fatal(err)
	}
	d.until("the write seen", func(m Model) bool { return m.summaryStale })
	if reads := d.m.summaryRead.gen; reads != 1 || owed(d.m).IsZero() {
		t.Fatalf("the summary was read %d times, owing %v, while not shown", reads, owed(d.m))
	}
	d.key("5")
	d.until("the recorded payment in the summary", func(m Model) bool { return owed(m).IsZero() })
}

// On every screen, in every language and at 80 and 120 columns, the help
// bar keeps "? help" and "q quit", leaving out less important keys instead.
func TestHelpBarKeepsHelpAndQuit(t *testing.T) {
	f := newFixture(t)
	for _, lang := range []string{"en", "de", "nl"} {
		p := i18n.New(lang)
		help, quit := "? "+p.T("tui.key.help"), "q "+p.T("tui.key.quit")
		for _, width := range []int{80, 100, 120} {
			d := f.start(t, Options{Lang: lang, Color: "never"}, width, 24)
			for _, k := range []string{"2", "3", "4", "5", "1", "enter"} {
				d.key(k)
				lines := strings.Split(d.screenText(), "\n")
				bar := lines[len(lines)-1]
				if !strings.Contains(bar, help) || !strings.Contains(bar, quit) || strings.Contains(bar, "…") {
					t.Errorf("%s, %d columns, after %q: the help bar is %q", lang, width, k, bar)
				}
			}
		}
	}
}

// The help explains the signs no key explains: "!" and the sync state.
func TestHelpExplainsTheSigns(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.key("?")
	text := d.screenText()
	for _, want := range []string{"! – after a due date: overdue", "sync: here – this terminal asks Mollie"} {
		if !strings.Contains(text, want) {
			t.Errorf("the help does not explain %q:\n%s", want, text)
		}
	}
}

// At 80×20 the compact pane takes only the lines its facts fill and the
// list gets the rest.
func TestCompactPaneLeavesNoEmptyLines(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 20)
	d.selectInvoice("INV-2026-001") // no payment: few facts
	lines := strings.Split(d.screenText(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "│") && strings.TrimSpace(strings.Trim(l, "│")) == "" {
			t.Fatalf("line %d of the pane is empty:\n%s", i, d.screenText())
		}
	}
	if rows := d.m.invoices.list.nav.rows; rows <= 4 {
		t.Fatalf("the list shows %d rows", rows)
	}
}

// Without colour a placeholder is marked, so it does not look typed.
func TestPlaceholdersWithoutColourAreMarked(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.key("/")
	if text := d.screenText(); !strings.Contains(text, "‹") {
		t.Fatalf("the search placeholder looks typed:\n%s", text)
	}
}

// A summary taller than the screen scrolls as every text does: end shows
// its last lines, the wheel and home move back.
func TestSummaryScrollsLikeEveryText(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("5")
	d.until("the summary", func(m Model) bool { return m.active == screenSummary && m.summary.loaded })
	s := d.m.summary
	s.SetSize(120, 4)
	n := len(s.lines())
	if n <= 4+wheelStep {
		t.Fatalf("the summary has only %d lines", n)
	}
	s.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	if first, _ := s.nav.Window(); first != n-4 || !strings.Contains(s.View(), strings.TrimSpace(ansi.Strip(s.lines()[n-1]))) {
		t.Fatalf("end: first line %d of %d\n%s", first, n, s.View())
	}
	s.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if first, _ := s.nav.Window(); first != n-4-wheelStep {
		t.Fatalf("wheel up: first line %d, want %d", first, n-4-wheelStep)
	}
	s.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	if first, _ := s.nav.Window(); first != 0 {
		t.Fatalf("home: first line %d", first)
	}
}
