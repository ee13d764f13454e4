package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/termcolor"
	"github.com/spf13/cobra"
)

// Environment variables that stand in for the global flags; a flag given on
// the command line wins over its variable.
const (
	envDB        = "PAYDESK_DB"
	envLang      = "PAYDESK_LANG"
	envColor     = "PAYDESK_COLOR"
	envMollieURL = "PAYDESK_MOLLIE_URL"
	envDebugLog  = "PAYDESK_DEBUG_LOG"
	envAPIKey    = "PAYDESK_MOLLIE_API_KEY"
)

const defaultMollieURL = "https://api.mollie.com"

// globals are the flags every command shares.
type globals struct {
	cmd *cobra.Command // the root, whose persistent flags these are

	db        string
	lang      string
	color     string
	mollieURL string
	debugLog  string
}

func (g *globals) register(root *cobra.Command) {
	g.cmd = root
	f := root.PersistentFlags()
	f.StringVar(&g.db, "db", "", "")
	f.StringVar(&g.lang, "lang", "", "")
	f.StringVar(&g.color, "color", "", "")
	f.StringVar(&g.mollieURL, "mollie-url", "", "")
	f.StringVar(&g.debugLog, "debug-log", "", "")
	_ = f.MarkHidden("debug-log")
}

// value is the flag when given, else its environment variable, else def.
func (g *globals) value(flag, env, def string) string {
	if f := g.cmd.PersistentFlags().Lookup(flag); f != nil && f.Changed {
		return f.Value.String()
	}
	if v := os.Getenv(env); v != "" {
		return v
	}
	return def
}

// explicitDB reports whether --db was given on the command line.
func (g *globals) explicitDB() bool {
	f := g.cmd.PersistentFlags().Lookup("db")
	return f != nil && f.Changed
}

func (g *globals) dbPath() (string, error) {
	if p := g.value("db", envDB, ""); p != "" {
		return p, nil
	}
	return defaultDBPath()
}

// defaultDBPath follows the XDG base directory rules.
func defaultDBPath() (string, error) {
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" || !filepath.IsAbs(data) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", sayErr("cli.db.no_home", envDB)
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "paydesk", "paydesk.db"), nil
}

// langChoice is the language the flag or PAYDESK_LANG asks for, "" when
// neither does (then the stored setting or LANG decides).
func (g *globals) langChoice() (string, error) {
	v := strings.ToLower(strings.TrimSpace(g.value("lang", envLang, "")))
	if f := g.cmd.PersistentFlags().Lookup("lang"); !f.Changed && os.Getenv(envLang) == "" {
		// A mistake earlier on the line stops cobra before it reads --lang;
		// the message about that mistake is still for this reader.
		if l, ok := argValue(os.Args[1:], "--lang"); ok {
			v = strings.ToLower(strings.TrimSpace(l))
		}
	}
	switch v {
	case "", "en", "de", "nl":
		return v, nil
	}
	return "", usageError{sayErr("cli.usage.lang", v)}
}

// language picks the output language: flag or PAYDESK_LANG, else the
// language setting stored in the database, else LANG.
func (g *globals) language(stored string) (string, error) {
	choice, err := g.langChoice()
	if err != nil {
		return "", err
	}
	if choice == "" {
		choice = stored
	}
	return i18n.FromEnv(choice), nil
}

// colorMode is the colour decision of the flag or PAYDESK_COLOR against
// NO_COLOR, made by termcolor like everywhere else.
func (g *globals) colorMode() (string, error) {
	m, err := termcolor.Decide(g.value("color", envColor, ""), os.Environ())
	if err != nil {
		return "", usageError{sayErr("cli.usage.color", g.value("color", envColor, ""))}
	}
	return string(m), nil
}

// preferColorFromArgs applies the colour choice before cobra parses the
// flags, so that help and error messages (drawn with colorprofile from the
// environment) follow it too. colorprofile only honours NO_COLOR values
// that parse as true, so any non-empty value is normalised to "1".
func preferColorFromArgs(args []string) {
	choice := os.Getenv(envColor)
	if v, ok := argValue(args, "--color"); ok {
		choice = v
	}
	mode, err := termcolor.Decide(choice, os.Environ())
	if err != nil {
		return // cobra reports the bad value
	}
	switch mode {
	case termcolor.Never:
		os.Setenv("NO_COLOR", "1")
	case termcolor.Always:
		os.Unsetenv("NO_COLOR")
		os.Setenv("CLICOLOR_FORCE", "1")
	}
}

// argValue finds a flag's value on the command line before cobra has
// parsed it: "--name value" or "--name=value", the last one winning.
func argValue(args []string, name string) (value string, ok bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, found := strings.CutPrefix(a, name+"="); found {
			value, ok = v, true
		} else if a == name && i+1 < len(args) {
			value, ok = args[i+1], true
		}
	}
	return value, ok
}

// mollieBaseURL is the API address to use, checked for shape.
func (g *globals) mollieBaseURL() (string, error) {
	raw := strings.TrimRight(g.value("mollie-url", envMollieURL, defaultMollieURL), "/")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", usageError{sayErr("cli.usage.mollie_url", raw, defaultMollieURL)}
	}
	return raw, nil
}
