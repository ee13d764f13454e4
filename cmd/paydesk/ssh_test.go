package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// sshKey is a key pair made for a test: the private key file the ssh
// client uses and the public key line for the authorized-keys file.
type sshKey struct {
	name, path, public, fingerprint string
}

func newSSHKey(t *testing.T, dir, name string) sshKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return sshKey{name: name, path: path, public: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))), fingerprint: gossh.FingerprintSHA256(pk)}
}

// startSSHServe runs 'paydesk serve --ssh-listen 127.0.0.1:0' and returns
// the SSH port and a function that stops it with SIGTERM.
func (h *harness) startSSHServe(t *testing.T, keys string) (string, func() string) {
	t.Helper()
	cmd := h.command(t.Context(), "", "serve", "--listen", "127.0.0.1:0", "--ssh-listen", "127.0.0.1:0", "--authorized-keys", keys)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var seen strings.Builder
	port := ""
	for port == "" && lines.Scan() {
		seen.WriteString(lines.Text() + "\n")
		if m := regexp.MustCompile(`^  ssh: +127\.0\.0\.1:(\d+) \(host key SHA256:`).FindStringSubmatch(lines.Text()); m != nil {
			port = m[1]
		}
	}
	if port == "" {
		_ = cmd.Wait()
		t.Fatalf("serve did not say where SSH listens:\n%s\n%s", seen.String(), stderr.String())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	stopped, logs := false, ""
	stop := func() string {
		if stopped {
			return logs
		}
		stopped = true
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("signal serve: %v", err)
		}
		out := seen.String() + <-rest
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve did not stop cleanly: %v\n%s\n%s", err, out, stderr.String())
		}
		logs = out + stderr.String()
		return logs
	}
	// A failure says what the server said, so that a failure in CI can
	// be understood without running it again.
	t.Cleanup(func() {
		if logs := stop(); t.Failed() {
			t.Logf("paydesk serve's output:\n%s", logs)
		}
	})
	return port, stop
}

// waitShows polls the pane until it matches re, saying what it shows
// when it never does.
func (s *tmuxSession) waitShows(what string, re *regexp.Regexp) string {
	s.t.Helper()
	var m, screen string
	waitForOr(s.t, func() bool {
		screen = s.screen()
		m = re.FindString(screen)
		return m != ""
	}, func() string { return what + "; the screen shows:\n" + screen })
	return m
}

// sshArgs are the system ssh client's arguments for a key, with nothing
// from the machine's own ssh configuration.
func (h *harness) sshArgs(port string, key sshKey, user string) []string {
	return []string{"-F", "/dev/null", "-tt", "-p", port, "-i", key.path,
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new",
		"-o", "UserKnownHostsFile=" + filepath.Join(h.dir, "known_hosts"), user + "@127.0.0.1"}
}

// TestSSHSessions serves the interface over SSH to a viewer and a
// bookkeeper, each in their own terminal through the system ssh client:
// the viewer may look but not request a link, the bookkeeper requests one
// and copies it through OSC 52, the log names the bookkeeper's key, an
// unknown key is refused, both screens follow the other's change, and
// SIGTERM says goodbye to both.
func TestSSHSessions(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("the ssh client is not installed (.ci/run installs it)")
	}
	h := newHarness(t)
	h.connect()
	h.importInvoices("INV-7001,Acme Tools,100.00")
	keyDir := filepath.Join(h.dir, "keys")
	if err := os.Mkdir(keyDir, 0o700); err != nil {
		t.Fatal(err)
	}
	vera, bert, mallory := newSSHKey(t, keyDir, "vera"), newSSHKey(t, keyDir, "bert"), newSSHKey(t, keyDir, "mallory")
	keys := h.write("authorized_keys", fmt.Sprintf("name=\"Vera\",role=viewer %s\nname=\"Bert Bakker\",role=bookkeeper %s\n", vera.public, bert.public))
	port, stop := h.startSSHServe(t, keys)

	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.dir, "LANG=C.UTF-8", "TERM=xterm-256color", "TZ=UTC"}
	session := func(key sshKey, user string) *tmuxSession {
		// The user name asked for means nothing: Bert logs in as "vera".
		args := make([]string, 0, 16)
		for _, a := range h.sshArgs(port, key, user) {
			args = append(args, shellQuote(a))
		}
		return newNamedTmux(t, "-"+key.name, env, 120, 40, "ssh "+strings.Join(args, " ")+"; echo ssh-exit=$?; sleep 600")
	}
	viewer := session(vera, "vera")
	viewer.waitShows("the viewer's name and role in the header", regexp.MustCompile(`user: Vera \(viewer\)`))
	viewer.waitShows("the invoice", regexp.MustCompile(`INV-7001`))
	// A window size change reaches the session's program: the header is
	// drawn again to the new width, the name at its right edge.
	viewer.tmux("resize-window", "-x", "90", "-y", "30")
	viewer.waitShows("the header redrawn at 90 columns", regexp.MustCompile(`(?m)^.{71}user: Vera \(viewer\)$`))
	viewer.tmux("resize-window", "-x", "120", "-y", "40")
	viewer.waitShows("the header redrawn at 120 columns", regexp.MustCompile(`(?m)^.{101}user: Vera \(viewer\)$`))

	keeper := session(bert, "vera")
	// A failure shows both terminals as they were, whichever wait failed.
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for name, s := range map[string]*tmuxSession{"viewer": viewer, "bookkeeper": keeper} {
			out, err := exec.Command("tmux", "-L", s.socket, "capture-pane", "-p").CombinedOutput()
			t.Logf("the %s's terminal (%v):\n%s", name, err, strings.TrimRight(string(out), "\n "))
		}
	})
	keeper.waitShows("the bookkeeper's name and role in the header", regexp.MustCompile(`user: Bert Bakker \(bookkeeper\)`))
	keeper.waitShows("the invoice", regexp.MustCompile(`INV-7001`))

	// The viewer's p is refused, with the reason.
	viewer.tmux("send-keys", "p")
	viewer.waitShows("the refusal", regexp.MustCompile(`Requesting payment links needs the bookkeeper role; Vera has the viewer role`))

	// The bookkeeper's p makes a link, and y copies it through OSC 52.
	keeper.tmux("send-keys", "p")
	keeper.waitShows("the payment dialog", regexp.MustCompile(`Request payment for INV-7001`))
	keeper.tmux("send-keys", "Enter")
	linkRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/pay/pl_\w+`)
	shown := keeper.waitShows("the new link", linkRE)
	created := time.Now()
	keeper.tmux("send-keys", "y")
	var copied string
	waitForOr(t, func() bool {
		out, err := exec.Command("tmux", "-L", keeper.socket, "show-buffer").Output()
		copied = strings.TrimSpace(string(out))
		return err == nil && linkRE.FindString(copied) == copied && strings.HasPrefix(copied, shown)
	}, func() string {
		return fmt.Sprintf("the link %s… in tmux's buffer through OSC 52; it holds %q and the screen shows:\n%s", shown, copied, keeper.screen())
	})

	// The change made in the bookkeeper's session shows in the viewer's.
	viewer.waitShows("the new link's status in the viewer's session", regexp.MustCompile(`INV-7001.*(?i:awaiting payment|open)`))
	t.Logf("the viewer's screen showed the new link %v after the bookkeeper's screen did", time.Since(created).Round(10*time.Millisecond))

	// The customer pays at the simulator's checkout, outside both
	// sessions: both screens follow the change without a key press.
	resp, err := http.PostForm(copied, url.Values{"outcome": {"paid"}, "method": {"ideal"}})
	if err != nil {
		t.Fatalf("paying at the checkout page: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the checkout page answered %d to the payment", resp.StatusCode)
	}
	paidRE := regexp.MustCompile(`INV-7001.*(?i:\bpaid\b)`)
	keeper.waitShows("the payment made at the checkout in the bookkeeper's session", paidRE)
	viewer.waitShows("the payment made at the checkout in the viewer's session", paidRE)

	// The log names the bookkeeper's key, not the user name asked for.
	var rows []logJSON
	h.jsonOut(&rows, "log", "--json", "--invoice", "INV-7001")
	creator := ""
	for _, r := range rows {
		if r.Event == "create" {
			creator = r.Actor
		}
	}
	if want := "Bert Bakker (" + bert.fingerprint + ")"; creator != want {
		t.Errorf("the create row names %q, want %q\n%+v", creator, want, rows)
	}

	// A key the file does not list gets nowhere.
	out, err := exec.Command("ssh", h.sshArgs(port, mallory, "vera")...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied (publickey)") {
		t.Errorf("an unknown key was not refused: %v\n%s", err, out)
	}

	// SIGTERM: every session ends, its client exits cleanly, and its
	// terminal shows the goodbye below where the interface was.
	logs := stop()
	goodbye := regexp.MustCompile(`paydesk is shutting down: goodbye`)
	for name, s := range map[string]*tmuxSession{"viewer": viewer, "bookkeeper": keeper} {
		s.waitShows("the "+name+"'s ssh client to exit", regexp.MustCompile(`ssh-exit=0`))
		if screen := s.screen(); !goodbye.MatchString(screen) {
			t.Errorf("the %s's terminal does not show the goodbye:\n%s", name, screen)
		}
	}
	if !strings.Contains(logs, "paydesk serve: stopped") {
		t.Errorf("serve did not report stopping:\n%s", logs)
	}
}

// TestSSHSessionSaysSyncIsFailing: when the sync loop of the process
// serving the session fails (Mollie cannot be reached), the session's
// header says so, as a local terminal's does.
func TestSSHSessionSaysSyncIsFailing(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("the ssh client is not installed (.ci/run installs it)")
	}
	h := newHarness(t)
	h.connect()
	// An open link gives each sync cycle something to ask Mollie about.
	h.importInvoices("INV-7101,Acme Tools,100.00")
	h.ok("pay", "INV-7101")
	// From now on Mollie is a port nobody listens on.
	h.env = append(h.env, "PAYDESK_MOLLIE_URL=http://127.0.0.1:1")
	keyDir := filepath.Join(h.dir, "keys")
	if err := os.Mkdir(keyDir, 0o700); err != nil {
		t.Fatal(err)
	}
	vera := newSSHKey(t, keyDir, "vera")
	keys := h.write("authorized_keys", fmt.Sprintf("name=\"Vera\",role=viewer %s\n", vera.public))
	port, stop := h.startSSHServe(t, keys)
	args := make([]string, 0, 16)
	for _, a := range h.sshArgs(port, vera, "vera") {
		args = append(args, shellQuote(a))
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.dir, "LANG=C.UTF-8", "TERM=xterm-256color", "TZ=UTC"}
	s := newNamedTmux(t, "-vera", env, 120, 40, "ssh "+strings.Join(args, " ")+"; sleep 600")
	s.waitShows("the header saying sync fails", regexp.MustCompile(`sync: here, failing`))
	stop()
}
