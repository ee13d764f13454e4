package tui

import (
	"image/color"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// darkBackground is what a dark terminal answers when asked for its colour.
var darkBackground = color.RGBA{R: 0x1e, G: 0x1e, B: 0x2e, A: 0xff}

// lightBackground is a light terminal's answer.
var lightBackground = color.RGBA{R: 0xfa, G: 0xfa, B: 0xf5, A: 0xff}

// driver runs a model the way a program does, in the test's goroutine:
// Cmds run in goroutines, their messages are fed back through Update, and
// the test waits for a condition on the model, never for a duration.
type driver struct {
	t    testing.TB
	m    Model
	msgs chan tea.Msg
	seen []tea.Msg
}

// waitLimit bounds every wait; reaching it fails the test. It is generous
// so that a loaded machine never trips it.
const waitLimit = 20 * time.Second

func newDriver(t testing.TB, m Model) *driver {
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 256)}
	d.run(m.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		if msg := cmd(); msg != nil {
			d.msgs <- msg
		}
	}()
}

// send feeds a message through Update and runs the Cmd it returns.
func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			d.run(c)
		}
		return
	}
	d.seen = append(d.seen, msg)
	next, cmd := d.m.Update(msg)
	d.m = next.(Model)
	d.run(cmd)
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
		// What the list reads for a key is on screen before the next key
		// in a person's hands; the tests look after it has arrived.
		d.until("the lists' reads", func(m Model) bool {
			return m.invoices.list.settled() && !m.logs.paging[0] && !m.logs.paging[1] && !m.logRead.running && !m.payments.paging
		})
	}
}

// key presses a key by its name: a letter, "enter", "esc", "down", …
func (d *driver) key(k string) {
	d.t.Helper()
	d.send(keyMsg(k))
}

// typeText types text one key at a time.
func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// until feeds messages from running Cmds until cond holds.
func (d *driver) until(what string, cond func(m Model) bool) {
	d.t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	for !cond(d.m) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline.C:
			d.t.Fatalf("waited in vain for %s; screen:\n%s", what, d.m.View().Content)
		}
	}
}

// sawMsg reports whether Update was given a message equal to want.
func (d *driver) sawMsg(want tea.Msg) bool {
	for _, m := range d.seen {
		if m == want {
			return true
		}
	}
	return false
}

// ready waits until everything the screens show has been read.
func (d *driver) ready() {
	d.t.Helper()
	d.until("the first reads", loaded)
}

func loaded(m Model) bool {
	st := m.invoices.pane.status
	sel, ok := m.invoices.list.SelectedNumber()
	return m.sh.connOK && m.invoices.list.loaded && m.invoices.list.settled() && m.payments.loaded && m.logs.loaded &&
		(!ok || (st != nil && st.Invoice.Number == sel)) && !m.status.running && !m.invoicesRead.running
}

// keyMsg builds the key press a terminal sends for a key name.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
	}
	switch k {
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// start builds a model over the fixture and waits for the first reads.
func (f *fixture) start(t testing.TB, opts Options, w, h int) *driver {
	t.Helper()
	d := newDriver(t, f.model(t, opts, w, h))
	d.send(tea.BackgroundColorMsg{Color: darkBackground})
	d.ready()
	return d
}

// selectInvoice moves the cursor down from the top to an invoice and waits
// for its status.
func (d *driver) selectInvoice(number string) {
	d.t.Helper()
	d.key("g")
	for i := 0; i < 50; i++ {
		if n, _ := d.m.invoices.list.SelectedNumber(); n == number {
			d.until("the status of "+number, loaded)
			return
		}
		d.key("j")
	}
	d.t.Fatalf("invoice %s is not in the list", number)
}

// footerText is the footer as plain text.
func (d *driver) footer() string { return d.m.footer.text }

// screenText is the whole frame without escape sequences.
func (d *driver) screenText() string { return ansi.Strip(d.m.View().Content) }
