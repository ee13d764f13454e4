package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// shared is what every component of the interface reads: the service, the
// language, the look, the keys and the latest account facts. The root owns
// it and changes it only inside Update.
type shared struct {
	ctx    context.Context
	svc    *domain.Service
	p      *i18n.Printer
	styles Styles
	keys   KeyMap
	help   help.Model
	plain  bool
	isDark bool
	demo   bool
	holder string
	who    string // the person the header names

	conn     domain.Connection
	connOK   bool // conn has been read at least once
	sync     domain.SyncState
	settings map[string]string

	// helpLines are the help bars drawn, by the width and keys they were
	// drawn for: switching screens goes back and forth between a few.
	helpLines map[string]string

	busy string // what the running action does, shown with a spinner; "" when idle
	spin string // the spinner's current frame

	// copyNative writes to the system clipboard; tests replace it so that
	// they never touch the clipboard of the machine they run on.
	copyNative func(string) error
}

func newShared(ctx context.Context, svc *domain.Service, opts Options) *shared {
	p := i18n.New(opts.Lang)
	sh := &shared{
		ctx: ctx, svc: svc, p: p, keys: NewKeyMap(p), help: help.New(),
		plain: opts.colorMode().Plain(opts.environ()), isDark: true,
		demo: opts.Demo, holder: opts.SyncHolder, who: opts.Who,
		settings:   map[string]string{},
		copyNative: clipboard.WriteAll,
	}
	if svc != nil {
		if sh.who == "" {
			sh.who = svc.Actor()
		}
		sh.keys = sh.keys.forRole(p, svc.Role())
	}
	sh.setDark(true)
	return sh
}

// setDark rebuilds the styles for the terminal's background.
func (sh *shared) setDark(isDark bool) {
	sh.isDark = isDark
	sh.styles = NewStyles(isDark, sh.plain)
	sh.help.Styles = sh.styles.Help
	sh.helpLines = nil
}

// mode is the Mollie mode the figures are shown for.
func (sh *shared) mode() domain.Mode {
	if sh.conn.Connected {
		return sh.conn.Mode
	}
	return domain.ModeTest
}

// setting is a user setting's effective value as last read.
func (sh *shared) setting(key string) string {
	if v, ok := sh.settings[key]; ok {
		return v
	}
	return domain.SettingDefault(key)
}

// shortHelp renders one line of key help. Each screen and dialog has its
// own line, the same on most frames, so the lines drawn are kept (a few
// dozen at most; more, after many resizes, start the store afresh).
func (sh *shared) shortHelp(width int, bindings []key.Binding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", width)
	for _, k := range bindings {
		h := k.Help()
		b.WriteString("\x00" + h.Key + "\x01" + h.Desc)
		if !k.Enabled() {
			b.WriteByte('\x02')
		}
	}
	if line, ok := sh.helpLines[b.String()]; ok {
		return line
	}
	h := sh.help
	h.SetWidth(0) // fitted here, by dropping keys rather than cutting the line
	bindings = slices.Clone(bindings)
	line := h.ShortHelpView(bindings)
	for cellWidth(line) > width {
		i := sh.leastImportant(bindings)
		if i < 0 {
			h.SetWidth(width)
			line = h.ShortHelpView(bindings)
			break
		}
		bindings = slices.Delete(bindings, i, i+1)
		line = h.ShortHelpView(bindings)
	}
	if sh.helpLines == nil || len(sh.helpLines) >= maxHelpLines {
		sh.helpLines = map[string]string{}
	}
	sh.helpLines[b.String()] = line
	return line
}

// maxHelpLines bounds the help bars kept.
const maxHelpLines = 64

// leastImportant is the key to leave out of a help bar that is too wide:
// the last one listed (lists name the most important first), except help
// and quit, which always stay; -1 when only those are left.
func (sh *shared) leastImportant(bindings []key.Binding) int {
	for i := len(bindings) - 1; i >= 0; i-- {
		h := bindings[i].Help()
		if h != sh.keys.Help.Help() && h != sh.keys.Quit.Help() {
			return i
		}
	}
	return -1
}

// screen is one of the four numbered views.
type screen interface {
	// Name is the screen's name in the nav line, in the reader's language.
	Name() string
	// Update handles a message while the screen is the active one.
	Update(msg tea.Msg) tea.Cmd
	SetSize(width, height int)
	View() string
	// restyle applies new styles (the terminal said light or dark) to the
	// components that keep a copy of them.
	restyle()
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports whether a text input has the keyboard, so that
	// letters are typed rather than taken as commands.
	Capturing() bool
}
