package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// Setup screen columns.
const (
	setupLabelW = 20
	setupMinVal = 20
)

func (s *setupScreen) valueWidth() int { return max(setupMinVal, s.width-setupLabelW-2) }

func (s *setupScreen) View() string {
	p, st := s.sh.p, s.sh.styles
	lines := []string{st.Title.Render(p.T("tui.setup.title")), ""}
	cursorLine := 0
	mark := func(row int) {
		if row == s.at() {
			cursorLine = len(lines)
		}
	}
	mark(rowIntegration)
	lines = append(lines, s.row(rowIntegration, p.T("tui.setup.integration"), s.integrationValue()))
	mark(rowAPIKey)
	lines = append(lines, s.row(rowAPIKey, p.T("tui.setup.api_key"), s.keyValue()))
	lines = append(lines, s.connectionLines()...)
	for i, info := range domain.UserSettings {
		row := rowFirstSetting + i
		value := s.sh.setting(info.Key)
		choices := domain.SettingChoices(info.Key)
		switch {
		case value == "" && choices != nil:
			value = p.T("tui.setup.automatic")
		case value == "":
			value = "–"
		}
		if choices != nil {
			value = "‹ " + value + " ›" // a picker: ←/→ or space change it
		}
		if s.editing && s.at() == row {
			value = s.input.View()
		}
		mark(row)
		lines = append(lines, s.row(row, p.T("tui.setting."+info.Key), value))
		if err := s.fieldErr[info.Key]; err != nil {
			lines = append(lines, s.indented(st.Error.Render, "✗ "+p.T("tui.setup.not_saved", sanitize.Terminal(p.Err(err))))...)
		}
	}
	hint := []string{""}
	for _, l := range wrapWords(s.hint(), max(20, s.width-2)) {
		hint = append(hint, "  "+st.Muted.Render(l))
	}
	// On a small terminal the rows scroll so that the cursor's row and its
	// hint stay in view: a row's errors and the connection take lines of
	// their own, so the window is over lines, the cursor's in its middle.
	if room := s.height - len(hint); len(lines) > room && room > 0 {
		win := scroller{pager: true}
		win.SetLen(len(lines))
		win.SetRows(room)
		win.SetCursor(cursorLine - room/2)
		first, last := win.Window()
		lines = lines[first:last]
	}
	return block(strings.Join(append(lines, hint...), "\n"), s.width, s.height)
}

// hint explains the row under the cursor.
func (s *setupScreen) hint() string {
	p := s.sh.p
	switch s.at() {
	case rowIntegration:
		return p.T("tui.setup.integration_help")
	case rowAPIKey:
		return p.T("tui.setup.api_key_help")
	}
	info, _ := s.settingAt(s.at())
	return p.T("tui.setting." + info.Key + ".help")
}

func (s *setupScreen) row(row int, label, value string) string {
	marker := "  "
	if row == s.at() {
		marker = "▸ "
	}
	line := marker + fit(label, setupLabelW) + clip(value, s.valueWidth())
	if row == s.at() && !s.editing {
		return s.sh.styles.Selected.Render(line)
	}
	return line
}

// indented wraps text under the value column.
func (s *setupScreen) indented(style func(string) string, text string) []string {
	pad := strings.Repeat(" ", setupLabelW+2)
	var out []string
	for _, l := range wrapWords(text, max(20, s.width-setupLabelW-2)) {
		out = append(out, pad+style(l))
	}
	return out
}

func (s *setupScreen) integrationValue() string {
	p := s.sh.p
	if !s.sh.connOK {
		return "…"
	}
	if s.sh.conn.Enabled {
		return "[" + p.T("tui.setup.on") + "]"
	}
	return "[" + p.T("tui.setup.off") + "]"
}

func (s *setupScreen) keyValue() string {
	p, c := s.sh.p, s.sh.conn
	switch {
	case s.editing && s.at() == rowAPIKey:
		return s.keyInput.View()
	case !c.Connected:
		return p.T("tui.setup.no_key")
	case c.FromEnv:
		return c.MaskedKey + " " + p.T("tui.setup.from_env")
	}
	return c.MaskedKey
}

// refusal says why a key was not accepted; when another key is connected,
// also that it stays in use, so that nobody thinks the connection broke.
func (s *setupScreen) refusal(err error) string {
	p, c := s.sh.p, s.sh.conn
	if c.Connected && c.MaskedKey != "" {
		return p.T("tui.setup.new_key_refused", p.Err(err), c.MaskedKey)
	}
	return p.T("tui.setup.connect_failed", p.Err(err))
}

// connectionLines say what the key is connected to, or why it is not.
func (s *setupScreen) connectionLines() []string {
	p, st, c := s.sh.p, s.sh.styles, s.sh.conn
	switch {
	case s.connecting:
		return s.indented(st.Muted.Render, s.sh.spin+" "+p.T("tui.setup.checking"))
	case s.connectErr != nil:
		return s.indented(st.Error.Render, "✗ "+sanitize.Terminal(s.refusal(s.connectErr)))
	case c.Connected:
		prof := c.Profile
		if s.connected != nil {
			prof = *s.connected
		}
		name := sanitize.Terminal(prof.Name)
		if prof.Website != "" {
			name += " (" + sanitize.Terminal(prof.Website) + ")"
		}
		return s.indented(st.Success.Render, "✓ "+p.T("tui.setup.connected", name, p.Mode(c.Mode)))
	case !c.Enabled && s.sh.connOK:
		return s.indented(st.Muted.Render, p.T("tui.setup.enable_first"))
	}
	return nil
}

func (s *setupScreen) ShortHelp() []key.Binding {
	k := s.sh.keys
	if s.editing {
		return []key.Binding{k.Save, k.Cancel}
	}
	return []key.Binding{k.Edit, k.Toggle, k.Up, k.Down, k.Help, k.Quit}
}

func (s *setupScreen) FullHelp() [][]key.Binding {
	k := s.sh.keys
	return [][]key.Binding{k.navigation(), {k.Edit, k.Toggle, k.Save, k.Cancel}}
}
