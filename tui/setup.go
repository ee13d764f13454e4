package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// Rows of the setup screen before the user settings.
const (
	rowIntegration = iota
	rowAPIKey
	rowFirstSetting
)

// Requests the setup screen sends the root, which runs them in Cmds.
type (
	toggleIntegrationMsg struct{ on bool }
	connectRequestMsg    struct{ apiKey string }
	saveSettingMsg       struct{ key, value string }
)

// setupScreen is screen 4: the integration switch, the API key and the
// user settings.
type setupScreen struct {
	sh       *shared
	nav      scroller // the cursor over the rows
	editing  bool
	input    textinput.Model // a setting's value
	keyInput textinput.Model // the API key, masked
	// connecting: the key is being checked with Mollie.
	connecting bool
	connectErr error
	connected  *domain.Profile // set after a successful check in this session
	fieldErr   map[string]error
	width      int
	height     int
}

func newSetupScreen(sh *shared) *setupScreen {
	s := &setupScreen{sh: sh, fieldErr: map[string]error{}}
	s.nav.SetLen(s.rows())
	s.input = newInput(sh, "", "")
	s.keyInput = newInput(sh, "", sh.p.T("tui.setup.key_placeholder"))
	s.keyInput.EchoMode = textinput.EchoPassword
	s.keyInput.EchoCharacter = '•'
	return s
}

func (s *setupScreen) restyle() {
	s.input.SetStyles(s.sh.styles.Input)
	s.keyInput.SetStyles(s.sh.styles.Input)
}

func (s *setupScreen) Capturing() bool { return s.editing }

func (s *setupScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.nav.SetRows(h - 4) // a page: the rows below the title, above the hint
	s.input.SetWidth(min(60, s.valueWidth()-1))
	s.keyInput.SetWidth(min(60, s.valueWidth()-1))
}

func (s *setupScreen) rows() int { return rowFirstSetting + len(domain.UserSettings) }

// settingAt is the setting shown on a row, if the row is one.
func (s *setupScreen) settingAt(row int) (domain.SettingInfo, bool) {
	i := row - rowFirstSetting
	if i < 0 || i >= len(domain.UserSettings) {
		return domain.SettingInfo{}, false
	}
	return domain.UserSettings[i], true
}

// Name is the screen's name in the nav line.
func (s *setupScreen) Name() string { return s.sh.p.T("tui.screen.setup") }
func (s *setupScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.editing {
			return s.updateEditing(msg)
		}
		return s.updateKeys(msg)
	case tea.PasteMsg:
		if s.editing {
			return s.updateEditing(msg)
		}
	case tea.MouseWheelMsg:
		if !s.editing {
			s.nav.Wheel(msg)
		}
	}
	return nil
}

// at is the row under the cursor.
func (s *setupScreen) at() int { return s.nav.cursor }

func (s *setupScreen) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sh.keys
	if s.nav.Keys(k, msg) {
		return nil
	}
	switch {
	case (key.Matches(msg, k.Toggle) || key.Matches(msg, k.Edit)) && s.refused(msg) != "":
		return emit(refusedMsg{action: s.refused(msg)})
	case key.Matches(msg, k.Toggle) && s.at() == rowIntegration,
		key.Matches(msg, k.Edit) && s.at() == rowIntegration:
		return emit(toggleIntegrationMsg{on: !s.sh.conn.Enabled})
	case key.Matches(msg, k.Edit) && s.at() == rowAPIKey:
		if s.connecting {
			return nil
		}
		s.editing = true
		s.keyInput.SetValue("")
		return s.keyInput.Focus()
	case s.choices() != nil && (key.Matches(msg, k.Edit) || key.Matches(msg, k.Toggle) || key.Matches(msg, k.NextTab)):
		return s.pick(1)
	case s.choices() != nil && key.Matches(msg, k.PrevTab):
		return s.pick(-1)
	case key.Matches(msg, k.Edit):
		info, ok := s.settingAt(s.at())
		if !ok {
			return nil
		}
		s.editing = true
		s.input.SetValue(s.sh.setting(info.Key))
		s.input.Placeholder = placeholderText(s.sh, info.Default)
		s.input.CursorEnd()
		return s.input.Focus()
	}
	return nil
}

// choices are the values the current row's setting picks from; nil when
// it is typed freely (or the row is no setting).
func (s *setupScreen) choices() []string {
	info, ok := s.settingAt(s.at())
	if !ok {
		return nil
	}
	return domain.SettingChoices(info.Key)
}

// pick stores the next (step 1) or previous (-1) choice of the current row's
// setting: a picker offers only values that are valid.
func (s *setupScreen) pick(step int) tea.Cmd {
	if !s.sh.svc.May(domain.ActionSettings) {
		return emit(refusedMsg{action: domain.ActionSettings})
	}
	info, _ := s.settingAt(s.at())
	choices := domain.SettingChoices(info.Key)
	i := slices.Index(choices, s.sh.setting(info.Key)) // -1 for a value set elsewhere
	next := choices[((i+step)%len(choices)+len(choices))%len(choices)]
	if i < 0 && step < 0 {
		next = choices[len(choices)-1]
	}
	return emit(saveSettingMsg{key: info.Key, value: next})
}

// refused is the action a key on the current row would take when the
// person's role does not allow it, or "".
func (s *setupScreen) refused(msg tea.KeyPressMsg) domain.Action {
	a := domain.ActionSettings
	if s.at() == rowIntegration || s.at() == rowAPIKey {
		a = domain.ActionConnect
	}
	if key.Matches(msg, s.sh.keys.Toggle) && s.at() != rowIntegration || s.sh.svc.May(a) {
		return ""
	}
	return a
}

func (s *setupScreen) updateEditing(msg tea.Msg) tea.Cmd {
	k := s.sh.keys
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			if info, ok := s.settingAt(s.at()); ok {
				delete(s.fieldErr, info.Key) // the refused value is gone with the edit
			}
			s.stopEditing()
			return nil
		case key.Matches(kp, k.Save) && s.at() == rowAPIKey:
			apiKey := strings.TrimSpace(s.keyInput.Value())
			if apiKey == "" {
				return nil
			}
			s.stopEditing()
			s.connecting, s.connectErr = true, nil
			return emit(connectRequestMsg{apiKey: apiKey})
		case key.Matches(kp, k.Save):
			info, _ := s.settingAt(s.at())
			return emit(saveSettingMsg{key: info.Key, value: s.input.Value()})
		}
	}
	var cmd tea.Cmd
	if s.at() == rowAPIKey {
		s.keyInput, cmd = s.keyInput.Update(msg)
	} else {
		s.input, cmd = s.input.Update(msg)
	}
	return cmd
}

func (s *setupScreen) stopEditing() {
	s.editing = false
	s.input.Blur()
	s.keyInput.Blur()
	s.keyInput.SetValue("") // the key does not stay in memory longer than needed
}

// Connected takes the outcome of a key check.
func (s *setupScreen) Connected(prof domain.Profile, err error) {
	s.connecting, s.connectErr = false, err
	if err == nil {
		s.connected = &prof
	}
}

// Saved takes the outcome of saving a setting.
func (s *setupScreen) Saved(key string, err error) {
	s.fieldErr[key] = err
	if err != nil {
		return
	}
	if info, ok := s.settingAt(s.at()); ok && info.Key == key {
		s.stopEditing()
	}
}
