package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/mollie/molliesim"
)

// binary is the paydesk executable the tests run, built once in TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "paydesk-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "paydesk")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command(goTool(), append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building paydesk:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goTool is the go command; go test puts its own first on PATH.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// harness is one temporary paydesk installation: a folder, a database, and
// a simulated Mollie the binary talks to.
type harness struct {
	t   *testing.T
	dir string
	db  string
	sim *molliesim.Server
	url string
	env []string // extra variables, KEY=VALUE
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	sim, url, err := molliesim.Listen(t.Context(), "127.0.0.1:0", molliesim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return &harness{t: t, dir: dir, db: filepath.Join(dir, "paydesk.db"), sim: sim, url: url}
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// command prepares a paydesk process with a clean environment: none of
// the developer's PAYDESK_* variables, no colour, English, UTC.
func (h *harness) command(ctx context.Context, stdin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = h.dir
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"XDG_DATA_HOME=" + filepath.Join(h.dir, "xdg"),
		"LANG=C.UTF-8",
		"TZ=UTC",
		"NO_COLOR=1",
		"PAYDESK_DB=" + h.db,
		"PAYDESK_MOLLIE_URL=" + h.url,
	}, h.env...)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func (h *harness) runInput(stdin string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, stdin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("paydesk %s: %v", strings.Join(args, " "), err)
	}
	return r
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runInput("", args...)
}

// ok runs paydesk and fails the test unless it succeeds.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("paydesk %s failed:\n%s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// fails runs paydesk and fails the test unless it exits non-zero.
func (h *harness) fails(args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code == 0 {
		h.t.Fatalf("paydesk %s succeeded but should have failed:\n%s", strings.Join(args, " "), r)
	}
	return r
}

// jsonOut runs paydesk with args (which include --json) and decodes stdout into v.
func (h *harness) jsonOut(v any, args ...string) {
	h.t.Helper()
	out := h.ok(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		h.t.Fatalf("paydesk %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (h *harness) write(name, content string) string {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// connect switches the integration on and connects with the simulator's test key.
func (h *harness) connect() {
	h.t.Helper()
	h.ok("integration", "enable")
	r := h.runInput(h.sim.TestKey()+"\n", "connect", "--api-key-stdin")
	if r.code != 0 {
		h.t.Fatalf("connect failed:\n%s", r)
	}
}

// importInvoices imports invoices given as "number,customer,total" lines,
// due in a month.
func (h *harness) importInvoices(rows ...string) {
	h.t.Helper()
	var b strings.Builder
	b.WriteString("number,customer,email,currency,total,issue date,due date\n")
	issued := time.Now().UTC().Format(time.DateOnly)
	due := time.Now().UTC().AddDate(0, 1, 0).Format(time.DateOnly)
	for _, r := range rows {
		f := strings.Split(r, ",")
		fmt.Fprintf(&b, "%s,%s,billing@example.org,EUR,%s,%s,%s\n", f[0], f[1], f[2], issued, due)
	}
	h.write("invoices.csv", b.String())
	h.ok("import", "invoices.csv")
}

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitForOr(t, cond, func() string { return what })
}

// waitForOr is waitFor with a description made when it times out, so it
// can say what was seen instead.
func waitForOr(t *testing.T, cond func() bool, what func() string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func decode(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}
