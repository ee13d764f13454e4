// Package sshserve serves paydesk's interface over SSH: the program is the
// SSH server, the key that authenticated is the person, and the
// authorized-keys file says who may come in with which role.
package sshserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Config says how to serve.
type Config struct {
	HostKey        string // private host key file; made on first start
	AuthorizedKeys string // who may come in; see KeysTemplate
	MaxSessions    int    // all sessions at once; 0: no limit
	MaxPerKey      int    // sessions of one key at once; 0: no limit
	IdleTimeout    time.Duration
	// Program builds the interface for one session. ctx ends with the session.
	Program func(ctx context.Context, id Identity, environ []string) (tea.Model, []tea.ProgramOption)
	// Text gives the messages a session reads outside the interface, in the
	// server's language; see the Msg constants.
	Text func(key string, args ...any) string
	// Logf reports refused connections, bad key lines and crashed sessions.
	Logf func(format string, args ...any)
}

// Catalogue keys of what a session is told outside the interface.
const (
	MsgGoodbye   = "ssh.goodbye"    // the server is stopping
	MsgIdle      = "ssh.idle"       // %s: how long without a key, such as 30m
	MsgFull      = "ssh.full"       // %d: the limit
	MsgFullKey   = "ssh.full_key"   // %d: the limit
	MsgNoPty     = "ssh.no_pty"     // no terminal was asked for
	MsgNoCommand = "ssh.no_command" // a command was given
	MsgKeyGone   = "ssh.key_gone"   // the key left the file after authentication
	MsgCrashed   = "ssh.crashed"    // the session failed; others go on
)

// Server is paydesk's SSH server.
type Server struct {
	cfg         Config
	srv         *ssh.Server
	keys        *keyring
	fingerprint string
	created     bool

	mu      sync.Mutex
	closing bool
	drained chan struct{} // closed once closing and no session is left
	perKey  map[string]int
	live    map[ssh.Session]*sessionState
}

// sessionState is what the server keeps of one running session.
type sessionState struct {
	id     Identity
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	program *tea.Program
	why     string // why the server ended it: MsgIdle or MsgGoodbye
	input   atomic.Int64
	crashed atomic.Bool // the program panicked; Bubble Tea caught it
}

// New prepares the server: the host key (made when missing) and the
// authorized-keys file (made, with an explanation, when missing).
func New(cfg Config) (*Server, error) {
	signer, created, err := hostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	if _, err := ensureKeysFile(cfg.AuthorizedKeys); err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, created: created,
		keys:        &keyring{path: cfg.AuthorizedKeys, warn: cfg.Logf},
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
		perKey:      map[string]int{},
		drained:     make(chan struct{}),
		live:        map[ssh.Session]*sessionState{},
	}
	// The pty is emulated: a real one would take the window changes that
	// the Bubble Tea middleware forwards to the program.
	s.srv, err = wish.NewServer(
		ssh.EmulatePty(),
		wish.WithPublicKeyAuth(s.authenticate),
		func(srv *ssh.Server) error {
			srv.AddHostKey(signer)
			srv.HandshakeTimeout = 30 * time.Second
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				cfg.Logf("ssh: refused %s: %v", c.RemoteAddr(), err)
			}
			return nil
		},
		// The last middleware runs first: admit decides, then the program runs.
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(s.program), s.admit),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the SSH server: %w", err)
	}
	return s, nil
}

// HostFingerprint is the SHA256 fingerprint of the host key, for people to
// compare with what their ssh client shows on first connecting.
func (s *Server) HostFingerprint() string { return s.fingerprint }

// HostKeyCreated reports whether the host key was made by this start.
func (s *Server) HostKeyCreated() bool { return s.created }

// Keys is how many keys the authorized-keys file admits now.
func (s *Server) Keys() int { return s.keys.count() }

// Serve accepts SSH connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections, says goodbye to every session and
// ends it, then closes the connections; when ctx ends first, it cuts them.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		if len(s.live) == 0 {
			close(s.drained)
		}
	}
	states := make([]*sessionState, 0, len(s.live))
	for _, st := range s.live {
		states = append(states, st)
	}
	s.mu.Unlock()
	for _, st := range states {
		st.end(MsgGoodbye)
	}
	var err error
	select {
	case <-s.drained:
	case <-ctx.Done():
		err = fmt.Errorf("close SSH sessions: %w", ctx.Err())
	}
	// Clients close their connections once their sessions end; cutting them
	// at once could lose the goodbye still on its way. Give them a moment.
	linger, cancel := context.WithTimeout(ctx, closeLinger)
	defer cancel()
	if s.srv.Shutdown(linger) != nil {
		_ = s.srv.Close()
	}
	return err
}

// closeLinger is how long Shutdown waits for clients to hang up after
// their sessions ended. Clients that hang up promptly end the wait at
// once; the margin is for a busy machine, where a client cut off too soon
// loses the goodbye and exits with an error.
const closeLinger = 10 * time.Second

// authenticate admits a key the authorized-keys file lists, as it is now.
func (s *Server) authenticate(_ ssh.Context, key ssh.PublicKey) bool {
	_, ok := s.keys.lookup(key)
	return ok
}

// admit runs each session: it takes the identity from the key that
// authenticated (never the user name), applies the limits, keeps a panic
// in this session from reaching the others, and tells the person why the
// server ended the session.
func (s *Server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		id, ok := s.keys.lookup(sess.PublicKey())
		switch {
		case !ok:
			s.refuse(sess, MsgKeyGone)
			return
		case sess.RawCommand() != "":
			s.refuse(sess, MsgNoCommand)
			return
		}
		if _, _, pty := sess.Pty(); !pty {
			s.refuse(sess, MsgNoPty)
			return
		}
		st, why, args := s.enter(sess, id)
		if st == nil {
			s.refuse(sess, why, args...)
			return
		}
		defer s.leave(sess, st)
		stopIdle := s.watchIdle(st)
		defer stopIdle()
		if crashed := s.run(next, sess); crashed || st.crashed.Load() {
			s.refuse(sess, MsgCrashed)
			return
		}
		switch why := st.reason(); why {
		case MsgIdle:
			s.say(sess, why, shortDuration(s.cfg.IdleTimeout))
		case MsgGoodbye:
			s.say(sess, why)
		}
		_ = sess.Exit(0)
	}
}

// run calls the rest of the chain, recovering a panic there.
func (s *Server) run(next ssh.Handler, sess ssh.Session) (crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			s.cfg.Logf("ssh: session of %s failed: %v\n%s", sess.RemoteAddr(), r, debug.Stack())
			crashed = true
		}
	}()
	next(sess)
	return false
}

// enter counts a new session against the limits; it returns nil with the
// message, and its arguments, that refuse it.
func (s *Server) enter(sess ssh.Session, id Identity) (*sessionState, string, []any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, MsgGoodbye, nil
	case s.cfg.MaxSessions > 0 && len(s.live) >= s.cfg.MaxSessions:
		return nil, MsgFull, []any{s.cfg.MaxSessions}
	case s.cfg.MaxPerKey > 0 && s.perKey[id.Fingerprint] >= s.cfg.MaxPerKey:
		return nil, MsgFullKey, []any{s.cfg.MaxPerKey}
	}
	st := &sessionState{id: id}
	st.ctx, st.cancel = context.WithCancel(sess.Context())
	st.input.Store(time.Now().UnixNano())
	s.live[sess] = st
	s.perKey[id.Fingerprint]++
	return st, "", nil
}

func (s *Server) leave(sess ssh.Session, st *sessionState) {
	st.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, sess)
	if s.perKey[st.id.Fingerprint]--; s.perKey[st.id.Fingerprint] <= 0 {
		delete(s.perKey, st.id.Fingerprint)
	}
	if s.closing && len(s.live) == 0 {
		close(s.drained)
	}
}

// program builds the session's Bubble Tea program on its own terminal.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	st := s.live[sess]
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	model, own := s.cfg.Program(st.ctx, st.id, sess.Environ())
	// The program's own options come after the terminal's, so that a colour
	// choice made for the server wins over what the terminal reports.
	opts := append(bm.MakeOptions(sess), own...)
	// The process's SIGINT and SIGTERM are the server's to handle: Shutdown
	// quits each program, waits for it to restore the terminal and then
	// says goodbye. A program that listened for them itself would quit on
	// its own first, and its session would close without a word.
	opts = append(opts, tea.WithoutSignalHandler())
	// Input is what keeps a session alive; suspending makes no sense over SSH.
	opts = append(opts, tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg.(type) {
		case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
			st.input.Store(time.Now().UnixNano())
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		}
		return msg
	}))
	p := tea.NewProgram(guarded{Model: model, st: st}, opts...)
	st.mu.Lock()
	st.program = p
	why := st.why
	st.mu.Unlock()
	if why != "" {
		st.cancel() // ended before it began
	}
	return p
}

// watchIdle ends the session after IdleTimeout without input.
func (s *Server) watchIdle(st *sessionState) (stop func()) {
	if s.cfg.IdleTimeout <= 0 {
		return func() {}
	}
	every := min(max(s.cfg.IdleTimeout/10, 100*time.Millisecond), 30*time.Second)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-st.ctx.Done():
				return
			case <-t.C:
				if time.Since(time.Unix(0, st.input.Load())) >= s.cfg.IdleTimeout {
					st.end(MsgIdle)
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// end asks the session's program to quit, giving the reason to show after.
func (st *sessionState) end(why string) {
	st.mu.Lock()
	if st.why == "" {
		st.why = why
	}
	p := st.program
	st.mu.Unlock()
	if p == nil {
		st.cancel()
		return
	}
	go p.Quit()
}

func (st *sessionState) reason() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.why
}

// refuse tells the person why and closes the session.
func (s *Server) refuse(sess ssh.Session, key string, args ...any) {
	s.say(sess, key, args...)
	_ = sess.Exit(1)
}

func (s *Server) say(sess ssh.Session, key string, args ...any) {
	_, _ = fmt.Fprint(sess.Stderr(), "\r\n"+s.cfg.Text(key, args...)+"\r\n")
}

// shortDuration writes 30m rather than 30m0s.
func shortDuration(d time.Duration) string {
	out := d.Round(time.Second).String()
	if strings.HasSuffix(out, "m0s") {
		out = strings.TrimSuffix(out, "0s")
	}
	if strings.HasSuffix(out, "h0m") {
		out = strings.TrimSuffix(out, "0m")
	}
	return out
}

// guarded marks its session as crashed when the model panics, so that the
// person is told; Bubble Tea itself recovers the panic and restores the
// terminal.
type guarded struct {
	tea.Model
	st *sessionState
}

func (g guarded) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer g.noteCrash()
	m, cmd := g.Model.Update(msg)
	return guarded{Model: m, st: g.st}, cmd
}

func (g guarded) View() tea.View {
	defer g.noteCrash()
	return g.Model.View()
}

func (g guarded) noteCrash() {
	if r := recover(); r != nil {
		g.st.crashed.Store(true)
		panic(r)
	}
}
