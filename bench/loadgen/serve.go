package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a running 'paydesk serve' process.
type server struct {
	cmd  *exec.Cmd
	base string
	done chan struct{} // closed when the process has exited

	mu      sync.Mutex
	lines   []string // what it printed on stdout
	stopped bool
	summary served
	waitErr error
}

// served is what serve said and used when it stopped.
type served struct {
	stopLine string // "paydesk serve: stopped (N webhooks handled, M failed)"
	maxRSS   int64  // bytes
	cpu      time.Duration
	stderr   string // the file its notes went to
}

const listeningPrefix = "paydesk serve: listening on "

// startServe runs the binary's serve on a free loopback port against db
// and the simulator, and waits until it answers /healthz.
func startServe(ctx context.Context, bin, db, mollieURL, dir string) (*server, error) {
	errPath := filepath.Join(dir, "serve.stderr")
	errFile, err := os.Create(errPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--db", db, "--mollie-url", mollieURL, "--color", "never", "serve", "--listen", "127.0.0.1:0")
	cmd.Env = cleanEnv()
	cmd.Stderr = errFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s serve: %w", bin, err)
	}
	errFile.Close()
	s := &server{cmd: cmd, done: make(chan struct{}), summary: served{stderr: errPath}}
	listening := make(chan string, 1)
	go s.read(bufio.NewScanner(out), listening)
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.waitErr = err
		if cmd.ProcessState != nil {
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				s.summary.maxRSS = ru.Maxrss * 1024
			}
			s.summary.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		s.mu.Unlock()
		close(s.done)
	}()
	select {
	case s.base = <-listening:
	case <-s.done:
		return nil, fmt.Errorf("serve exited before listening (%v); see %s", s.waitErr, errPath)
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, fmt.Errorf("serve did not say where it listens within 30s; see %s", errPath)
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	if err := waitHealthy(ctx, s.base); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// cleanEnv passes the environment on without any PAYDESK_ variable, so
// that only the flags decide which database and Mollie serve uses.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PAYDESK_") {
			env = append(env, kv)
		}
	}
	return env
}

func (s *server) read(sc *bufio.Scanner, listening chan<- string) {
	for sc.Scan() {
		line := sc.Text()
		s.mu.Lock()
		s.lines = append(s.lines, line)
		if strings.HasPrefix(line, "paydesk serve: stopped") {
			s.summary.stopLine = line
		}
		s.mu.Unlock()
		if base, ok := strings.CutPrefix(line, listeningPrefix); ok {
			listening <- strings.TrimSpace(base)
		}
	}
}

func waitHealthy(ctx context.Context, base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve at %s not healthy after 30s: %v", base, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop ends serve with SIGTERM, as an operator would, and waits for it;
// only if it hangs past its own grace period is it killed. Later calls
// return the same result.
func (s *server) stop() (served, error) {
	s.mu.Lock()
	first := !s.stopped
	s.stopped = true
	s.mu.Unlock()
	if first {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	var exit *exec.ExitError
	if s.waitErr != nil && !errors.As(s.waitErr, &exit) {
		err = s.waitErr
	} else if exit != nil {
		err = fmt.Errorf("serve exited with %v; see %s", exit, s.summary.stderr)
	}
	return s.summary, err
}
