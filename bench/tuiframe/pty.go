package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// measurePTY starts the real binary on db in a pseudo-terminal of
// width×height, as a person starts it, and reports when its output first
// shows the invoice rows (expect) and when, after them, nothing says
// loading any more; then it quits the program with q and reports the
// process's peak RSS.
func measurePTY(ctx context.Context, binary, db string, width, height int, expect, loading string) error {
	cmd := osexec.CommandContext(ctx, binary, "--db", db)
	cmd.Env = append(os.Environ(), "PAYDESK_COLOR=never", "PAYDESK_LANG=en", "TERM=xterm-256color")
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(height), Cols: uint16(width)})
	if err != nil {
		return fmt.Errorf("start %s in a pseudo-terminal: %w", binary, err)
	}
	defer tty.Close()
	var (
		raw        strings.Builder
		rows, full time.Duration
	)
	buf := make([]byte, 64<<10)
	for full == 0 {
		n, err := tty.Read(buf)
		raw.Write(buf[:n])
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("the program's output ended before a full frame (%v):\n%s", err, ansi.Strip(raw.String()))
		}
		// The screen is drawn as changes: what a cell shows is the text
		// written to it last, so loading is over once the rows were
		// drawn after the last word saying loading.
		text := ansi.Strip(raw.String())
		at := strings.LastIndex(text, expect)
		if at < 0 {
			continue
		}
		if rows == 0 {
			rows = time.Since(start)
		}
		if strings.LastIndex(text, loading) < at {
			full = time.Since(start)
		}
	}
	quit(tty, cmd)
	var maxKB int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxKB = ru.Maxrss
	}
	fmt.Printf("rows_ms=%.1f full_ms=%.1f maxrss_bytes=%d\n", ms(rows), ms(full), maxKB*1024)
	return nil
}

// quit asks the program to end with q, then ctrl+c, and kills it when it
// does not; its output is drained meanwhile so it never blocks writing.
func quit(tty *os.File, cmd *osexec.Cmd) {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := tty.Read(buf); err != nil {
				return
			}
		}
	}()
	for _, key := range []string{"q", "\x03"} {
		tty.WriteString(key)
		select {
		case <-done:
			return
		case <-time.After(5 * time.Second):
		}
	}
	cmd.Process.Kill()
	if err := <-done; err != nil && !errors.Is(err, os.ErrProcessDone) {
		fmt.Fprintln(os.Stderr, "tuiframe: the program did not quit and was killed:", err)
	}
}
