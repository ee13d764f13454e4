package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/paydesk/paydesk/i18n"
)

// KeyMap is every key the interface answers to. Update matches against it
// and the help bar and the help screen are generated from it, so the two
// cannot disagree.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	NextScreen, PrevScreen                         key.Binding
	Invoices, Payments, Log, Setup, Summary        key.Binding
	Help, Quit                                     key.Binding
	Filter, ClearFilter, ApplyFilter               key.Binding
	NextTab, PrevTab, Sort, Reverse                key.Binding
	Details, Pay, Copy, Refresh, Record            key.Binding
	ReverseEntry, ChooseEntry                      key.Binding
	QR, Mail, Remind, Import                       key.Binding
	Jump, Follow, Level, InvoiceFilter             key.Binding
	Edit, Toggle, Save, Cancel, Confirm, NextField key.Binding
	Close                                          key.Binding
}

// NewKeyMap builds the keys with their help in the printer's language.
func NewKeyMap(p *i18n.Printer) KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], p.T(help)))
	}
	bh := func(label, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, p.T(help)))
	}
	return KeyMap{
		Up:       bh("↑/k", "tui.key.up", "up", "k"),
		Down:     bh("↓/j", "tui.key.down", "down", "j"),
		PageUp:   bh("pgup/ctrl+u", "tui.key.page_up", "pgup", "ctrl+u"),
		PageDown: bh("pgdn/ctrl+d", "tui.key.page_down", "pgdown", "ctrl+d"),
		Top:      bh("home/g", "tui.key.top", "home", "g"),
		Bottom:   bh("end/G", "tui.key.bottom", "end", "G"),

		NextScreen: b("tui.key.next_screen", "tab"),
		PrevScreen: b("tui.key.prev_screen", "shift+tab"),
		Invoices:   b("tui.key.invoices", "1"),
		Payments:   b("tui.key.payments", "2"),
		Log:        b("tui.key.log", "3"),
		Setup:      b("tui.key.setup", "4"),
		Summary:    b("tui.key.summary", "5"),
		Help:       b("tui.key.help", "?"),
		Quit:       bh("q", "tui.key.quit", "q", "ctrl+c"),

		Filter:      b("tui.key.filter", "/"),
		ClearFilter: b("tui.key.clear_filter", "esc"),
		ApplyFilter: b("tui.key.apply_filter", "enter"),
		NextTab:     bh("→/l", "tui.key.next_tab", "right", "l"),
		PrevTab:     bh("←/h", "tui.key.prev_tab", "left", "h"),
		Sort:        b("tui.key.sort", "s"),
		Reverse:     b("tui.key.reverse", "S"),

		Details: b("tui.key.details", "enter"),
		Pay:     b("tui.key.pay", "p"),
		Copy:    bh("y/c", "tui.key.copy", "y", "c"),
		Refresh: b("tui.key.refresh", "r"),
		Record:  b("tui.key.record", "m"),

		ReverseEntry: b("tui.key.reverse_entry", "x"),
		ChooseEntry:  bh("↑/↓", "tui.key.choose_entry", "up", "down"),
		QR:           b("tui.key.qr", "Q"),
		Mail:         b("tui.key.mail", "e"),
		Remind:       b("tui.key.remind", "R"),
		Import:       b("tui.key.import", "I"),

		Jump:          b("tui.key.jump", "enter"),
		Follow:        b("tui.key.follow", "f"),
		Level:         b("tui.key.level", "l"),
		InvoiceFilter: b("tui.key.invoice_filter", "i"),

		Edit:      b("tui.key.edit", "enter"),
		Toggle:    bh("space", "tui.key.toggle", "space"),
		Save:      b("tui.key.save", "enter"),
		Cancel:    b("tui.key.cancel", "esc"),
		Confirm:   b("tui.key.confirm", "enter"),
		NextField: b("tui.key.next_field", "tab", "shift+tab"),
		Close:     b("tui.key.close", "esc"),
	}
}

// navigation is the help group every list shares.
func (k KeyMap) navigation() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// global is the help of the keys that work on every screen.
func (k KeyMap) global() [][]key.Binding {
	return [][]key.Binding{{k.NextScreen, k.PrevScreen, k.Help, k.Quit}, {k.Invoices, k.Payments, k.Log, k.Setup, k.Summary}}
}
