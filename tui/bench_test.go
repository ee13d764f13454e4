package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
	"github.com/paydesk/paydesk/persistence"
)

// The interface's benchmarks run on a real SQLite database of N invoices,
// generated once per size and kept in a cache folder:
//
//	PAYDESK_BENCH_SIZES=1000,100000,1000000 go test ./tui -run '^$' -bench 'Invoices/' -benchtime 20x
//
// PAYDESK_BENCH_SIZES picks the sizes (default 1000,100000);
// PAYDESK_BENCH_CACHE the folder (default the user's cache folder,
// paydesk-bench). Generating a million invoices takes a few minutes once.

// manyInvoices makes n invoices with a spread of customers, due dates,
// amounts and payment states, as a large book would have.
func manyInvoices(n int) []domain.Invoice {
	customers := []string{"Acme B.V.", "Bakkerij de Vries", "Café Zonneveld", "Dr. Müller GmbH", "Egbert & Zonen",
		"Fietsenmaker Jansen", "Groothandel Peters", "Hotel Oranje", "IJssalon Italia", "Jachthaven Noord"}
	statuses := []domain.Status{domain.StatusOpen, domain.StatusPaid, domain.StatusExpired, domain.StatusPending}
	invs := make([]domain.Invoice, n)
	for i := range invs {
		inv := invoice(fmt.Sprintf("INV-%07d", i+1), fmt.Sprintf("%s %d", customers[i%len(customers)], i%997),
			int64(1000+(i*7919)%2000000), day(2026, 1, 1).AddDate(0, 0, i%700))
		inv.ID = int64(i + 1)
		if i%3 == 0 {
			st := statuses[i%len(statuses)]
			inv.LastPayment = &domain.PaymentRef{ID: int64(i), MollieID: fmt.Sprintf("pl_%08d", i), Kind: domain.KindLink,
				Mode: domain.ModeTest, Status: st}
			if st == domain.StatusPaid {
				inv.Test.Paid = inv.Total
			}
		}
		invs[i] = inv
	}
	return invs
}

// benchSizes are the book sizes PAYDESK_BENCH_SIZES asks for.
func benchSizes(b *testing.B) []int {
	v := os.Getenv("PAYDESK_BENCH_SIZES")
	if v == "" {
		v = "1000,100000"
	}
	var sizes []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("PAYDESK_BENCH_SIZES: %q is not a number of invoices", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// benchDatabase is the path of a database of n invoices, made when the
// cache lacks it: a quarter paid by hand, a quarter half paid.
func benchDatabase(b *testing.B, n int) string {
	dir := os.Getenv("PAYDESK_BENCH_CACHE")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dir = filepath.Join(base, "paydesk-bench")
	}
	// One file per schema version: a binary of another version, on
	// another branch, keeps its own.
	path := filepath.Join(dir, fmt.Sprintf("invoices-%d-schema%d.db", n, persistence.SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	tmp := path + ".new"
	os.Remove(tmp)
	ctx := context.Background()
	if upgradeBenchDatabase(ctx, dir, n, tmp) {
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		return path
	}
	os.Remove(tmp)
	st, err := persistence.Open(ctx, tmp, persistence.Options{})
	if err != nil {
		b.Fatal(err)
	}
	invs := manyInvoices(n)
	for i := range invs {
		switch i % 4 {
		case 0:
			invs[i].PaidOutside = invs[i].Total
		case 1:
			invs[i].PaidOutside = domain.NewMoney(invs[i].Total.Minor/2, invs[i].Currency)
		}
	}
	for start := 0; start < n; start += 50_000 {
		if _, err := st.ImportInvoices(ctx, invs[start:min(n, start+50_000)], testNow); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// upgradeBenchDatabase copies the cached database of n invoices of the
// newest older schema to tmp and opens it, which migrates it: seconds,
// where generating a million invoices takes minutes. It reports whether
// tmp now holds the database of this schema.
func upgradeBenchDatabase(ctx context.Context, dir string, n int, tmp string) bool {
	for v := persistence.SchemaVersion() - 1; v >= 0; v-- {
		name := fmt.Sprintf("invoices-%d-schema%d.db", n, v)
		if v == 0 {
			name = fmt.Sprintf("invoices-%d.db", n) // before the files were named by schema
		}
		if !copyFile(filepath.Join(dir, name), tmp) {
			continue
		}
		st, err := persistence.Open(ctx, tmp, persistence.Options{})
		if err != nil || st.Close() != nil {
			return false
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		return true
	}
	return false
}

// copyFile copies from to a new file to, reporting whether it could.
func copyFile(from, to string) bool {
	in, err := os.Open(from)
	if err != nil {
		return false
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return false
	}
	_, err = io.Copy(out, in)
	return out.Close() == nil && err == nil
}

// benchService opens the database of n invoices.
func benchService(b *testing.B, ctx context.Context, n int) *domain.Service {
	st, err := persistence.Open(ctx, benchDatabase(b, n), persistence.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return domain.NewService(domain.ServiceConfig{Store: st, Gateways: mock.NewMollie().Gateways(), Clock: mock.NewClock(testNow), Actor: testActor})
}

// benchUI drives the root model as the program does: every Cmd on its own
// goroutine, every message back through Update. One channel serves the
// whole run, so that a read which outlives the key that started it (the
// status of the newly selected invoice, the counts of a search) is applied
// when it arrives, at the next key, as the program would apply it between
// keys; a read whose answer were dropped would leave its loader waiting for
// good, and later keys would start no reads at all.
type benchUI struct {
	m    Model
	msgs chan tea.Msg
}

// benchStart is the root model at 120×40 with its first reads started (as
// the program starts them) and the invoice list's window and counts read
// and drawn: the first frame.
func benchStart(b *testing.B, ctx context.Context, svc *domain.Service) *benchUI {
	u := &benchUI{m: New(ctx, svc, Options{Lang: "en", Color: "always"}), msgs: make(chan tea.Msg, 1024)}
	// The benchmark's database has no Mollie account; stay on the
	// invoices instead of opening on the setup screen.
	u.m.setupDecided = true
	u.update(tea.WindowSizeMsg{Width: 120, Height: 40})
	u.run(u.m.Init())
	u.until(func(m Model) bool { return m.invoices.list.settled() })
	_ = u.m.View()
	if u.m.active != screenInvoices || !u.m.invoices.list.loaded {
		b.Fatal("the first frame does not show the invoice list")
	}
	return u
}

// benchModel is the model of benchStart, for benchmarks that call Update
// and View themselves.
func benchModel(b *testing.B, ctx context.Context, svc *domain.Service) Model {
	return benchStart(b, ctx, svc).m
}

func (u *benchUI) run(c tea.Cmd) {
	if c != nil {
		go func() { u.msgs <- c() }()
	}
}

func (u *benchUI) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			u.run(c)
		}
	default:
		next, c := u.m.Update(msg)
		u.m = next.(Model)
		u.run(c)
	}
}

// until applies messages until done holds, first those that have arrived
// already; other Cmds (a cursor's blink, the clock) are left running.
func (u *benchUI) until(done func(Model) bool) {
	for {
		select {
		case msg := <-u.msgs:
			u.update(msg)
			continue
		default:
		}
		if done(u.m) {
			return
		}
		u.update(<-u.msgs)
	}
}

// shown: the rows asked for are on screen (the counts may follow).
func shown(m Model) bool { return m.invoices.list.shown() }

// statusShown: the rows are on screen and the status pane shows the
// selected invoice's status, read for it.
func statusShown(m Model) bool {
	sel, ok := m.invoices.list.SelectedNumber()
	st := m.invoices.pane.status
	return shown(m) && (!ok || st != nil && st.Invoice.Number == sel) && !m.status.running
}

// press sends a key, applies what arrives until done holds, and draws.
// Measured: Update of the key, the reads it starts that the rows on screen
// need (a page at the edge of the window, the window of a tab, a search or
// an end), the answers of earlier reads that arrive meanwhile, and the
// frame. Not waited for: the status of the newly selected invoice, unless
// done asks for it (CursorMoveStatus), and the tab counts a search reads
// again, which follow on their own and are measured by the Counts
// benchmarks.
func (u *benchUI) press(k tea.KeyPressMsg, done func(Model) bool) {
	u.update(k)
	u.until(done)
	_ = u.m.View()
}

// BenchmarkInvoices measures, per book size: the first frame (the model
// made, the first window and the counts read, the frame drawn), a cursor
// move (and the same until the status pane shows the newly selected
// invoice), a page down, a jump to the end and back to the start, a keystroke
// in the search, and switching tabs, each with the frame drawn after it.
func BenchmarkInvoices(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			svc := benchService(b, b.Context(), n)
			b.Run("FirstFrame", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ctx, cancel := context.WithCancel(b.Context())
					benchModel(b, ctx, svc)
					cancel()
				}
			})
			for _, c := range []struct {
				name string
				done func(Model) bool
			}{{"CursorMove", shown}, {"CursorMoveStatus", statusShown}} {
				b.Run(c.name, func(b *testing.B) {
					u := benchStart(b, b.Context(), svc)
					down, up := keyMsg("down"), keyMsg("up")
					b.ReportAllocs()
					for i := 0; b.Loop(); i++ {
						k := down
						if i%200 >= 100 {
							k = up
						}
						u.press(k, c.done)
					}
				})
			}
			b.Run("PageDown", func(b *testing.B) {
				u := benchStart(b, b.Context(), svc)
				pgdown, top := keyMsg("pgdown"), keyMsg("g")
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					k := pgdown
					if i%50 == 49 {
						k = top
					}
					u.press(k, shown)
				}
			})
			b.Run("JumpToEnd", func(b *testing.B) {
				u := benchStart(b, b.Context(), svc)
				end, top := keyMsg("G"), keyMsg("g")
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					k := end
					if i%2 == 1 {
						k = top
					}
					u.press(k, shown)
				}
				if u.m.invoices.list.Len() == 0 {
					b.Fatal("the list is empty")
				}
				u.press(end, shown)
				if sel, _ := u.m.invoices.list.SelectedNumber(); !u.m.invoices.list.atEnd || sel == "" {
					b.Fatal("end did not reach the end of the list")
				}
			})
			b.Run("FilterKeystroke", func(b *testing.B) {
				u := benchStart(b, b.Context(), svc)
				u.press(keyMsg("/"), shown)
				word := []rune("hotel oranje 5")
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					// Type the word a letter at a time, as a new search each
					// time: each letter reads the new search's first page (from
					// the previous letter's first match on). Between words the
					// search is erased and the list forgets the searches it has
					// read, untimed: erasing shows pages read moments before
					// without a read, and a word typed again would be found in
					// that memory instead of the store. The counts are read
					// after the rows, beside the next key, and not waited for.
					j := i % len(word)
					if j == 0 && i > 0 {
						b.StopTimer()
						for range word {
							u.press(keyMsg("backspace"), shown)
						}
						u.m.invoices.list.memo.forget()
						b.StartTimer()
					}
					u.press(tea.KeyPressMsg{Code: word[j], Text: string(word[j])}, shown)
				}
				if !u.m.invoices.filtering {
					b.Fatal("the keys did not reach the search")
				}
			})
			for _, search := range []string{"", "ho", "hotel oranje 5"} {
				b.Run(fmt.Sprintf("Counts/search=%q", search), func(b *testing.B) {
					q := domain.InvoiceQuery{Search: search, Mode: domain.ModeTest, Today: testNow}
					for b.Loop() {
						if _, err := svc.CountInvoices(b.Context(), q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("SwitchTab", func(b *testing.B) {
				u := benchStart(b, b.Context(), svc)
				tab := keyMsg("l")
				b.ReportAllocs()
				for b.Loop() {
					u.press(tab, shown)
				}
				if u.m.invoices.list.tab == tabAll && b.N%int(tabCount) != 0 {
					b.Fatal("the key did not switch tabs")
				}
			})
		})
	}
}
