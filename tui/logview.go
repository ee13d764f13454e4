package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
)

// Log screen limits: rows read at start, rows read per page when the
// reader scrolls beyond them, and rows kept in memory.
const (
	logFirstRead = 2000
	logPage      = 500
	logKeep      = 5000
)

// logScreen is screen 3: the integration log, oldest at the top, following
// new rows as they are written unless the reader scrolls back.
type logScreen struct {
	sh      *shared
	entries []domain.LogEntry // oldest first
	lower   []string          // per entry, the lowercase text the search looks in
	index   []int             // entries that pass the filters
	loaded  bool

	level     domain.Level // this level and worse
	invoice   string       // only this invoice's rows, when set
	filter    textinput.Model
	filtering bool
	follow    bool
	// detail shows the selected entry whole, wrapped, instead of the list.
	detail bool
	scroll scroller
	width  int
	height int

	// older, newer: the log holds entries before, after the ones held,
	// read a page at a time as the cursor nears that end.
	older, newer bool
	paging       [2]bool // a page before, after is being read
	pageGen      uint64  // pages asked for before the last fresh read are dropped
}

// logPageMsg carries a page of entries before or after those held.
type logPageMsg struct {
	gen     uint64
	older   bool
	edge    int64 // the id of the entry it continues from
	entries []domain.LogEntry
	err     error
}

// logFollowMsg asks the root to read the newest entries afresh.
type logFollowMsg struct{}

func newLogScreen(sh *shared) *logScreen {
	s := &logScreen{sh: sh, level: domain.LevelInfo, follow: true}
	s.filter = newInput(sh, "/ ", sh.p.T("tui.log.filter_placeholder"))
	return s
}

func (s *logScreen) restyle()        { s.filter.SetStyles(s.sh.styles.Input) }
func (s *logScreen) Capturing() bool { return s.filtering }

func (s *logScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scroll.SetRows(h - 1)
	s.filter.SetWidth(max(10, w/3))
}

// LastID is the newest entry read, for reading only what came after it.
func (s *logScreen) LastID() int64 {
	if len(s.entries) == 0 {
		return 0
	}
	return s.entries[len(s.entries)-1].ID
}

// Add shows entries read from the log (oldest first); reset replaces all.
func (s *logScreen) Add(entries []domain.LogEntry, reset bool) {
	keep := s.selectedID()
	if reset {
		s.entries, s.lower = nil, nil
		s.older, s.newer = len(entries) >= logFirstRead, false
		s.pageGen++
		s.paging = [2]bool{}
	}
	last := s.LastID()
	for _, e := range entries {
		if !reset && e.ID <= last {
			continue // already shown
		}
		s.entries = append(s.entries, e)
		s.lower = append(s.lower, s.searchText(e))
	}
	if n := len(s.entries) - logKeep; n > 0 {
		s.entries, s.lower = s.entries[n:], s.lower[n:]
		s.older = true
	}
	s.loaded = true
	s.refilterKeeping(keep)
}

// searchText is the lowercase text the search looks in for an entry.
func (s *logScreen) searchText(e domain.LogEntry) string {
	return strings.ToLower(strings.Join([]string{s.sh.p.Log(e), eventWord(s.sh.p, e.Event), string(e.Event), e.InvoiceNumber, e.MollieID, e.Actor}, " "))
}

// extend reads the page of entries beyond the end of those held that the
// cursor came within two screens of.
func (s *logScreen) extend() tea.Cmd {
	if !s.loaded || len(s.entries) == 0 {
		return nil
	}
	margin := 2 * s.scroll.rows
	var cmds []tea.Cmd
	if s.older && !s.paging[0] && s.scroll.cursor < margin {
		cmds = append(cmds, s.readPage(true))
	}
	if s.newer && !s.paging[1] && len(s.index)-1-s.scroll.cursor < margin {
		cmds = append(cmds, s.readPage(false))
	}
	return tea.Batch(cmds...)
}

func (s *logScreen) readPage(older bool) tea.Cmd {
	f := domain.LogFilter{AfterID: s.LastID(), Limit: logPage, Oldest: true}
	edge, end := s.LastID(), 1
	if older {
		edge, end = s.entries[0].ID, 0
		f = domain.LogFilter{BeforeID: edge, Limit: logPage}
	}
	s.paging[end] = true
	svc, ctx, gen := s.sh.svc, s.sh.ctx, s.pageGen
	return func() tea.Msg {
		entries, err := svc.Log(ctx, f)
		slices.SortFunc(entries, func(a, b domain.LogEntry) int { return cmp.Compare(a.ID, b.ID) })
		return logPageMsg{gen: gen, older: older, edge: edge, entries: entries, err: err}
	}
}

// applyPage adds a page at the end it was read for, keeping the selected
// entry on its line, and lets go of entries at the other end beyond
// logKeep.
func (s *logScreen) applyPage(msg logPageMsg) {
	end := 1
	if msg.older {
		end = 0
	}
	if msg.gen != s.pageGen {
		return
	}
	s.paging[end] = false
	if msg.err != nil || len(s.entries) == 0 {
		return
	}
	if msg.older && s.entries[0].ID != msg.edge || !msg.older && s.LastID() != msg.edge {
		return
	}
	line, keep := s.scroll.cursor-s.scroll.offset, s.selectedID()
	lower := make([]string, len(msg.entries))
	for i, e := range msg.entries {
		lower[i] = s.searchText(e)
	}
	full := len(msg.entries) == logPage
	if msg.older {
		s.entries, s.lower = append(msg.entries, s.entries...), append(lower, s.lower...)
		s.older = full
		if n := len(s.entries) - logKeep; n > 0 {
			s.entries, s.lower = s.entries[:logKeep:logKeep], s.lower[:logKeep:logKeep]
			s.newer, s.follow = true, false
		}
	} else {
		s.entries, s.lower = append(s.entries, msg.entries...), append(s.lower, lower...)
		s.newer = full
		if n := len(s.entries) - logKeep; n > 0 {
			s.entries, s.lower = s.entries[n:], s.lower[n:]
			s.older = true
		}
	}
	s.refilterKeeping(keep)
	s.scroll.Place(len(s.index), s.scroll.cursor, s.scroll.cursor-line)
}

func (s *logScreen) refilter() { s.refilterKeeping(s.selectedID()) }

// selectedID is the selected entry's id, -1 for none; taken before the
// entries change, since the index points into them.
func (s *logScreen) selectedID() int64 {
	if e, ok := s.Selected(); ok {
		return e.ID
	}
	return -1
}

// refilterKeeping filters the entries again, keeping the cursor on keepID.
func (s *logScreen) refilterKeeping(keepID int64) {
	q := strings.ToLower(s.filter.Value())
	s.index = s.index[:0]
	for i, e := range s.entries {
		if !e.Level.AtLeast(s.level) || (s.invoice != "" && e.InvoiceNumber != s.invoice) {
			continue
		}
		if q != "" && !strings.Contains(s.lower[i], q) {
			continue
		}
		s.index = append(s.index, i)
	}
	s.scroll.SetLen(len(s.index))
	if s.follow {
		s.scroll.End()
		return
	}
	for row, i := range s.index {
		if s.entries[i].ID == keepID {
			s.scroll.cursor = row
			s.scroll.clamp()
			return
		}
	}
}

// Selected is the entry under the cursor.
func (s *logScreen) Selected() (domain.LogEntry, bool) {
	c := s.scroll.cursor
	if c < 0 || c >= len(s.index) {
		return domain.LogEntry{}, false
	}
	return s.entries[s.index[c]], true
}

// Name is the screen's name in the nav line.
func (s *logScreen) Name() string { return s.sh.p.T("tui.screen.log") }
func (s *logScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
		if s.detail {
			return s.updateDetail(msg)
		}
		return s.updateKeys(msg)
	case tea.PasteMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
	case tea.MouseWheelMsg:
		s.scroll.Wheel(msg)
		s.follow = s.scroll.AtEnd() && !s.newer
		return s.extend()
	case clickMsg:
		if s.detail {
			return nil
		}
		if hit, again := s.scroll.Click(msg.y - 1); hit { // under the status line
			s.follow = false
			s.detail = again
		}
		return s.extend()
	}
	return nil
}

func (s *logScreen) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sh.keys
	switch {
	case key.Matches(msg, k.Bottom) && s.newer, key.Matches(msg, k.Follow) && !s.follow && s.newer:
		// The newest entries are not held: read them afresh.
		s.follow = true
		return emit(logFollowMsg{})
	case s.scroll.Keys(k, msg):
		s.follow = s.scroll.AtEnd() && s.follow
		return s.extend()
	case key.Matches(msg, k.Follow):
		s.follow = !s.follow
		if s.follow {
			s.scroll.End()
		}
	case key.Matches(msg, k.Level):
		s.level = nextLevel(s.level)
		s.refilter()
	case key.Matches(msg, k.InvoiceFilter):
		if s.invoice != "" {
			s.invoice = ""
		} else if e, ok := s.Selected(); ok && e.InvoiceNumber != "" {
			s.invoice = e.InvoiceNumber
		}
		s.refilter()
	case key.Matches(msg, k.Filter):
		s.filtering = true
		return s.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		s.filter.SetValue("")
		s.invoice = ""
		s.refilter()
	case key.Matches(msg, k.Details):
		if _, ok := s.Selected(); ok {
			s.detail, s.follow = true, false
		}
	}
	return nil
}

// updateDetail handles the keys of one entry's detail view: up and down
// step through the entries, enter goes to the invoice, esc back to the list.
func (s *logScreen) updateDetail(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sh.keys
	switch {
	case key.Matches(msg, k.Close):
		s.detail = false
	case key.Matches(msg, k.Jump):
		if e, ok := s.Selected(); ok && e.InvoiceNumber != "" {
			s.detail = false
			return emit(jumpMsg{number: e.InvoiceNumber})
		}
	case key.Matches(msg, k.Up):
		s.scroll.Move(-1)
	case key.Matches(msg, k.Down):
		s.scroll.Move(1)
	}
	return nil
}

// detailView is one entry, every field on its own line and the message
// wrapped to the width, so nothing is cut off. The message is in the
// reader's words, its values formatted as the panes show them; only rows
// from before entries said things that way show their stored text.
func (s *logScreen) detailView() string {
	p, st := s.sh.p, s.sh.styles
	e, ok := s.Selected()
	if !ok {
		return block(st.Muted.Render(p.T("tui.log.empty")), s.width, s.height)
	}
	labelW := 0
	for _, k := range []string{"when", "level", "actor", "invoice", "mollie_id", "event", "http"} {
		labelW = max(labelW, cellWidth(p.T("tui.log.field."+k)))
	}
	var lines []string
	add := func(label, value string) {
		if value != "" {
			lines = append(lines, st.Label.Render(fit(p.T("tui.log.field."+label), labelW))+"  "+value)
		}
	}
	add("when", p.Date(e.At.Local())+" "+e.At.Local().Format("15:04:05"))
	add("level", levelStyle(st, e.Level).Render(levelWord(p, e.Level)))
	add("actor", sanitize.Terminal(e.Actor))
	add("invoice", sanitize.Terminal(e.InvoiceNumber))
	add("mollie_id", sanitize.Terminal(e.MollieID))
	add("event", eventWord(p, e.Event))
	if e.HTTPStatus != 0 {
		add("http", fmt.Sprint(e.HTTPStatus))
	}
	lines = append(lines, "")
	lines = append(lines, wrapWords(sanitize.Terminal(p.Log(e)), s.width)...)
	return block(strings.Join(lines, "\n"), s.width, s.height)
}

// eventWord names an event in the reader's language when the catalogue
// knows it, else as stored.
func eventWord(p *i18n.Printer, e domain.Event) string {
	if p.Has("tui.event." + string(e)) {
		return p.T("tui.event." + string(e))
	}
	return sanitize.Terminal(string(e))
}

func (s *logScreen) updateFilter(msg tea.Msg) tea.Cmd {
	changed, cmd := updateSearch(&s.filter, &s.filtering, s.sh.keys, msg)
	if changed {
		s.refilter()
	}
	return cmd
}

func nextLevel(l domain.Level) domain.Level {
	switch l {
	case domain.LevelInfo:
		return domain.LevelWarn
	case domain.LevelWarn:
		return domain.LevelError
	}
	return domain.LevelInfo
}

func (s *logScreen) View() string {
	if s.detail {
		return s.detailView()
	}
	lines := []string{s.statusLine()}
	p, st := s.sh.p, s.sh.styles
	switch {
	case !s.loaded:
		lines = append(lines, st.Muted.Render(p.T("tui.loading")))
	case len(s.index) == 0:
		lines = append(lines, st.Muted.Render(p.T("tui.log.empty")))
	}
	first, last := s.scroll.Window()
	numW := 0
	for row := first; row < last; row++ {
		numW = max(numW, min(len(s.entries[s.index[row]].InvoiceNumber), 16))
	}
	for row := first; row < last; row++ {
		lines = append(lines, s.rowView(s.entries[s.index[row]], row == s.scroll.cursor, numW))
	}
	return block(strings.Join(lines, "\n"), s.width, s.height)
}

func (s *logScreen) statusLine() string {
	p, st := s.sh.p, s.sh.styles
	follow := p.T("tui.log.follow_off")
	if s.follow {
		follow = p.T("tui.log.follow_on")
	}
	invoice := p.T("tui.log.all_invoices")
	if s.invoice != "" {
		invoice = s.invoice
	}
	parts := []string{
		p.T("tui.log.level", levelWord(p, s.level)),
		p.T("tui.log.invoice", invoice),
		follow,
		p.T("tui.log.count", len(s.index), len(s.entries)),
	}
	line := st.Muted.Render(strings.Join(parts, " · "))
	switch {
	case s.filtering:
		line += "  " + s.filter.View()
	case s.filter.Value() != "":
		line += "  / " + s.filter.Value()
	}
	return line
}

// Log row columns.
const (
	logWhenW     = 16
	logLevelW    = 7
	logEventW    = 14
	logEventFrom = 120 // from this width the event column is shown
)

func (s *logScreen) rowView(e domain.LogEntry, selected bool, numW int) string {
	p, st := s.sh.p, s.sh.styles
	msg := sanitize.Terminal(p.Log(e))
	if e.HTTPStatus != 0 {
		msg += fmt.Sprintf(" [HTTP %d]", e.HTTPStatus)
	}
	if e.Actor != "" {
		msg += " · " + sanitize.Terminal(e.Actor)
	}
	marker := "  "
	if selected {
		marker = "▸ "
	}
	level := fit(levelWord(p, e.Level), logLevelW)
	line := func(level string) string {
		parts := []string{marker + fit(p.DateTime(e.At), logWhenW), level, fit(sanitize.Terminal(e.InvoiceNumber), numW)}
		if s.width >= logEventFrom {
			parts = append(parts, fit(eventWord(p, e.Event), logEventW))
		}
		return strings.Join(append(parts, msg), " ")
	}
	if selected {
		return st.Selected.Render(fit(line(level), s.width))
	}
	return line(levelStyle(st, e.Level).Render(level))
}

func levelWord(p *i18n.Printer, l domain.Level) string { return p.T("tui.level." + string(l)) }

func levelStyle(st Styles, l domain.Level) Paint {
	switch l {
	case domain.LevelWarn:
		return st.Warn
	case domain.LevelError:
		return st.Error
	}
	return st.Info
}

func (s *logScreen) ShortHelp() []key.Binding {
	k := s.sh.keys
	if s.filtering {
		return []key.Binding{k.ApplyFilter, k.ClearFilter}
	}
	if s.detail {
		return []key.Binding{k.Jump, k.Close, k.Up, k.Down, k.Help, k.Quit}
	}
	return []key.Binding{k.Details, k.Follow, k.Level, k.InvoiceFilter, k.Filter, k.Help, k.Quit}
}

func (s *logScreen) FullHelp() [][]key.Binding {
	k := s.sh.keys
	return [][]key.Binding{k.navigation(), {k.Details, k.Follow, k.Level, k.InvoiceFilter, k.Filter, k.ClearFilter}, {k.Jump, k.Close}}
}
