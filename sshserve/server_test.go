package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// probe is a tiny interface: it greets the person and echoes keys; "!"
// makes it panic.
type probe struct{ name, got string }

func (m probe) Init() tea.Cmd { return nil }

func (m probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "!" {
			panic("boom")
		}
		m.got = k.String()
	}
	return m, nil
}

func (m probe) View() tea.View { return tea.NewView("hello " + m.name + " got " + m.got + ".") }

// buffer collects a session's output for polling.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type client struct {
	t     *testing.T
	conn  *gossh.Client
	sess  *gossh.Session
	in    interface{ Write([]byte) (int, error) }
	out   *buffer
	ended chan error
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *client) waitOutput(what, text string) {
	c.t.Helper()
	waitUntil(c.t, what+fmt.Sprintf(" (%q)", text), func() bool { return strings.Contains(c.out.String(), text) })
}

func (c *client) waitEnd() error {
	c.t.Helper()
	select {
	case err := <-c.ended:
		return err
	case <-time.After(60 * time.Second):
		c.t.Fatalf("the session did not end; it shows %q", c.out.String())
		return nil
	}
}

func dial(t *testing.T, addr string, key ed25519.PrivateKey) *client {
	t.Helper()
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "root", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second,
	})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, sess: sess, out: &buffer{}, ended: make(chan error, 1)}
	sess.Stdout, sess.Stderr = c.out, c.out
	if c.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	// Like the ssh client, hang up once the session has ended.
	go func() {
		err := sess.Wait()
		conn.Close()
		c.ended <- err
	}()
	return c
}

func startServer(t *testing.T, cfg Config, people map[string]ed25519.PrivateKey) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	var file strings.Builder
	for name, key := range people {
		pub, err := gossh.NewPublicKey(key.Public())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&file, "name=%q,role=viewer %s", name, gossh.MarshalAuthorizedKey(pub))
	}
	cfg.HostKey, cfg.AuthorizedKeys = filepath.Join(dir, "host"), filepath.Join(dir, "keys")
	if err := os.WriteFile(cfg.AuthorizedKeys, []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Program = func(_ context.Context, id Identity, _ []string) (tea.Model, []tea.ProgramOption) {
		return probe{name: id.Name}, nil
	}
	cfg.Text = func(key string, args ...any) string { return key + fmt.Sprint(args...) }
	cfg.Logf = t.Logf
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv, ln.Addr().String()
}

func newPrivate(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A panic in one session ends that session only; the others go on and new
// ones are still let in. The per-key and total limits refuse with a reason.
func TestSessionsAreIsolatedAndLimited(t *testing.T) {
	anna, bert, carl := newPrivate(t), newPrivate(t), newPrivate(t)
	_, addr := startServer(t, Config{MaxSessions: 2, MaxPerKey: 1}, map[string]ed25519.PrivateKey{"Anna": anna, "Bert": bert, "Carl": carl})

	a := dial(t, addr, anna)
	a.waitOutput("Anna's interface", "hello Anna")
	again := dial(t, addr, anna)
	again.waitOutput("the per-key limit", MsgFullKey+"1")
	if err := again.waitEnd(); err == nil {
		t.Error("a session over the per-key limit ended with success")
	}
	b := dial(t, addr, bert)
	b.waitOutput("Bert's interface", "hello Bert")
	c := dial(t, addr, carl)
	c.waitOutput("the session limit", MsgFull+"2")
	_ = c.waitEnd()

	if _, err := a.in.Write([]byte("!")); err != nil {
		t.Fatal(err)
	}
	a.waitOutput("Anna told her session failed", MsgCrashed)
	_ = a.waitEnd()
	before := len(b.out.String())
	if _, err := b.in.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	// The renderer sends only what changed: the x.
	waitUntil(t, "Bert's session going on after Anna's panicked", func() bool { return strings.Contains(b.out.String()[before:], "x") })
	a2 := dial(t, addr, anna)
	a2.waitOutput("Anna let in again", "hello Anna")
}

// A session without input for the idle timeout is closed with the reason;
// Shutdown says goodbye to the sessions still open.
func TestIdleSessionsCloseAndShutdownSaysGoodbye(t *testing.T) {
	anna, bert := newPrivate(t), newPrivate(t)
	srv, addr := startServer(t, Config{IdleTimeout: 300 * time.Millisecond}, map[string]ed25519.PrivateKey{"Anna": anna})
	a := dial(t, addr, anna)
	a.waitOutput("the idle message", MsgIdle)
	if err := a.waitEnd(); err != nil {
		t.Errorf("an idle session ended with %v", err)
	}

	srv2, addr2 := startServer(t, Config{}, map[string]ed25519.PrivateKey{"Bert": bert})
	b := dial(t, addr2, bert)
	b.waitOutput("Bert's interface", "hello Bert")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv2.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	b.waitOutput("the goodbye", MsgGoodbye)
	_ = srv
}

// The process's SIGTERM does not end the sessions behind the server's
// back: they go on until Shutdown, which says goodbye to each. (Programs
// that caught the signal themselves quit at once, and their sessions
// closed without the goodbye.)
func TestSignalLeavesGoodbyeToShutdown(t *testing.T) {
	anna := newPrivate(t)
	srv, addr := startServer(t, Config{}, map[string]ed25519.PrivateKey{"Anna": anna})
	a := dial(t, addr, anna)
	a.waitOutput("Anna's interface", "hello Anna")

	// Catch SIGTERM here so that it does not end the test binary; Go hands
	// each signal to every channel registered for it.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	defer signal.Stop(sig)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-sig
	// A key after the signal still reaches the program; the renderer sends
	// only what changed: the x.
	before := len(a.out.String())
	if _, err := a.in.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the key typed after SIGTERM", func() bool { return strings.Contains(a.out.String()[before:], "x") })

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if err := a.waitEnd(); err != nil {
		t.Errorf("the session ended with %v", err)
	}
	if out := a.out.String(); !strings.Contains(out, MsgGoodbye) {
		t.Errorf("the session closed without the goodbye:\n%q", out)
	}
}
