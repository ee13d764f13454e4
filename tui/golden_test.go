package tui

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// watched wraps the root model for teatest: after every Update it notes,
// on the program's goroutine, whether the test's condition holds, so the
// test can wait for a state instead of for time or for bytes on the wire.
type watched struct {
	Model
	cond func(Model) bool
	ok   *atomic.Bool
}

func (w watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if c, ok := msg.(setCondMsg); ok {
		w.cond = c.cond
		w.ok.Store(w.cond(w.Model))
		return w, nil
	}
	next, cmd := w.Model.Update(msg)
	w.Model = next.(Model)
	w.ok.Store(w.cond(w.Model))
	return w, cmd
}

// goldenScreens are the views with golden files: the keys that lead there
// from the start and the state that says the view is complete.
var goldenScreens = []struct {
	name string
	keys []string
	done func(Model) bool
}{
	{"invoices", nil, func(m Model) bool { return m.active == screenInvoices }},
	{"payments", []string{"2"}, func(m Model) bool { return m.active == screenPayments }},
	{"log", []string{"3"}, func(m Model) bool { return m.active == screenLog }},
	{"setup", []string{"4"}, func(m Model) bool { return m.active == screenSetup }},
	{"summary", []string{"5"}, func(m Model) bool { return m.active == screenSummary && m.summary.loaded }},
	{"help", []string{"?"}, func(m Model) bool { return m.showHelp }},
	{"pay", []string{"j", "p"}, func(m Model) bool { return m.dialog != nil }},
	{"qr", []string{"j", "j", "j", "j", "j", "j", "j", "Q"}, func(m Model) bool { _, ok := m.dialog.(*qrDialog); return ok }},
}

func TestGoldens(t *testing.T) {
	themes := []struct {
		name    string
		color   string
		profile colorprofile.Profile
	}{
		{"dark", "always", colorprofile.TrueColor},
		{"plain", "never", colorprofile.Ascii},
	}
	for _, screen := range goldenScreens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, lang := range []string{"en", "de", "nl"} {
				for _, theme := range themes {
					name := fmt.Sprintf("%s/%dx%d/%s/%s", screen.name, size[0], size[1], lang, theme.name)
					t.Run(name, func(t *testing.T) {
						f := newFixture(t)
						m := f.model(t, Options{Lang: lang, Color: theme.color}, size[0], size[1])
						ok := &atomic.Bool{}
						var w tea.Model = watched{Model: m, cond: loaded, ok: ok}
						tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(size[0], size[1]),
							teatest.WithProgramOptions(tea.WithColorProfile(theme.profile)))
						tm.Send(tea.BackgroundColorMsg{Color: darkBackground})
						waitFor(t, tm, ok)

						ok.Store(false)
						done := screen.done
						tm.Send(setCond(func(m Model) bool { return loaded(m) && done(m) }))
						for _, k := range screen.keys {
							tm.Send(keyMsg(k))
						}
						waitFor(t, tm, ok)
						if err := tm.Quit(); err != nil {
							t.Fatal(err)
						}
						final := tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).(watched)
						golden.RequireEqual(t, final.View().Content)
					})
				}
			}
		}
	}
}

// setCond changes what watched waits for; it is handled in watched.Update
// before the model sees anything, so that it applies in order with keys.
type setCondMsg struct{ cond func(Model) bool }

func setCond(c func(Model) bool) tea.Msg { return setCondMsg{cond: c} }

func waitFor(t *testing.T, tm *teatest.TestModel, ok *atomic.Bool) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func([]byte) bool { return ok.Load() },
		teatest.WithDuration(waitLimit), teatest.WithCheckInterval(10*time.Millisecond))
}
