package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/importer"
)

// tmuxSession drives the real binary on a private tmux server, the way a
// person at a terminal would.
type tmuxSession struct {
	t      *testing.T
	socket string
	env    []string
}

func newTmux(t *testing.T, env []string, width, height int, command string) *tmuxSession {
	t.Helper()
	return newNamedTmux(t, "", env, width, height, command)
}

// newNamedTmux is newTmux for a test that needs several terminals: each
// name gets its own server.
func newNamedTmux(t *testing.T, name string, env []string, width, height int, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	// One server per test: parallel tests must not share a socket, and every
	// test's first TempDir has the same base name.
	s := &tmuxSession{t: t, socket: fmt.Sprintf("paydesk-test-%d-%s%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"), name), env: env}
	s.tmux("-f", "/dev/null", "new-session", "-d", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	s.tmux("set-option", "-g", "set-clipboard", "on")
	return s
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p") }

// waitScreen polls the pane until it matches re and returns the match.
func (s *tmuxSession) waitScreen(what string, re *regexp.Regexp) string {
	s.t.Helper()
	var m string
	waitFor(s.t, what, func() bool {
		m = re.FindString(s.screen())
		return m != ""
	})
	return m
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// TestDemoInTmux starts 'paydesk demo', requests and copies a link in the
// interface, pays it at the simulator's checkout page, watches the status
// pane turn paid by itself and the log show it, quits, and checks the
// temporary database is gone.
func TestDemoInTmux(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "TERM=xterm-256color", "TZ=UTC"}
	command := fmt.Sprintf("cd %s && TMPDIR=%s NO_COLOR=1 %s demo --no-customers; echo paydesk-exit=$?; sleep 600",
		shellQuote(dir), shellQuote(tmp), shellQuote(binary))
	s := newTmux(t, env, 120, 40, command)

	invs, err := importer.Parse("demo-invoices.csv", assets.DemoInvoices)
	if err != nil {
		t.Fatal(err)
	}
	numbers := make([]string, len(invs))
	for i, inv := range invs {
		numbers[i] = regexp.QuoteMeta(inv.Number)
	}
	s.waitScreen("the demo in TEST mode", regexp.MustCompile(`DEMO.*\bTEST\b|\bTEST\b.*DEMO`))
	s.waitScreen("the demo invoices", regexp.MustCompile(strings.Join(numbers, "|")))
	s.tmux("send-keys", "p")
	s.waitScreen("the payment dialog", regexp.MustCompile(`(?i)\besc\b`))
	s.tmux("send-keys", "Enter")
	// The screen may show the link wrapped; what was copied must be all of it.
	linkRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/pay/pl_\w+`)
	shown := s.waitScreen("the new link", linkRE)
	s.tmux("send-keys", "y")
	var link string
	waitForOr(t, func() bool {
		out, err := exec.Command("tmux", "-L", s.socket, "show-buffer").Output()
		link = strings.TrimSpace(string(out))
		return err == nil && linkRE.FindString(link) == link && strings.HasPrefix(link, shown)
	}, func() string {
		return fmt.Sprintf("the link %s… on tmux's clipboard (OSC 52); the buffer holds %q and the screen shows:\n%s", shown, link, s.screen())
	})
	resp, err := http.Get(link)
	if err != nil {
		t.Fatalf("the copied link does not open: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the copied link answered %d", resp.StatusCode)
	}

	// The customer pays at the checkout page; without a key press the
	// status pane shows the paid status and its date.
	resp, err = http.PostForm(link, url.Values{"outcome": {"paid"}, "method": {"ideal"}})
	if err != nil {
		t.Fatalf("paying at the checkout page: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the checkout page answered %d to the payment", resp.StatusCode)
	}
	s.waitScreen("the paid status and its date in the status pane", regexp.MustCompile(`Paid on \d{4}-\d{2}-\d{2}`))

	// The log screen shows the creation and the status change.
	s.tmux("send-keys", "3")
	s.waitScreen("the create row in the log", regexp.MustCompile(`create +created link pl_\w+`))
	s.waitScreen("the status change in the log", regexp.MustCompile(`status +link pl_\w+: open → paid`))

	s.tmux("send-keys", "q")
	s.waitScreen("paydesk to exit", regexp.MustCompile(`paydesk-exit=\d+`))
	if screen := s.screen(); !strings.Contains(screen, "paydesk-exit=0") {
		t.Errorf("the demo did not exit cleanly:\n%s", screen)
	}
	left, err := filepath.Glob(filepath.Join(tmp, "paydesk-demo-*"))
	if err != nil || len(left) > 0 {
		t.Errorf("the demo left its temporary database behind: %v %v", left, err)
	}
}

// TestRecordReplacesTheLinkInTmux requests a link in the interface, records
// part of the amount with m, and checks that y copies a new link (the old
// one answers 410 Gone at the simulator) and that paying it settles the
// invoice at exactly zero.
func TestRecordReplacesTheLinkInTmux(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "TERM=xterm-256color", "TZ=UTC"}
	command := fmt.Sprintf("cd %s && TMPDIR=%s NO_COLOR=1 %s demo --no-customers; sleep 600", shellQuote(dir), shellQuote(dir), shellQuote(binary))
	s := newTmux(t, env, 120, 40, command)
	s.waitScreen("the demo in TEST mode", regexp.MustCompile(`DEMO.*\bTEST\b|\bTEST\b.*DEMO`))
	linkRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/pay/pl_\w+`)
	copied := func(not string) string {
		t.Helper()
		s.tmux("send-keys", "y")
		var link string
		waitForOr(t, func() bool {
			out, err := exec.Command("tmux", "-L", s.socket, "show-buffer").Output()
			link = strings.TrimSpace(string(out))
			return err == nil && linkRE.FindString(link) == link && link != not
		}, func() string {
			return fmt.Sprintf("a link other than %q copied; the buffer holds %q; screen:\n%s", not, link, s.screen())
		})
		return link
	}
	s.tmux("send-keys", "p")
	s.waitScreen("the payment dialog", regexp.MustCompile(`(?i)\besc\b`))
	s.tmux("send-keys", "Enter")
	s.waitScreen("the new link", linkRE)
	old := copied("")

	s.tmux("send-keys", "m")
	s.waitScreen("the record dialog", regexp.MustCompile(`Record a payment received`))
	// The amount field starts with what is owed: clear it first.
	s.tmux("send-keys", "End")
	for range 20 {
		s.tmux("send-keys", "BSpace")
	}
	s.tmux("send-keys", "-l", "10.00")
	s.tmux("send-keys", "Enter")
	replaced := regexp.MustCompile(`old\s+link\s+was\s+archived;\s+the\s+new\s+one\s+asks\s+for`)
	waitForOr(t, func() bool { return replaced.MatchString(s.screen()) },
		func() string { return "the replacement in the footer; the screen shows:\n" + s.screen() })
	link := copied(old)
	if resp, err := http.Get(old); err != nil || resp.StatusCode != http.StatusGone {
		t.Errorf("the old link still opens: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	resp, err := http.PostForm(link, url.Values{"outcome": {"paid"}, "method": {"ideal"}})
	if err != nil {
		t.Fatalf("paying the new link: %v", err)
	}
	resp.Body.Close()
	s.waitScreen("the paid status", regexp.MustCompile(`Paid on \d{4}-\d{2}-\d{2}`))
	s.waitScreen("nothing owed", regexp.MustCompile(`Outstanding +EUR 0\.00`))
}
