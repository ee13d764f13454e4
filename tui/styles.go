package tui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Paint is an inline style reduced to the escape sequences around its
// text, so that drawing a cell is two string joins rather than a full
// lipgloss render; frames are drawn on every key press.
type Paint struct{ pre, post string }

// paint captures an inline lipgloss style (colours and attributes only).
func paint(st lipgloss.Style) Paint {
	out := st.Render("\x00")
	pre, post, ok := strings.Cut(out, "\x00")
	if !ok {
		return Paint{}
	}
	return Paint{pre: pre, post: post}
}

// Render wraps s in the style.
func (p Paint) Render(s string) string {
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

// Styles are every look the interface uses, for one background. Nothing is
// said by colour alone: each style that colours also has a word or a symbol
// beside it where it is used.
type Styles struct {
	Brand       Paint
	BadgeTest   Paint
	BadgeLive   Paint
	BadgeDemo   Paint
	BadgeOff    Paint
	Muted       Paint
	TabActive   Paint
	TabInactive Paint
	ColHeader   Paint
	Selected    Paint
	Overdue     Paint
	Paid        Paint
	Open        Paint
	Pending     Paint
	Failed      Paint
	Info        Paint
	Warn        Paint
	Error       Paint
	Success     Paint
	Title       Paint
	Label       Paint
	Link        Paint
	Border      Paint // the frame of the status pane
	DialogEdge  Paint // the frame of a dialog
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
	white := lipgloss.Color("#FFFFFF")
	badge := func(bg string) Paint {
		return paint(lipgloss.NewStyle().Bold(true).Foreground(white).Background(lipgloss.Color(bg)))
	}
	s := Styles{
		Brand:       paint(fg(accent).Bold(true)),
		BadgeTest:   badge("#9A6700"),
		BadgeLive:   badge("#1A7F37"),
		BadgeDemo:   badge("#7D3AC1"),
		BadgeOff:    badge("#5C5C5C"),
		Muted:       paint(fg(muted)),
		TabActive:   paint(lipgloss.NewStyle().Bold(true).Foreground(white).Background(accent)),
		TabInactive: paint(fg(muted)),
		ColHeader:   paint(fg(muted).Bold(true)),
		Selected:    paint(lipgloss.NewStyle().Bold(true).Foreground(c("#000000", "#FFFFFF")).Background(c("#D8D6FF", "#3B3880"))),
		Overdue:     paint(fg(red).Bold(true)),
		Paid:        paint(fg(green)),
		Open:        paint(fg(blue)),
		Pending:     paint(fg(amber)),
		Failed:      paint(fg(red)),
		Info:        paint(fg(muted)),
		Warn:        paint(fg(amber).Bold(true)),
		Error:       paint(fg(red).Bold(true)),
		Success:     paint(fg(green).Bold(true)),
		Title:       paint(fg(accent).Bold(true)),
		Label:       paint(fg(muted)),
		Link:        paint(fg(blue).Underline(true)),
		Border:      paint(fg(muted)),
		DialogEdge:  paint(fg(accent)),
		Help:        help.DefaultStyles(isDark),
		Input:       textinput.DefaultStyles(isDark),
	}
	s.Input.Cursor.Blink = false
	return s
}

func plainStyles() Styles {
	n := lipgloss.NewStyle()
	s := Styles{
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

// box frames lines that are already exactly inner cells wide, with one
// space of padding on each side.
func box(edge Paint, lines []string, inner int) string {
	bar := strings.Repeat("─", inner+2)
	var b strings.Builder
	b.Grow(textBytes(inner+4, len(lines)+2))
	b.WriteString(edge.Render("╭" + bar + "╮"))
	side := edge.Render("│")
	for _, l := range lines {
		b.WriteString("\n" + side + " " + l + " " + side)
	}
	b.WriteString("\n" + edge.Render("╰"+bar+"╯"))
	return b.String()
}
