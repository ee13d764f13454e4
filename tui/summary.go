package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// summaryScreen is screen 5, receivables at a glance: per currency what is
// owed by how late it is, as horizontal bars, what came in through Mollie,
// and how many links are open. It is read again after every write while it
// is shown, and on showing it after one, so it stays live.
type summaryScreen struct {
	sh     *shared
	r      domain.Receivables
	loaded bool
	nav    scroller // a pager over the lines, when the summary is taller than the screen
	width  int
	height int
}

func newSummaryScreen(sh *shared) *summaryScreen {
	return &summaryScreen{sh: sh, nav: scroller{pager: true}}
}

func (s *summaryScreen) Capturing() bool { return false }

func (s *summaryScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.nav.Fit(len(s.lines()), s.height)
}

// SetReceivables shows a fresh summary.
func (s *summaryScreen) SetReceivables(r domain.Receivables) {
	s.r, s.loaded = r, true
	s.nav.Fit(len(s.lines()), s.height)
}

// Name is the screen's name in the nav line.
func (s *summaryScreen) Name() string { return s.sh.p.T("tui.screen.summary") }

// restyle has nothing to do: the screen keeps no copy of the styles.
func (s *summaryScreen) restyle() {}
func (s *summaryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		s.nav.Keys(s.sh.keys, msg)
	case tea.MouseWheelMsg:
		s.nav.Wheel(msg)
	}
	return nil
}

func (s *summaryScreen) View() string {
	return s.nav.Page(s.lines(), s.width, s.height)
}

// Summary columns: the bucket's name (as wide as the longest), the amount,
// the number of invoices; the bar takes the rest of the line.
const (
	sumAmtW   = 16
	sumCountW = 7
	sumBarMax = 48
)

func (s *summaryScreen) lines() []string {
	p, st := s.sh.p, s.sh.styles
	if !s.loaded {
		return []string{st.Muted.Render(p.T("tui.loading"))}
	}
	r := s.r
	out := []string{st.Title.Render(p.T("tui.summary.title", p.Date(r.At), p.Mode(r.Mode)))}
	if len(r.Currencies) == 0 {
		out = append(out, "", p.T("tui.summary.nothing"))
	}
	labelW := cellWidth(p.T("tui.summary.total"))
	for b := range domain.AgeBuckets {
		labelW = max(labelW, cellWidth(p.T("tui.summary.bucket."+strconv.Itoa(int(b)))))
	}
	barW := max(4, min(sumBarMax, s.width-labelW-sumAmtW-sumCountW-3))
	for _, c := range r.Currencies {
		var most int64
		n := 0
		for b, owed := range c.Owed {
			most = max(most, owed.Minor)
			n += c.Invoices[b]
		}
		out = append(out, "",
			st.ColHeader.Render(fit(c.Currency, labelW)+" "+fitRight(p.T("tui.summary.owed"), sumAmtW)+" "+fitRight(p.T("tui.summary.invoices"), sumCountW)))
		for b, owed := range c.Owed {
			bar := strings.Repeat("█", barCells(owed.Minor, most, barW))
			if domain.AgeBucket(b) > domain.NotYetDue {
				bar = st.Overdue.Render(bar)
			}
			out = append(out, fit(p.T("tui.summary.bucket."+strconv.Itoa(b)), labelW)+" "+
				fitRight(p.Amount(owed), sumAmtW)+" "+fitRight(strconv.Itoa(c.Invoices[b]), sumCountW)+" "+bar)
		}
		out = append(out,
			st.Title.Render(fit(p.T("tui.summary.total"), labelW)+" "+fitRight(p.Amount(c.TotalOwed()), sumAmtW)+" "+fitRight(strconv.Itoa(n), sumCountW)),
			p.T("tui.summary.received"),
			"  "+p.T("tui.summary.received_in", p.Money(c.Received[domain.ReceivedToday]), p.Money(c.Received[domain.ReceivedThisWeek]), p.Money(c.Received[domain.ReceivedThisMonth])))
	}
	return append(out, "", p.T("tui.summary.open_links", r.OpenLinks))
}

// barCells scales part of whole to at most width cells, one at least for
// anything owed. Very large amounts are scaled down first so that the
// product cannot overflow.
func barCells(part, whole int64, width int) int {
	if part <= 0 || whole <= 0 {
		return 0
	}
	for whole > 1<<50 {
		part, whole = part>>10, whole>>10
	}
	return max(1, min(width, int(part*int64(width)/max(1, whole))))
}

func (s *summaryScreen) ShortHelp() []key.Binding {
	k := s.sh.keys
	return []key.Binding{k.Up, k.Down, k.Help, k.Quit}
}

func (s *summaryScreen) FullHelp() [][]key.Binding {
	k := s.sh.keys
	return [][]key.Binding{k.navigation()}
}
