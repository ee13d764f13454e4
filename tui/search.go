package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// updateSearch runs a screen's "/" search field while it has the keyboard:
// enter keeps the query, esc clears it, anything else edits it. It reports
// whether the query changed, so the screen filters again only then.
func updateSearch(in *textinput.Model, active *bool, keys KeyMap, msg tea.Msg) (changed bool, cmd tea.Cmd) {
	before := in.Value()
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, keys.ApplyFilter):
			*active = false
			in.Blur()
			return false, nil
		case key.Matches(kp, keys.ClearFilter):
			*active = false
			in.Blur()
			in.SetValue("")
			return before != "", nil
		}
	}
	*in, cmd = in.Update(msg)
	return in.Value() != before, cmd
}
