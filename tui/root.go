package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/paydesk/paydesk/domain"
)

// Timing of the live updates.
const (
	changeInterval = 250 * time.Millisecond // how often the database is checked for writes
	headerInterval = time.Second            // how often the sync state is read again
)

// loader tracks one kind of read: its generation, whether one is running,
// and whether another is wanted once it is done. Reads never pile up: while
// one runs, further requests only mark it dirty.
type loader struct {
	gen     uint64
	running bool
	dirty   bool
}

// start begins a read unless one is running; ok is false when it was only
// marked for later.
func (l *loader) start() (gen uint64, ok bool) {
	if l.running {
		l.dirty = true
		return 0, false
	}
	l.running, l.dirty = true, false
	l.gen++
	return l.gen, true
}

// done ends a read; fresh reports whether its result is the latest asked for.
func (l *loader) done(gen uint64) (fresh bool) {
	if gen == l.gen {
		l.running = false
	}
	return gen == l.gen
}

// Model is the root of the interface. It owns the shared state, routes
// messages to the screens, runs every read and action in a Cmd, and is the
// only part that returns a tea.View.
type Model struct {
	sh *shared

	active   int
	invoices *invoicesScreen
	payments *paymentsScreen
	logs     *logScreen
	setup    *setupScreen
	summary  *summaryScreen
	screens  [screenCount]screen

	dialog   dialog
	details  *detailsView
	showHelp bool
	// helpNav scrolls the help, on small terminals.
	helpNav scroller
	footer  footer
	spinner spinner.Model
	busy    int // actions running

	width, height int

	// The reads of each screen's data, each with its generation.
	changes      <-chan struct{}
	header       loader
	invoicesRead loader
	status       loader
	paymentsRead loader
	logRead      loader
	summaryRead  loader
	// summaryStale: the summary was asked for while screen 5 was not shown.
	summaryStale bool
	stale        staleness
	// setupDecided: the first connection state has been seen, and with it
	// whether to open on the setup screen.
	setupDecided bool

	init []tea.Cmd
}

// New builds the root model. The first reads start with Init.
func New(ctx context.Context, svc *domain.Service, opts Options) Model {
	sh := newShared(ctx, svc, opts)
	m := Model{sh: sh, width: minWidth, height: minHeight + 4}
	m.invoices = newInvoicesScreen(sh)
	m.payments = newPaymentsScreen(sh)
	m.logs = newLogScreen(sh)
	m.setup = newSetupScreen(sh)
	m.summary = newSummaryScreen(sh)
	m.screens = [screenCount]screen{m.invoices, m.payments, m.logs, m.setup, m.summary}
	m.details = &detailsView{sh: sh, nav: scroller{pager: true}}
	m.helpNav.pager = true
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sh.spin = m.spinner.View()
	m.changes = svc.Changes(ctx, changeInterval)
	m.init = []tea.Cmd{
		tea.RequestBackgroundColor,
		m.loadHeader(),
		m.loadInvoices(),
		m.loadPayments(),
		m.loadLog(true),
		m.loadSummary(),
		m.loadSortPref(),
		waitForChange(m.changes),
		tickEvery(),
	}
	m.layout()
	return m
}

// Init starts the first reads, the change watch and the clock.
func (m Model) Init() tea.Cmd { return tea.Batch(m.init...) }

func waitForChange(ch <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil // the watch ended with the context
		}
		return changedMsg{}
	}
}

func tickEvery() tea.Cmd {
	return tea.Tick(headerInterval, func(time.Time) tea.Msg { return tickMsg{} })
}

// View draws the frame; below the minimum size it only says so.
func (m Model) View() tea.View {
	var content string
	if m.width < minWidth || m.height < minHeight {
		content = m.tooSmallView()
	} else {
		content = m.frameView()
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "paydesk"
	return v
}

func (m Model) tooSmallView() string {
	msg := m.sh.p.T("tui.too_small", m.width, m.height, minWidth, minHeight)
	lines := wrapWords(msg, max(1, m.width))
	return block(strings.Join(lines, "\n"), max(1, m.width), max(1, m.height))
}

func (m Model) frameView() string {
	bodyH := m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = m.helpView(bodyH)
	case m.dialog != nil:
		body = lipgloss.Place(m.width, bodyH, lipgloss.Center, lipgloss.Center, m.dialog.View(m.width))
	case m.details.number != "":
		inv, _ := m.invoiceByNumber(m.details.number)
		body = m.details.View(inv, m.invoices.pane.status)
	default:
		body = m.screens[m.active].View()
	}
	// Each part is fitted to the width and bodyHeight leaves the body what
	// the others do not take, so the frame is exactly the terminal's size
	// without measuring every line of it once more; the lines are counted
	// in case a part ever held a line break.
	var b strings.Builder
	b.Grow(textBytes(m.width, m.height))
	b.WriteString(fit(headerView(m.sh, m.width), m.width))
	b.WriteByte('\n')
	b.WriteString(navView(m.sh, m.screens[:], m.active, m.width))
	footer := m.footerLines()
	for _, part := range [][]string{blockLines(strings.Split(body, "\n"), m.width, bodyH), blockLines(footer, m.width, len(footer))} {
		for _, l := range part {
			b.WriteByte('\n')
			b.WriteString(l)
		}
	}
	b.WriteByte('\n')
	b.WriteString(fit(m.sh.shortHelp(m.width, m.shortHelp()), m.width))
	frame := b.String()
	if strings.Count(frame, "\n") != m.height-1 {
		return block(frame, m.width, m.height)
	}
	return frame
}

// footerLines are the message line, wrapped so that an error is read whole.
func (m Model) footerLines() []string {
	if m.sh.busy != "" || m.footer.text == "" {
		return []string{footerView(m.sh, m.footer, m.width)}
	}
	prefix := map[footerKind]string{footerInfo: "• ", footerSuccess: "✓ ", footerError: "✗ "}[m.footer.kind]
	style := map[footerKind]Paint{footerInfo: m.sh.styles.Info, footerSuccess: m.sh.styles.Success, footerError: m.sh.styles.Error}[m.footer.kind]
	if m.footer.kind == footerError && !m.footer.held {
		style = m.sh.styles.Muted // read: fading
	}
	lines := wrapWords(prefix+m.footer.text, m.width)
	if len(lines) > maxFooterLines {
		lines = lines[:maxFooterLines]
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

const maxFooterLines = 3

func (m Model) footerHeight() int { return len(m.footerLines()) }

// bodyHeight is what is left for the screen under the header and the nav
// line and above the footer and the help bar.
func (m Model) bodyHeight() int { return max(1, m.height-3-m.footerHeight()) }

// layout gives every part its size after anything that changes it.
func (m *Model) layout() {
	h := m.bodyHeight()
	for _, s := range m.screens {
		s.SetSize(m.width, h)
	}
	m.details.SetSize(m.width, h)
	if d, ok := m.dialog.(*qrDialog); ok {
		d.SetSize(m.width, m.height, h)
	}
}

// shortHelp is the help bar for what has the keyboard.
func (m Model) shortHelp() []key.Binding {
	k := m.sh.keys
	switch {
	case m.showHelp:
		return []key.Binding{k.Up, k.Down, k.Close, k.Quit}
	case m.dialog != nil:
		return m.dialog.ShortHelp()
	case m.details.number != "":
		return m.details.ShortHelp()
	}
	return m.screens[m.active].ShortHelp()
}

// helpView lists every key of what has the keyboard, from the KeyMap.
func (m Model) helpView(height int) string {
	nav := m.helpNav
	return nav.Page(m.helpLines(m.helpGroups()), m.width, height)
}

func (m Model) helpLines(groups [][]key.Binding) []string {
	st, p := m.sh.styles, m.sh.p
	title := st.Title.Render(p.T("tui.help.title", m.screenName(m.active)))
	global := st.Title.Render(p.T("tui.help.global"))
	text := title + "\n" + m.helpColumns(groups) + "\n\n" + global + "\n" + m.helpColumns(m.sh.keys.global())
	lines := strings.Split(text, "\n")
	// What the signs on screen mean, which no key explains.
	lines = append(lines, "", st.Title.Render(p.T("tui.help.signs")))
	for _, k := range []string{"tui.help.sign_overdue", "tui.help.sign_sync_here", "tui.help.sign_sync_elsewhere", "tui.help.sign_sync_none"} {
		lines = append(lines, wrapWords(p.T(k), max(20, m.width))...)
	}
	return lines
}

// helpGroups are the keys of what has the keyboard.
func (m Model) helpGroups() [][]key.Binding {
	if m.details.number != "" {
		return m.details.FullHelp()
	}
	return m.screens[m.active].FullHelp()
}

// helpKeys scrolls the help for a navigation key or the mouse wheel,
// within its length.
func (m *Model) helpKeys(msg tea.Msg) {
	m.helpNav.Fit(len(m.helpLines(m.helpGroups())), m.bodyHeight())
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		m.helpNav.Keys(m.sh.keys, msg)
	case tea.MouseWheelMsg:
		m.helpNav.Wheel(msg)
	}
}

// helpColumns draws groups of keys side by side, starting a new row of
// columns where the next would not fit, so that no key is left out.
func (m Model) helpColumns(groups [][]key.Binding) string {
	h := m.sh.help
	h.SetWidth(0) // measure without cutting
	var rows []string
	var row [][]key.Binding
	for _, g := range groups {
		if len(row) > 0 && maxLineWidth(h.FullHelpView(append(row, g))) > m.width {
			rows = append(rows, h.FullHelpView(row))
			row = nil
		}
		row = append(row, g)
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}

func maxLineWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, cellWidth(l))
	}
	return w
}

func (m Model) screenName(i int) string {
	return m.sh.p.T([...]string{"tui.screen.invoices", "tui.screen.payments", "tui.screen.log", "tui.screen.setup"}[i])
}

// invoiceByNumber finds an invoice among those the list holds, or as its
// status was last read (the details of an invoice that left the list).
func (m Model) invoiceByNumber(number string) (domain.Invoice, bool) {
	l := m.invoices.list
	if i, ok := l.find(number); ok {
		return l.rows[i], true
	}
	if st := m.invoices.pane.status; st != nil && st.Invoice.Number == number {
		return st.Invoice, true
	}
	return domain.Invoice{}, false
}
