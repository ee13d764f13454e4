// Package sanitize turns text paydesk did not write itself (invoice files,
// Mollie's answers, the log, the database) into text that is safe to put on
// a terminal. Nothing that could steer the terminal survives: escape
// sequences, C0 and C1 controls, DEL, bidirectional overrides and isolates,
// and the invisible format characters are replaced by visible placeholders,
// so a reader sees that something odd was there instead of having it act.
//
// It is the one place that decides what is safe; every command-line output
// and every interface view passes outside text through it, and JSON output
// escapes the same characters.
package sanitize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal returns s as one line of inert text: every control character,
// line breaks and tabs included, is shown as a placeholder. Use it for
// fields that are laid out in a line or a table cell.
func Terminal(s string) string { return clean(s, false) }

// Lines is Terminal for text that is read as several lines, such as an
// error message: line feeds are kept, everything else is replaced.
func Lines(s string) string { return clean(s, true) }

// Safe reports whether s would come out of Terminal unchanged.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

func clean(s string, keepNewlines bool) string {
	if Safe(s) {
		return s // the common case costs no allocation
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(invalidByte(s[i]))
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case unsafe(r):
			b.WriteString(Placeholder(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafe reports whether r must not reach a terminal as it is.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 controls (ESC among them) and DEL
		return true
	case r < 0x80:
		return false
	case r <= 0x9f: // C1 controls: 8-bit CSI, OSC, DCS…
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators break lines
		return true
	case invisibleLetter(r):
		return true
	}
	return unicode.Is(unicode.Cf, r) // bidi, zero-width, soft hyphen, BOM, tags…
}

// invisibleLetter lists the filler letters that draw nothing and so can make
// two different strings look the same.
func invisibleLetter(r rune) bool {
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0: // Hangul fillers
		return true
	}
	return false
}

// Placeholder is how Terminal shows r: a Unicode control picture for C0
// controls and DEL (␛ for ESC, ␇ for BEL, ␊ for a line feed), and the code
// point in angle brackets for everything else, e.g. <U+202E>.
func Placeholder(r rune) string {
	switch {
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "\u2421" // ␡
	}
	return fmt.Sprintf("<U+%04X>", r)
}

// invalidByte shows a byte that is not UTF-8, e.g. <0x9B>, which some
// terminals would otherwise read as an 8-bit control.
func invalidByte(c byte) string { return fmt.Sprintf("<0x%02X>", c) }
