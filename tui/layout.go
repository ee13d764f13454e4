package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size for the full layout; below it a notice is shown.
const (
	minWidth  = 80
	minHeight = 20
)

// truncate cuts s to w cells, the last being "…" (tail "") when cut.
// Plain text of single-cell runes is cut directly; anything else by the
// grapheme-aware ansi.Truncate.
func truncate(s string, w int, tail string) string {
	cells, tailW := 0, cellWidth(tail)
	if w < tailW {
		return ansi.Truncate(s, w, tail)
	}
	for i, r := range s {
		if r == 0x1b || !(r >= 0x20 && r < 0x7f || singleCell(r)) {
			return ansi.Truncate(s, w, tail)
		}
		if cells == w-tailW {
			if cellWidth(s[i:]) <= tailW {
				return s // the rest fits in the tail's place
			}
			return s[:i] + tail
		}
		cells++
	}
	return s
}

// fit cuts or pads s to exactly w cells. A cut can fall short by a cell
// where a wide character does not fit; that cell is padded too.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cellWidth(s)
	if sw > w {
		s = truncate(s, w, "…")
		sw = cellWidth(s)
	}
	return s + strings.Repeat(" ", max(0, w-sw))
}

// fitRight cuts s to w cells or pads it on the left (for amounts).
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cellWidth(s)
	if sw > w {
		return truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// clip cuts s to at most w cells without padding.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if cellWidth(s) > w {
		return truncate(s, w, "…")
	}
	return s
}

// block clamps every line of s to w cells and the whole to exactly h lines,
// so a frame never wraps or leaves stale rows behind after a resize.
func block(s string, w, h int) string {
	return strings.Join(blockLines(strings.Split(s, "\n"), w, h), "\n")
}

// textBytes is room for h lines of w cells with their styles' escape
// sequences, so that a frame or a pane is written into one buffer rather
// than grown step by step on every key press.
func textBytes(w, h int) int { return max(0, h) * (2*max(0, w) + 48) }

// blockLines is block for text already split into lines; it fits them in
// place.
func blockLines(lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	if len(lines) < h {
		blank := strings.Repeat(" ", max(0, w))
		for len(lines) < h {
			lines = append(lines, blank)
		}
	}
	return lines
}

// wrapWords breaks text into lines of at most w cells, for messages that
// must be read whole, such as an error from Mollie.
func wrapWords(text string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for cellWidth(word) > w {
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				head := truncate(word, w, "")
				lines = append(lines, head)
				word = word[len(head):]
			}
			switch {
			case line == "":
				line = word
			case cellWidth(line)+1+cellWidth(word) <= w:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}
