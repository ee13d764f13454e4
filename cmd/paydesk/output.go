package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/paydesk/paydesk/termcolor"
)

// output prints for people (localized amounts and dates, colour when the
// terminal wants it) and for scripts (JSON, never coloured).
type output struct {
	w     io.Writer // people's output, downsampled to the terminal's colours
	raw   io.Writer // the same stream untouched, for JSON
	errw  io.Writer
	p     *i18n.Printer
	color bool
	// errTTY: stderr is a terminal, so progress may be drawn there.
	errTTY bool

	bold, faint, good, bad, warn, link lipgloss.Style
}

func newOutput(stdout, stderr io.Writer, lang, mode string) *output {
	profile := termcolor.Mode(mode).Stream(stdout, os.Environ())
	o := &output{
		w:      &colorprofile.Writer{Forward: stdout, Profile: profile},
		raw:    stdout,
		errw:   stderr,
		p:      i18n.New(lang),
		color:  profile > colorprofile.NoTTY,
		errTTY: isTerminal(stderr),
	}
	o.bold = lipgloss.NewStyle().Bold(true)
	o.faint = lipgloss.NewStyle().Faint(true)
	o.good = lipgloss.NewStyle().Foreground(lipgloss.Green)
	o.bad = lipgloss.NewStyle().Foreground(lipgloss.Red)
	o.warn = lipgloss.NewStyle().Foreground(lipgloss.Yellow)
	o.link = lipgloss.NewStyle().Bold(true).Underline(true)
	return o
}

func (o *output) printf(format string, args ...any) { fmt.Fprintf(o.w, format, args...) }
func (o *output) println(args ...any)               { fmt.Fprintln(o.w, args...) }

// note goes to stderr: a remark beside the result, never part of it.
func (o *output) note(format string, args ...any) {
	fmt.Fprintln(o.errw, "paydesk: "+sanitize.Terminal(fmt.Sprintf(format, args...)))
}

// fields returns a function that prints one "Label:  value" line, the
// labels (catalogue keys prefix+name) padded to the longest of them in the
// reader's language so that the values line up.
func (o *output) fields(prefix string, names ...string) func(name, value string) {
	width := 0
	for _, n := range names {
		width = max(width, lipgloss.Width(o.p.T(prefix+n)))
	}
	return func(name, value string) {
		label := o.p.T(prefix + name)
		o.printf("%s%s %s\n", label, strings.Repeat(" ", max(0, width-lipgloss.Width(label))+1), value)
	}
}

// headers are a table's column titles from the catalogue.
func (o *output) headers(prefix string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = o.p.T(prefix + n)
	}
	return out
}

// json writes v indented with a final newline.
func (o *output) json(v any) error { return o.writeJSON(v, "  ") }

// jsonLine writes v on one line, for streams (log --follow --json).
func (o *output) jsonLine(v any) error { return o.writeJSON(v, "") }

// writeJSON encodes v with every character a terminal would act on escaped,
// so a script that prints the JSON is as safe as the table.
func (o *output) writeJSON(v any, indent string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", indent)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	if _, err := o.raw.Write(sanitize.JSON(buf.Bytes())); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// table lays rows out in columns; right-aligned columns are for amounts.
type table struct {
	header []string
	right  map[int]bool
	rows   [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (o *output) table(t *table) {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	line := func(cells []string, style func(string) string) {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-lipgloss.Width(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + style(c))
			} else if i < len(cells)-1 {
				b.WriteString(style(c) + pad)
			} else {
				b.WriteString(style(c))
			}
		}
		fmt.Fprintln(o.w, b.String())
	}
	line(t.header, func(s string) string { return o.bold.Render(s) })
	for _, r := range t.rows {
		line(r, func(s string) string { return s })
	}
}
