package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are every look the interface uses, for one background. Nothing is
// said by colour alone: each style that colours also has a word or a symbol
// beside it where it is used.
type Styles struct {
	Brand       lipgloss.Style
	Header      lipgloss.Style
	BadgeTest   lipgloss.Style
	BadgeLive   lipgloss.Style
	BadgeDemo   lipgloss.Style
	BadgeOff    lipgloss.Style
	Muted       lipgloss.Style
	Bold        lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	ColHeader   lipgloss.Style
	Selected    lipgloss.Style
	Overdue     lipgloss.Style
	Paid        lipgloss.Style
	Open        lipgloss.Style
	Pending     lipgloss.Style
	Failed      lipgloss.Style
	Info        lipgloss.Style
	Warn        lipgloss.Style
	Error       lipgloss.Style
	Success     lipgloss.Style
	Pane        lipgloss.Style
	Title       lipgloss.Style
	Dialog      lipgloss.Style
	Label       lipgloss.Style
	Link        lipgloss.Style
	Help        help.Styles
	Input       textinput.Styles
}

// NewStyles builds the styles for a dark or light background; plain drops
// every colour (NO_COLOR, --color=never) and keeps only the layout.
func NewStyles(isDark, plain bool) Styles {
	if plain {
		return plainStyles()
	}
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	fg := func(col color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(col) }

	accent := c("#5A56E0", "#8B87FF")
	muted := c("#6C6C6C", "#8A8A8A")
	red := c("#C0262D", "#FF6B6B")
	green := c("#1A7F37", "#5FD068")
	amber := c("#9A6700", "#E3B341")
	blue := c("#0B5CAD", "#6CB6FF")
	badge := func(bg color.Color) lipgloss.Style {
		return lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(bg)
	}
	s := Styles{
		Brand:       fg(accent).Bold(true),
		Header:      lipgloss.NewStyle(),
		BadgeTest:   badge(c("#9A6700", "#9A6700")),
		BadgeLive:   badge(c("#1A7F37", "#1A7F37")),
		BadgeDemo:   badge(c("#7D3AC1", "#7D3AC1")),
		BadgeOff:    badge(c("#6C6C6C", "#4A4A4A")),
		Muted:       fg(muted),
		Bold:        lipgloss.NewStyle().Bold(true),
		TabActive:   lipgloss.NewStyle().Bold(true).Foreground(c("#FFFFFF", "#FFFFFF")).Background(accent),
		TabInactive: fg(muted),
		ColHeader:   fg(muted).Bold(true),
		Selected:    lipgloss.NewStyle().Bold(true).Foreground(c("#000000", "#FFFFFF")).Background(c("#D8D6FF", "#3B3880")),
		Overdue:     fg(red).Bold(true),
		Paid:        fg(green),
		Open:        fg(blue),
		Pending:     fg(amber),
		Failed:      fg(red),
		Info:        fg(muted),
		Warn:        fg(amber).Bold(true),
		Error:       fg(red).Bold(true),
		Success:     fg(green).Bold(true),
		Pane:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1),
		Title:       fg(accent).Bold(true),
		Dialog:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Label:       fg(muted),
		Link:        fg(blue).Underline(true),
		Help:        help.DefaultStyles(isDark),
		Input:       textinput.DefaultStyles(isDark),
	}
	s.Input.Cursor.Blink = false
	return s
}

func plainStyles() Styles {
	n := lipgloss.NewStyle()
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	s := Styles{
		Brand: n, Header: n, BadgeTest: n, BadgeLive: n, BadgeDemo: n, BadgeOff: n,
		Muted: n, Bold: n, TabActive: n, TabInactive: n, ColHeader: n, Selected: n,
		Overdue: n, Paid: n, Open: n, Pending: n, Failed: n,
		Info: n, Warn: n, Error: n, Success: n,
		Pane: box, Title: n, Dialog: box, Label: n, Link: n,
		Help: help.Styles{Ellipsis: n, ShortKey: n, ShortDesc: n, ShortSeparator: n, FullKey: n, FullDesc: n, FullSeparator: n},
	}
	in := textinput.DefaultStyles(true)
	for _, st := range []*textinput.StyleState{&in.Focused, &in.Blurred} {
		st.Prompt, st.Text, st.Placeholder, st.Suggestion = n, n, n, n
	}
	in.Cursor.Color = nil
	in.Cursor.Blink = false
	s.Input = in
	return s
}
