package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/i18n"
)

// TestScroller: every navigation keeps the cursor and the window in range,
// for lists and for pagers, also when the view or the list shrinks.
func TestScroller(t *testing.T) {
	keys := NewKeyMap(i18n.New("en"))
	press := func(k string) func(*scroller) {
		return func(s *scroller) { s.Keys(keys, keyMsg(k)) }
	}
	wheel := func(b tea.MouseButton) func(*scroller) {
		return func(s *scroller) { s.Wheel(tea.MouseWheelMsg{Button: b}) }
	}
	cases := []struct {
		name           string
		pager          bool
		n, rows        int
		steps          []func(*scroller)
		cursor, offset int
	}{
		{"down", false, 10, 4, []func(*scroller){press("down"), press("down")}, 2, 0},
		{"down past the window", false, 10, 4, []func(*scroller){press("pgdown"), press("down")}, 5, 2},
		{"up at the top", false, 10, 4, []func(*scroller){press("up")}, 0, 0},
		{"page down to the end", false, 10, 4, []func(*scroller){press("pgdown"), press("pgdown"), press("pgdown")}, 9, 6},
		{"page up", false, 10, 4, []func(*scroller){press("end"), press("pgup")}, 5, 5},
		{"bottom then top", false, 10, 4, []func(*scroller){press("end"), press("home")}, 0, 0},
		{"wheel", false, 10, 4, []func(*scroller){wheel(tea.MouseWheelDown)}, wheelStep, wheelStep - 3},
		{"wheel up at the top", false, 10, 4, []func(*scroller){wheel(tea.MouseWheelUp)}, 0, 0},
		{"empty list", false, 0, 4, []func(*scroller){press("down"), press("end")}, 0, 0},
		{"list shrinks", false, 10, 4, []func(*scroller){press("end"), func(s *scroller) { s.SetLen(3) }}, 2, 0},
		{"view shrinks", false, 10, 4, []func(*scroller){press("down"), press("down"), press("down"), func(s *scroller) { s.SetRows(2) }}, 3, 2},
		{"view grows", false, 10, 4, []func(*scroller){press("end"), func(s *scroller) { s.SetRows(20) }}, 9, 0},
		{"pager down", true, 10, 4, []func(*scroller){press("down")}, 1, 1},
		{"pager stops at the last page", true, 10, 4, []func(*scroller){press("pgdown"), press("pgdown")}, 6, 6},
		{"pager bottom", true, 10, 4, []func(*scroller){press("end")}, 6, 6},
		{"pager shorter than the view", true, 3, 4, []func(*scroller){press("down"), press("end")}, 0, 0},
		{"pager text shrinks", true, 10, 4, []func(*scroller){press("end"), func(s *scroller) { s.SetLen(6) }}, 2, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := scroller{pager: c.pager}
			s.SetRows(c.rows)
			s.SetLen(c.n)
			for _, step := range c.steps {
				step(&s)
			}
			if s.cursor != c.cursor || s.offset != c.offset {
				t.Errorf("cursor %d, offset %d; want %d, %d", s.cursor, s.offset, c.cursor, c.offset)
			}
		})
	}
}
