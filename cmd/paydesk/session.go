package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mailer"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

// Mollie call limits: one attempt may take 30 s, retries of one call 20 s in all.
const (
	mollieTimeout     = 30 * time.Second
	mollieRetryBudget = 20 * time.Second
)

// session is one command's view of paydesk: the open database, the
// Service on it, and how to print for the person at the terminal.
type session struct {
	svc   *domain.Service
	out   *output
	close []func() error
	// panics, when set, is told of every panic a background job
	// contained; serve sets it before it starts any.
	panics func(*domain.PanicError)
}

// serviceConfig says what buildService wires together.
type serviceConfig struct {
	dbPath    string
	mollieURL string
	debugLog  string
	apiKey    string // the PAYDESK_MOLLIE_API_KEY override, "" for none
	cmd       *cobra.Command
	g         *globals
	readOnly  bool // open an existing database for reading only
}

// open builds the session for a command from the global flags.
func (g *globals) open(cmd *cobra.Command, readOnly bool) (*session, error) {
	path, err := g.dbPath()
	if err != nil {
		return nil, err
	}
	base, err := g.mollieBaseURL()
	if err != nil {
		return nil, err
	}
	return buildService(cmd.Context(), serviceConfig{
		dbPath:    path,
		mollieURL: base,
		debugLog:  g.value("debug-log", envDebugLog, ""),
		apiKey:    strings.TrimSpace(os.Getenv(envAPIKey)),
		cmd:       cmd,
		g:         g,
		readOnly:  readOnly && exists(path),
	})
}

// buildService opens the store and wires the Service to Mollie; every
// command that touches the database goes through here.
func buildService(ctx context.Context, cfg serviceConfig) (*session, error) {
	color, err := cfg.g.colorMode()
	if err != nil {
		return nil, err
	}
	if _, err := cfg.g.langChoice(); err != nil {
		return nil, err
	}
	s := &session{}
	logf, closeLog, err := debugLogger(cfg.debugLog)
	if err != nil {
		return nil, err
	}
	s.close = append(s.close, closeLog)
	store, err := openStore(ctx, cfg.dbPath, cfg.cmd.ErrOrStderr(), cfg.readOnly)
	if err != nil {
		s.Close()
		return nil, sayErrBecause(err, "cli.db.open_failed", envDB)
	}
	s.close = append([]func() error{store.Close}, s.close...)
	s.svc = domain.NewService(domain.ServiceConfig{
		Store: store,
		Gateways: mollie.Gateways(mollie.Config{
			BaseURL:     cfg.mollieURL,
			UserAgent:   userAgent(),
			Timeout:     mollieTimeout,
			RetryBudget: mollieRetryBudget,
			Logf:        logf,
		}),
		Actor:          actor(),
		APIKeyOverride: cfg.apiKey,
		Mailers: mailer.Factory(mailer.Options{
			TemplateDir: filepath.Join(filepath.Dir(cfg.dbPath), mailer.TemplateFolder),
			Timeout:     mollieTimeout,
		}),
		MailPasswordOverride: os.Getenv(envSMTPPassword),
		OnPanic: func(p *domain.PanicError) {
			if s.panics != nil {
				s.panics(p)
			}
		},
	})
	stored, _ := s.svc.Setting(ctx, domain.SettingLanguage)
	lang, err := cfg.g.language(stored)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.out = newOutput(cfg.cmd.OutOrStdout(), cfg.cmd.ErrOrStderr(), lang, color)
	return s, nil
}

// Close closes the database and the debug log.
func (s *session) Close() {
	for _, c := range s.close {
		_ = c()
	}
	s.close = nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// actor is who paydesk acts for in the log: the OS user.
func actor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// debugLogger returns a Logf that appends to path (nil when path is ""),
// and the function that closes it. The mollie client scrubs the API key
// from every line before it gets here.
func debugLogger(path string) (func(string, ...any), func() error, error) {
	if path == "" {
		return nil, func() error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, sayErrBecause(err, "cli.debuglog.failed")
	}
	var mu sync.Mutex
	logf := func(format string, args ...any) {
		line := time.Now().Format("2006-01-02T15:04:05.000Z07:00") + " " + fmt.Sprintf(format, args...)
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(f, sanitize.Lines(strings.TrimRight(line, "\n")))
	}
	return logf, f.Close, nil
}

// run opens the session a command needs, runs fn with it, and closes it.
func (g *globals) run(cmd *cobra.Command, fn func(*session) error) error {
	return g.runWith(cmd, false, fn)
}

// read is run for commands that only read: an existing database is opened
// read-only, so they work where the user may not write and leave no lock
// file behind. A database that does not exist yet is created as usual.
func (g *globals) read(cmd *cobra.Command, fn func(*session) error) error {
	return g.runWith(cmd, true, fn)
}

func (g *globals) runWith(cmd *cobra.Command, readOnly bool, fn func(*session) error) error {
	path, _ := g.dbPath()
	s, err := g.open(cmd, readOnly)
	if err != nil {
		return persistence.Explain(path, err)
	}
	defer s.Close()
	if err := fn(s); err != nil {
		err = persistence.Explain(path, err)
		return spoken{text: say(s.out.p, err), err: err}
	}
	return nil
}
