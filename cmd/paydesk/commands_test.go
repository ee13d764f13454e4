package main

import (
	"bufio"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestInitCreatesPrivateAndSharedDatabases(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	private := filepath.Join(h.dir, "private", "paydesk.db")
	if out := h.ok("init", "--db", private); !strings.Contains(out, "Created database") {
		t.Errorf("init said:\n%s", out)
	}
	assertMode(t, private, 0o600)
	assertMode(t, filepath.Dir(private), 0o700)
	if out := h.ok("init", "--db", private); !strings.Contains(out, "already exists") {
		t.Errorf("init on an existing database said:\n%s", out)
	}

	g := primaryGroup(t)
	shared := filepath.Join(h.dir, "shared", "paydesk.db")
	if out := h.ok("init", "--db", shared, "--group", g.Name); !strings.Contains(out, g.Name) {
		t.Errorf("init --group said:\n%s", out)
	}
	assertMode(t, shared, 0o660)
	// The shared database works like any other.
	h.write("one.csv", "number,customer,currency,total\nINV-1,A,EUR,1.00\n")
	h.ok("import", "--db", shared, "one.csv")
	if r := h.fails("init", "--db", filepath.Join(h.dir, "x.db"), "--group", "no-such-group-paydesk"); !strings.Contains(r.stderr, "no-such-group-paydesk") {
		t.Errorf("init with an unknown group:\n%s", r)
	}
}

// primaryGroup is the group of the user running the tests, which init
// --group may name.
func primaryGroup(t *testing.T) *user.Group {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}

func TestCopySyncAndSettings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-6,Stark Industries,12.34")
	h.connect()

	if r := h.fails("copy", "INV-6"); !strings.Contains(r.stderr, "paydesk pay INV-6") {
		t.Errorf("copy without a link:\n%s", r)
	}
	p := h.pay("INV-6")
	if got := strings.TrimSpace(h.ok("copy", "INV-6")); got != p.URL {
		t.Errorf("copy printed %q, want %q", got, p.URL)
	}
	if _, err := h.sim.Pay(p.MollieID, "paid", "banktransfer"); err != nil {
		t.Fatal(err)
	}
	var rep syncJSON
	h.jsonOut(&rep, "sync", "--json")
	if rep.Checked != 1 || rep.Changed != 1 {
		t.Errorf("sync = %+v, want one payment checked and changed", rep)
	}
	var st statusJSON
	h.jsonOut(&st, "status", "INV-6", "--json")
	if st.Status == nil || *st.Status != "paid" {
		t.Errorf("status after sync = %+v", st)
	}
	var log []logJSON
	h.jsonOut(&log, "log", "--json", "--invoice", "INV-6")
	copied := false
	for _, e := range log {
		copied = copied || e.Event == "copy"
	}
	if !copied {
		t.Errorf("the copy was not logged: %+v", log)
	}

	if out := h.ok("settings", "set", "link_expiry", "30"); !strings.Contains(out, "link_expiry = 30") {
		t.Errorf("settings set said:\n%s", out)
	}
	if got := strings.TrimSpace(h.ok("settings", "get", "link_expiry")); got != "30" {
		t.Errorf("link_expiry = %q", got)
	}
	h.ok("settings", "set", "link_expiry", "")
	if got := strings.TrimSpace(h.ok("settings", "get", "link_expiry")); got != "due_date" {
		t.Errorf("after reset link_expiry = %q", got)
	}
	if r := h.fails("settings", "set", "link_expiry", "soon"); !strings.Contains(r.stderr, "link_expiry") {
		t.Errorf("a bad value:\n%s", r)
	}
	if r := h.fails("settings", "set", "colour", "blue"); !strings.Contains(r.stderr, "Unknown setting") {
		t.Errorf("an unknown key:\n%s", r)
	}
	if all := h.ok("settings", "get"); !strings.Contains(all, "webhook_url") || !strings.Contains(all, "(default)") || strings.Contains(all, "api_key") {
		t.Errorf("settings get:\n%s", all)
	}
}

func TestLogFollowPrintsNewRows(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-7,Wonka,10.00")
	cmd := h.command(t.Context(), "", "log", "--follow", "--json")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	next := func() logJSON {
		t.Helper()
		line, ok := <-lines
		if !ok {
			t.Fatal("log --follow ended early")
		}
		var e logJSON
		decode(t, line, &e)
		return e
	}
	if e := next(); e.Event != "import" {
		t.Fatalf("first row = %+v, want the import", e)
	}
	h.ok("record-payment", "INV-7", "2.50")
	if e := next(); e.Event != "record_payment" || e.Invoice == nil || *e.Invoice != "INV-7" {
		t.Errorf("followed row = %+v, want the recorded payment", e)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("log --follow did not end cleanly on SIGINT: %v", err)
	}
}

func TestSimCommandPrintsWhatToConnectWith(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cmd := h.command(t.Context(), "", "sim", "--listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var base, key string
	for sc.Scan() && (base == "" || key == "") {
		if _, after, ok := strings.Cut(sc.Text(), "listening on "); ok {
			base = strings.TrimSpace(after)
		}
		if _, after, ok := strings.Cut(sc.Text(), "test key: "); ok {
			key = strings.TrimSpace(after)
		}
	}
	if base == "" || key == "" {
		t.Fatalf("sim did not print its URL and test key (got %q, %q)", base, key)
	}
	h.ok("integration", "enable")
	if r := h.runInput(key+"\n", "connect", "--api-key-stdin", "--mollie-url", base); r.code != 0 || !strings.Contains(r.stdout, "TEST") {
		t.Errorf("connect to the sim command:\n%s", r)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("sim did not stop cleanly: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"pay"}, "needs INVOICE"},
		{[]string{"statsu"}, "did you mean status"},
		{[]string{"invoices", "--status", "maybe"}, "use one of unpaid, overdue, awaiting_payment, paid, overpaid, credit.\n  --status all lists"},
		{[]string{"invoices", "--lang", "fr"}, "en, de or nl"},
		{[]string{"invoices", "--color", "pink"}, "auto, always or never"},
		{[]string{"connect"}, "--api-key-stdin"},
	}
	for _, c := range cases {
		r := h.run(c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("paydesk %s: want exit 2 saying %q:\n%s", strings.Join(c.args, " "), c.want, r)
		}
	}
	if r := h.fails("status", "INV-404"); r.code != 1 || !strings.Contains(r.stderr, "paydesk invoices") {
		t.Errorf("status of an unknown invoice:\n%s", r)
	}
	if r := h.fails(); !strings.Contains(r.stderr, "needs a terminal") {
		t.Errorf("paydesk without a terminal:\n%s", r)
	}
	if out := h.ok("version"); !strings.HasPrefix(out, "paydesk ") {
		t.Errorf("version printed %q", out)
	}
}
