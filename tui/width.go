package tui

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth is the number of terminal cells s takes. Lines are measured
// several times per frame, so the common case is counted directly: escape
// sequences are skipped and every rune known to take exactly one cell
// counts one. Anything else (wide, combining or emoji characters) goes to
// the full grapheme-aware measurement.
func cellWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			j, ok := skipEscape(s, i)
			if !ok {
				return ansi.StringWidth(s)
			}
			i = j
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c < 0x80:
			return ansi.StringWidth(s) // other control characters
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !singleCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		}
	}
	return n
}

// skipEscape returns the index after the CSI or OSC sequence at s[i].
func skipEscape(s string, i int) (int, bool) {
	if i+1 >= len(s) {
		return 0, false
	}
	switch s[i+1] {
	case '[': // CSI: parameters, then a final byte 0x40–0x7e
		for j := i + 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1, true
			}
		}
	case ']': // OSC: ends with BEL or ESC \
		for j := i + 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1, true
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2, true
			}
		}
	}
	return 0, false
}

// singleCell reports whether r is known to take one cell on its own: Latin
// letters with their accents as single code points, and the punctuation,
// arrows and box-drawing characters the interface draws with.
func singleCell(r rune) bool {
	switch {
	case r == 0xad, r == 0x25fd, r == 0x25fe: // soft hyphen (no cell), two emoji squares (two cells)
		return false
	case r >= 0xa0 && r < 0x300: // Latin-1 Supplement, Latin Extended-A and -B, IPA
		return true
	case r >= 0x370 && r < 0x483: // Greek and Cyrillic letters
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullet, ellipsis
		return true
	case r >= 0x2190 && r <= 0x21ff: // arrows
		return true
	case r >= 0x2500 && r <= 0x25ff: // box drawing, blocks, geometric shapes
		return true
	case r == 0x20ac, r == 0x2713, r == 0x2717: // €, ✓, ✗
		return true
	}
	return false
}
