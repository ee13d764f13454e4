package persistence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Environment of a child process started by TestProcessesWriteConcurrently.
const (
	helperDB    = "PAYDESK_TEST_HELPER_DB"
	helperIndex = "PAYDESK_TEST_HELPER_INDEX"
	helperStart = "PAYDESK_TEST_HELPER_START"
	helperRound = 100
	children    = 3
)

func TestProcessesWriteConcurrently(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "paydesk.db")
	s := openAt(t, path)
	mustImport(t, s, testInvoice("SHARED", 5000))
	s.Close()

	start := filepath.Join(dir, "start")
	cmds := make([]*exec.Cmd, children)
	outs := make([]*bytes.Buffer, children)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperDB+"="+path, helperIndex+"="+strconv.Itoa(i), helperStart+"="+start)
		outs[i] = new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	// All children are running; let them write at once.
	if err := os.WriteFile(start, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	created := 0
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v\n%s", i, err, outs[i])
		}
		n, ok := reportedCreations(outs[i].String())
		if !ok {
			t.Fatalf("child %d did not report its work:\n%s", i, outs[i])
		}
		created += n
	}

	s = openAt(t, path)
	ctx := context.Background()
	invs, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil || len(invs) != 1+children*helperRound {
		t.Fatalf("%d invoices, %v; want %d", len(invs), err, 1+children*helperRound)
	}
	logs, err := s.Log(ctx, domain.LogFilter{})
	if err != nil || len(logs) != children*helperRound {
		t.Fatalf("%d log entries, %v; want %d", len(logs), err, children*helperRound)
	}
	shared, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: "SHARED"})
	if err != nil || len(shared) != created || created == 0 {
		t.Fatalf("%d payments of SHARED, %v; the children created %d", len(shared), err, created)
	}
	for _, inv := range invs {
		if inv.Number != "SHARED" && (inv.LastPayment == nil || inv.LastPayment.Status != domain.StatusExpired) {
			t.Fatalf("invoice %s: last payment %+v", inv.Number, inv.LastPayment)
		}
	}
}

func reportedCreations(out string) (int, bool) {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "created="); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil
		}
	}
	return 0, false
}

// TestHelperProcess is a child of TestProcessesWriteConcurrently; run
// alone it does nothing.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperDB)
	if path == "" {
		t.Skip("only runs as a child of TestProcessesWriteConcurrently")
	}
	if err := waitForFile(os.Getenv(helperStart)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	created, err := helperWork(s, os.Getenv(helperIndex))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("created=%d\n", created)
}

func waitForFile(path string) error {
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("the start signal never came")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// helperWork imports, logs and reserves payments, round after round, and
// returns how many payments it created for the invoice all children share.
func helperWork(s *Store, child string) (int, error) {
	ctx := context.Background()
	created := 0
	for i := range helperRound {
		now := t0.Add(time.Duration(i) * time.Second)
		number := fmt.Sprintf("C%s-%03d", child, i)
		if _, err := s.ImportInvoices(ctx, []domain.Invoice{testInvoice(number, 1000)}, now); err != nil {
			return created, fmt.Errorf("import %s: %w", number, err)
		}
		if _, err := s.AppendLog(ctx, domain.LogEntry{At: now, Event: domain.EventImport, InvoiceNumber: number, Actor: "child " + child}); err != nil {
			return created, fmt.Errorf("log %s: %w", number, err)
		}
		for _, inv := range []string{number, "SHARED"} {
			plan, err := s.ReservePayment(ctx, inv, planNew(domain.ModeLive, domain.KindLink, now))
			if err != nil {
				return created, fmt.Errorf("reserve %s: %w", inv, err)
			}
			if plan.New == nil {
				continue // another child's payment is active
			}
			if inv == "SHARED" {
				created++
			}
			// Free the slot for the next round.
			_, err = s.UpdatePayment(ctx, plan.New.ID, func(p *domain.Payment) error {
				p.Status, p.ExpiredAt = domain.StatusExpired, now
				return nil
			})
			if err != nil {
				return created, fmt.Errorf("expire payment of %s: %w", inv, err)
			}
		}
	}
	return created, nil
}
