// Package tui is paydesk's terminal interface: a Bubble Tea v2 program over
// domain.Service that lists invoices, requests and copies payment links,
// shows statuses live and reads the integration log back.
package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/termcolor"
)

// Options configure the terminal interface.
type Options struct {
	Lang  string // en, de, nl
	Color string // auto, always, never; NO_COLOR (any non-empty value) also means never
	Demo  bool   // show a DEMO badge
	// SyncHolder, when non-empty, makes Run keep statuses fresh with
	// svc.RunSync under this name; the header says whether sync runs here
	// or in another process either way.
	SyncHolder string
	Input      io.Reader // nil: stdin
	Output     io.Writer // nil: stdout
	// Who is the person the header names; "" for the Service's actor.
	Who string
	// Environ is the terminal's environment, for NO_COLOR; nil: this process's.
	Environ []string
}

// Program is the interface for a terminal that someone else runs, such as
// an SSH session: the model and the options that bind it to ctx and the
// colour choice. The caller adds the terminal's input and output.
func Program(ctx context.Context, svc *domain.Service, opts Options) (tea.Model, []tea.ProgramOption) {
	return New(ctx, svc, opts), programOptions(ctx, opts)
}

// Run runs the program until the user quits or ctx ends.
func Run(ctx context.Context, svc *domain.Service, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	if opts.SyncHolder != "" {
		// RunSync releases its lease when ctx ends; waiting for it lets the
		// next process take over at once instead of after the lease runs out.
		wg.Go(func() { _ = svc.RunSync(ctx, opts.SyncHolder) })
	}

	p := tea.NewProgram(New(ctx, svc, opts), programOptions(ctx, opts)...)
	_, err := p.Run()
	cancel()
	wg.Wait()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller ended the program through ctx: not a failure
	}
	return err
}

// maxFPS is the most frames a second Bubble Tea writes.
const maxFPS = 120

func programOptions(ctx context.Context, opts Options) []tea.ProgramOption {
	// Bubble Tea writes the latest frame to the terminal on a clock, 60
	// times a second unless told otherwise: a key's frame waited up to 17 ms
	// after it was drawn. At its most, 120, the wait is at most 8 ms; a frame
	// equal to the last one is not written again, so an idle screen costs
	// no more.
	po := []tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(maxFPS)}
	if opts.Input != nil {
		po = append(po, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		po = append(po, tea.WithOutput(opts.Output))
	}
	if profile, ok := opts.colorMode().Screen(opts.environ()); ok {
		po = append(po, tea.WithColorProfile(profile))
	}
	return po
}

// colorMode is the colour decision for this terminal: Options.Color
// against the terminal's NO_COLOR. A choice the command line already
// checked cannot be wrong; anything else falls back to auto.
func (o Options) colorMode() termcolor.Mode {
	m, err := termcolor.Decide(o.Color, o.environ())
	if err != nil {
		return termcolor.Auto
	}
	return m
}

func (o Options) environ() []string {
	if o.Environ == nil {
		return os.Environ()
	}
	return o.Environ
}
