package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/i18n/i18ntest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandPaths are the paths of every command paydesk offers, cobra's
// help and completion commands included.
func commandPaths() [][]string {
	root, _ := newRoot()
	var paths [][]string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		paths = append(paths, strings.Fields(c.CommandPath())[1:])
		for _, sc := range c.Commands() {
			walk(sc)
		}
	}
	walk(root)
	return paths
}

// Every command and every flag has its words in the catalogue, so the help
// never falls back to the English in the code.
func TestEveryCommandAndFlagHasItsWords(t *testing.T) {
	en, err := assets.Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	has := func(key string) bool { _, ok := en[key]; return ok }
	root, _ := newRoot()
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		key := helpKey(c)
		if !has(key + ".short") {
			t.Errorf("no %s.short", key)
		}
		n++
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden && f.Name != "debug-log" {
				return
			}
			if !has(key+".flag."+f.Name) && !has("cli.help.flag."+f.Name) {
				t.Errorf("no words for %s's flag --%s (%s.flag.%s)", c.CommandPath(), f.Name, key, f.Name)
			}
		})
		for _, g := range c.Groups() {
			if !has("cli.help.group." + g.ID) {
				t.Errorf("no title for the command group %s", g.ID)
			}
		}
		for _, sc := range c.Commands() {
			walk(sc)
		}
	}
	walk(root)
	if n < 30 {
		t.Errorf("walked only %d commands", n)
	}
}

// A German or Dutch message that is the English one is a translation
// forgotten, unless it holds nothing but names, codes and syntax.
func TestCommandLineMessagesAreTranslated(t *testing.T) {
	en, err := assets.Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range assets.Languages[1:] {
		cat, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for key, text := range en {
			if !strings.HasPrefix(key, "cli.") || cat[key] != text {
				continue
			}
			if bad := i18ntest.Sentence(lang, text); len(bad) > 0 {
				t.Errorf("%s %s is the English text: %q (%s)", lang, key, text, strings.Join(bad, ", "))
			}
		}
	}
}

// Every command's help, in each language, has no raw key, and in German and
// Dutch no English.
func TestEveryHelpSpeaksTheChosenLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	paths := commandPaths()
	if len(paths) < 30 {
		t.Fatalf("only %d commands", len(paths))
	}
	for _, lang := range assets.Languages {
		for _, path := range paths {
			args := append(slices.Clone(path), "--help", "--lang", lang)
			out := h.ok(args...)
			if !strings.Contains(out, "--lang") {
				t.Errorf("paydesk %s: no flags listed:\n%s", strings.Join(args, " "), out)
			}
			if bad := i18ntest.Untranslated(lang, out); len(bad) > 0 {
				t.Errorf("paydesk %s: %s in:\n%s", strings.Join(args, " "), strings.Join(bad, "; "), out)
			}
		}
	}
}

// The command line speaks the reader's language: every command's result
// and a typical refusal, tables, summaries, log lines, errors and their
// hints hold no English under --lang de or nl, and no raw key in any language.
func TestCommandsSpeakTheChosenLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("L-1,Acme B.V.,1840.50", "L-2,Globex,12.00", "L-3,Globex,30.00", "L-4,Acme B.V.,7.00")
	h.ok("settings", "set", "smtp_host", "127.0.0.1")
	h.ok("settings", "set", "smtp_port", "1")
	h.ok("settings", "set", "smtp_from", "billing@example.org")
	type run struct {
		args []string
		fail bool
	}
	// Before connecting: what a new user sees first.
	early := []run{
		{args: []string{"integration", "status"}},
		{args: []string{"pay", "L-1"}, fail: true},
		{args: []string{"connect", "--api-key", "nonsense"}, fail: true},
		{args: []string{"connect"}, fail: true},
		{args: []string{"sync"}, fail: true},
	}
	check := func(lang string, r run) {
		args := append(slices.Clone(r.args), "--lang", lang)
		for i, a := range args {
			if a == "%s" {
				args[i] = lang // the customer's language follows the reader's here
			}
		}
		res := h.run(args...)
		if r.fail != (res.code != 0) {
			t.Errorf("paydesk %s: unexpected exit:\n%s", strings.Join(args, " "), res)
		}
		if bad := i18ntest.Untranslated(lang, res.stdout+res.stderr); len(bad) > 0 {
			t.Errorf("%s, paydesk %s: %s in:\n%s%s", lang, strings.Join(r.args, " "), strings.Join(bad, "; "), res.stdout, res.stderr)
		}
	}
	for _, lang := range assets.Languages {
		for _, r := range early {
			check(lang, r)
		}
	}
	h.connect()
	h.pay("L-1")
	h.ok("record-payment", "L-2", "12.00")
	h.ok("record-payment", "L-3", "10.00")
	h.ok("record-payment", "L-4", "7.00")
	png := filepath.Join(h.dir, "qr-%s.png")
	runs := []run{
		{args: []string{"invoices"}},
		{args: []string{"invoices", "--status", "overpaid"}},
		{args: []string{"invoices", "--status", "maybe"}, fail: true},
		{args: []string{"summary"}},
		{args: []string{"status", "L-1"}},
		{args: []string{"status", "L-1", "--refresh"}},
		{args: []string{"status", "L-3"}},
		{args: []string{"status", "NOPE"}, fail: true},
		{args: []string{"pay", "L-1"}},
		{args: []string{"pay", "L-2"}, fail: true},
		{args: []string{"pay", "L-1", "--kind", "soon"}, fail: true},
		{args: []string{"pay"}, fail: true},
		{args: []string{"copy", "L-2"}, fail: true},
		{args: []string{"qr", "L-1", "--background", "dark"}},
		{args: []string{"qr", "L-2"}, fail: true},
		{args: []string{"qr", "L-1", "--background", "blue"}, fail: true},
		{args: []string{"record-payment", "L-1", "5000.00"}, fail: true},
		{args: []string{"record-payment", "L-1", "abc"}, fail: true},
		{args: []string{"record-payment", "L-3", "--list"}},
		{args: []string{"record-payment", "L-1", "--list"}},
		{args: []string{"settings", "get"}},
		{args: []string{"settings", "set", "link_expiry", "soon"}, fail: true},
		{args: []string{"settings", "get", "a", "b"}, fail: true},
		{args: []string{"integration", "status"}},
		{args: []string{"sync"}},
		{args: []string{"log"}},
		{args: []string{"log", "--invoice", "L-4"}},
		{args: []string{"log", "--level", "loud"}, fail: true},
		{args: []string{"log", "--invoice", "NOPE"}, fail: true},
		{args: []string{"settings", "set", "mail_language", "%s"}},
		{args: []string{"send", "L-3", "--dry-run"}},
		{args: []string{"send", "L-2", "--dry-run"}, fail: true},
		{args: []string{"remind", "--dry-run"}},
		{args: []string{"remind", "--overdue-days", "0"}, fail: true},
		{args: []string{"mail", "test"}, fail: true},
		{args: []string{"migrate"}, fail: true},
		{args: []string{"migrate", "--from", "nowhere.db", "--to", "postgres://localhost/x"}, fail: true},
		{args: []string{"import", "nowhere.csv"}, fail: true},
		{args: []string{"import", "--date-order", "ymd", "invoices.csv"}, fail: true},
		{args: []string{"serve", "--listen", "256.0.0.1:99999"}, fail: true},
		{args: []string{"sim", "--fail-rate", "2"}, fail: true},
		{args: []string{"demo", "--no-customers"}, fail: true},
		{args: []string{"init", "--db", "postgres://nowhere/x", "--group", "staff"}, fail: true},
		{args: []string{"nonsense"}, fail: true},
		{args: []string{"invoices", "--bogus"}, fail: true},
		{args: []string{"log", "--limit"}, fail: true},
		{args: []string{"log", "--limit", "x"}, fail: true},
	}
	for _, lang := range assets.Languages {
		for _, r := range runs {
			check(lang, r)
		}
		check(lang, run{args: []string{"qr", "L-1", "--png", fmt.Sprintf(png, lang)}})
		check(lang, run{args: []string{"init", "--db", filepath.Join(h.dir, lang, "new.db")}})
		check(lang, run{args: []string{"init", "--db", filepath.Join(h.dir, lang, "new.db")}})
	}
	// The reversal and the disconnection change the books: last, once per language.
	for i, lang := range assets.Languages {
		check(lang, run{args: []string{"record-payment", "L-3", "--reverse", "2", "--note", "typo"}, fail: i > 0})
	}
	for _, lang := range assets.Languages {
		check(lang, run{args: []string{"integration", "disable"}})
		check(lang, run{args: []string{"integration", "enable"}})
		check(lang, run{args: []string{"disconnect"}})
	}
}
