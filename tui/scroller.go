package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// scroller is the one list navigation: a cursor over n rows of which a
// window of rows is visible, moved by the navigation keys and the mouse
// wheel. Every list (invoices, payments, the log, the setup rows) and every
// scrolling text (details, help) uses it. A pager has no cursor of its own:
// the window's first line is the cursor, so that the text scrolls by whole
// lines.
type scroller struct {
	n, rows        int
	cursor, offset int
	pager          bool
}

func (s *scroller) SetRows(rows int) { s.rows = max(1, rows); s.clamp() }
func (s *scroller) SetLen(n int)     { s.n = n; s.clamp() }

// Fit bounds the scrolling by a text of n lines shown in rows.
func (s *scroller) Fit(n, rows int) { s.SetRows(rows); s.SetLen(n) }

// Page fits the scroller to lines shown in height rows and draws its window
// of them, width wide: a scrolling text's View.
func (s *scroller) Page(lines []string, width, height int) string {
	s.Fit(len(lines), height)
	first, _ := s.Window()
	return block(strings.Join(lines[first:], "\n"), width, height)
}

// Window is the range of rows to draw.
func (s *scroller) Window() (first, last int) { return s.offset, min(s.offset+s.rows, s.n) }

// Place sets the length, the cursor and the window's first row at once,
// for a list that read new rows around its cursor.
func (s *scroller) Place(n, cursor, offset int) {
	s.n, s.cursor, s.offset = n, cursor, offset
	s.clamp()
}

func (s *scroller) Move(delta int)    { s.cursor += delta; s.clamp() }
func (s *scroller) SetCursor(row int) { s.cursor = row; s.clamp() }

// Click selects the row drawn on line y of the window (0 is its first);
// it reports whether y held a row and whether that row was already selected.
func (s *scroller) Click(y int) (hit, again bool) {
	row := s.offset + y
	if y < 0 || y >= s.rows || row >= s.n {
		return false, false
	}
	again = row == s.cursor
	s.cursor = row
	s.clamp()
	return true, again
}
func (s *scroller) Top()        { s.cursor = 0; s.clamp() }
func (s *scroller) End()        { s.cursor = s.n - 1; s.clamp() }
func (s *scroller) AtEnd() bool { return s.cursor >= s.n-1 }

// Keys moves the cursor for the navigation keys; false for any other key.
func (s *scroller) Keys(k KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.Move(-1)
	case key.Matches(msg, k.Down):
		s.Move(1)
	case key.Matches(msg, k.PageUp):
		s.Move(-s.rows)
	case key.Matches(msg, k.PageDown):
		s.Move(s.rows)
	case key.Matches(msg, k.Top):
		s.Top()
	case key.Matches(msg, k.Bottom):
		s.End()
	default:
		return false
	}
	return true
}

// Wheel scrolls for the mouse wheel.
func (s *scroller) Wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		s.Move(-wheelStep)
	case tea.MouseWheelDown:
		s.Move(wheelStep)
	}
}

func (s *scroller) clamp() {
	if s.pager {
		s.offset = max(0, min(s.cursor, s.n-s.rows))
		s.cursor = s.offset
		return
	}
	s.cursor = max(0, min(s.cursor, s.n-1))
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+s.rows {
		s.offset = s.cursor - s.rows + 1
	}
	s.offset = max(0, min(s.offset, s.n-s.rows))
}
