package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/term"
)

// progressDelay keeps quick answers quiet: the spinner appears only when a
// wait lasts longer than a moment.
const progressDelay = 300 * time.Millisecond

// progress shows a spinner and what is happening on stderr while a slow
// step runs, and returns the func that ends it (and clears its line). It
// draws only when stderr is a terminal, so scripts and pipes see nothing.
func (o *output) progress(what string) (stop func()) {
	return o.progressOf(func() string { return what })
}

// progressOf is progress for a step that says how far it has come: what
// is asked again at every frame of the spinner.
func (o *output) progressOf(what func() string) (stop func()) {
	if !o.errTTY {
		return func() {}
	}
	return startSpinner(o.errw, what, progressDelay)
}

// startSpinner draws the spinner and what on w after delay until stop is
// called.
func startSpinner(w io.Writer, what func() string, delay time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-done:
			return
		case <-time.After(delay):
		}
		sp := spinner.MiniDot
		tick := time.NewTicker(sp.FPS)
		defer tick.Stop()
		for i := 0; ; i++ {
			fmt.Fprintf(w, "\r\x1b[K%s %s", sp.Frames[i%len(sp.Frames)], what())
			select {
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done); wg.Wait() })
	}
}

// isTerminal reports whether w is a terminal (not a pipe or file).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd()) && os.Getenv("TERM") != "dumb"
}
