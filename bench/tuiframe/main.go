// Command tuiframe measures how long paydesk's terminal interface takes
// from start to its first full frame on a real database, and the peak
// memory it needs for it. It drives the root model in-process the way
// Bubble Tea does: Init, every returned Cmd on its own goroutine, every
// message back through Update, a View after each. The frame is full when
// the invoice rows are drawn and nothing on it says "loading" any more.
//
// With -binary it measures the real program instead: the binary started in
// a pseudo-terminal, from its start to the first frame with the invoice
// rows and nothing loading, read from what it writes to the terminal.
//
// With -prepare it only switches the integration on and connects the
// database to a throw-away simulator on loopback, so that the interface
// opens on the invoice list rather than on the setup screen.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"reflect"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/tui"
)

func main() {
	start := time.Now()
	db := flag.String("db", "", "paydesk database with the invoices (required)")
	prepare := flag.Bool("prepare", false, "connect the database to a loopback simulator and exit")
	width := flag.Int("width", 120, "terminal width")
	height := flag.Int("height", 40, "terminal height")
	expect := flag.String("expect", "INV-", "text the invoice rows contain")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured start to this file")
	binary := flag.String("binary", "", "measure this paydesk binary in a pseudo-terminal instead of the model in-process")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "tuiframe: -db is required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var err error
	if *cpuProfile != "" {
		stopProfile, perr := profileTo(*cpuProfile)
		if perr != nil {
			fmt.Fprintln(os.Stderr, "tuiframe:", perr)
			os.Exit(1)
		}
		defer stopProfile()
	}
	switch {
	case *prepare:
		err = connect(ctx, *db)
	case *binary != "":
		err = measurePTY(ctx, *binary, *db, *width, *height, *expect, i18n.New("en").T("tui.loading"))
	default:
		err = measure(ctx, start, *db, *width, *height, *expect)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tuiframe:", err)
		os.Exit(1)
	}
}

func profileTo(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// connect stores a simulator's test key, as 'paydesk connect' would.
func connect(ctx context.Context, db string) error {
	simCtx, stop := context.WithCancel(ctx)
	defer stop()
	sim, base, err := molliesim.Listen(simCtx, "127.0.0.1:0", molliesim.Options{})
	if err != nil {
		return err
	}
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := domain.NewService(domain.ServiceConfig{Store: st, Gateways: mollie.Gateways(mollie.Config{BaseURL: base}), Actor: "bench"})
	if err := svc.SetIntegration(ctx, true); err != nil {
		return err
	}
	if _, err := svc.Connect(ctx, sim.TestKey()); err != nil {
		return err
	}
	return nil
}

// frame is what the measurement saw.
type frame struct {
	opened, rows, full time.Duration
	updates            int
	maxRSS             int64 // bytes
}

func measure(ctx context.Context, start time.Time, db string, width, height int, expect string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := domain.NewService(domain.ServiceConfig{Store: st, Gateways: mollie.Gateways(mollie.Config{}), Actor: "bench"})
	f := frame{opened: time.Since(start)}

	loading := i18n.New("en").T("tui.loading")
	msgs := make(chan tea.Msg, 64)
	var m tea.Model = tui.New(ctx, svc, tui.Options{Lang: "en", Color: "never"})
	run(ctx, m.Init(), msgs)
	// The terminal's size is the first thing a program learns after Init.
	m, cmd := m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	run(ctx, cmd, msgs)
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("no full frame after %s (%d updates): %w", time.Since(start).Round(time.Millisecond), f.updates, ctx.Err())
		case msg := <-msgs:
			m, cmd = m.Update(msg)
			f.updates++
			run(ctx, cmd, msgs)
		}
		content := m.View().Content
		if f.rows == 0 && strings.Contains(content, expect) {
			f.rows = time.Since(start)
		}
		if f.rows != 0 && !strings.Contains(content, loading) {
			f.full = time.Since(start)
			f.maxRSS = maxRSS()
			break
		}
	}
	fmt.Printf("opened_ms=%.1f rows_ms=%.1f full_ms=%.1f updates=%d maxrss_bytes=%d\n",
		ms(f.opened), ms(f.rows), ms(f.full), f.updates, f.maxRSS)
	return nil
}

// cmdType is tea.Cmd, to recognise batches and sequences (whose type is
// not exported) among the messages.
var cmdType = reflect.TypeFor[tea.Cmd]()

// run executes cmd on its own goroutine, as the program would, and hands
// its message to msgs. Some Cmds never finish in time (a ticker, the
// change watch): they end when ctx does or with the process.
func run(ctx context.Context, cmd tea.Cmd, msgs chan<- tea.Msg) {
	if cmd != nil {
		go exec(ctx, cmd, msgs)
	}
}

// exec runs one Cmd; the Cmds of a batch run side by side, those of a
// sequence one after the other.
func exec(ctx context.Context, cmd tea.Cmd, msgs chan<- tea.Msg) {
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			run(ctx, c, msgs)
		}
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			if c := v.Index(i).Interface().(tea.Cmd); c != nil {
				exec(ctx, c, msgs)
			}
		}
		return
	}
	if msg == nil {
		return
	}
	select {
	case msgs <- msg:
	case <-ctx.Done():
	}
}

func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// openStore opens a SQLite file, or a PostgreSQL database for a
// postgres:// or postgresql:// URL, so the first frame is measured on both.
func openStore(ctx context.Context, db string) (domain.Store, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return persistence.Open(ctx, db, persistence.Options{Warn: os.Stderr})
}
