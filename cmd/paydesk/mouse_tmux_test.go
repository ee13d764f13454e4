package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wheelDownAt turns the mouse wheel one notch down with the pointer at the
// 1-based column x and line y.
func (s *tmuxSession) wheelDownAt(x, y int) {
	s.t.Helper()
	args := []string{"send-keys", "-H"}
	for _, b := range []byte(fmt.Sprintf("\x1b[<65;%d;%dM", x, y)) {
		args = append(args, fmt.Sprintf("%02x", b))
	}
	s.tmux(args...)
}

// clickAt sends a left click (press and release) at the 1-based column x
// and line y, as the terminal would: SGR mouse reports, written to the pane
// byte for byte.
func (s *tmuxSession) clickAt(x, y int) {
	s.t.Helper()
	for _, final := range []string{"M", "m"} {
		args := []string{"send-keys", "-H"}
		for _, b := range []byte(fmt.Sprintf("\x1b[<0;%d;%d%s", x, y, final)) {
			args = append(args, fmt.Sprintf("%02x", b))
		}
		s.tmux(args...)
	}
}

// TestMouseInTmux clicks a screen's tab and an invoice row in the real
// binary and sees the screen and the selection change; the wheel over the
// status pane leaves the list alone, over the list it moves the selection.
func TestMouseInTmux(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "TERM=xterm-256color", "TZ=UTC"}
	command := fmt.Sprintf("cd %s && TMPDIR=%s NO_COLOR=1 %s demo --no-customers; sleep 600", shellQuote(dir), shellQuote(tmp), shellQuote(binary))
	s := newTmux(t, env, 120, 40, command)
	s.waitScreen("the invoices", regexp.MustCompile(`(?m)^▸ 2026-0101`))

	s.clickAt(29, 2) // "3 Log" on the second line
	s.waitScreen("the log screen", regexp.MustCompile(`\[3 Log\]`))
	s.clickAt(3, 2) // "1 Invoices"
	s.waitScreen("the invoices screen", regexp.MustCompile(`\[1 Invoices\]`))
	s.clickAt(5, 8) // the third row: header, nav, filter tabs, sort line, column header, two rows above it
	s.waitScreen("the third row selected", regexp.MustCompile(`(?m)^▸ 2026-0103`))
	if lines := strings.Split(s.screen(), "\n"); !strings.HasPrefix(lines[5], "  2026-0101") {
		t.Errorf("the first row is still selected:\n%s", s.screen())
	}
	// Over the list the wheel moves the selection three rows (the sixth
	// row, sorted by due date, is 2026-0107); over the
	// status pane, right of the list at 120 columns, it leaves it. Keys
	// and mouse reports are handled in order, so once the screen has been
	// to the log and back the notch over the pane has been handled too.
	s.wheelDownAt(5, 10)
	s.waitShows("the selection three rows down", regexp.MustCompile(`(?m)^▸ 2026-0107`))
	s.wheelDownAt(110, 10)
	s.tmux("send-keys", "3")
	s.waitScreen("the log screen", regexp.MustCompile(`\[3 Log\]`))
	s.tmux("send-keys", "1")
	s.waitScreen("the invoices screen", regexp.MustCompile(`\[1 Invoices\]`))
	if !regexp.MustCompile(`(?m)^▸ 2026-0107`).MatchString(s.screen()) {
		t.Errorf("the wheel over the status pane moved the selection:\n%s", s.screen())
	}
}
