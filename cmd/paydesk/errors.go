package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/paydesk/paydesk/termcolor"
	"github.com/spf13/cobra"
)

// usageError is a mistake in how paydesk was called; it exits with 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// spoken is an error put into the reader's language through the catalogue;
// errors.As and the exit code still see the error underneath.
type spoken struct {
	text string
	err  error
}

func (e spoken) Error() string { return e.text }
func (e spoken) Unwrap() error { return e.err }

// said is an error whose words are a catalogue message: the command line's
// own refusals (bad flags, a file that exists, a port in use). Error() is
// the English form for tests and debug logs; the edge words it again in
// the reader's language. A cause follows the message, as domain's do.
type said struct {
	key   string
	args  []any
	cause error
}

// sayErr makes a said error; sayErrBecause adds the error that caused it.
func sayErr(key string, args ...any) error { return said{key: key, args: args} }

func sayErrBecause(cause error, key string, args ...any) error {
	return said{key: key, args: args, cause: cause}
}

var english = i18n.New("en")

func (e said) Error() string { return e.words(english) }
func (e said) Unwrap() error { return e.cause }

// Says is what i18n words errors by: the key, its facts and the cause.
func (e said) Says() domain.Text {
	return domain.Text{Key: e.key, Facts: e.args, Cause: e.cause}
}

func (e said) words(p *i18n.Printer) string { return p.Text(e.Says()) }

// hinted is an error followed by what to do about it, a catalogue message.
type hinted struct {
	err  error
	key  string
	args []any
}

func hint(err error, key string, args ...any) error { return hinted{err: err, key: key, args: args} }

func (h hinted) Error() string { return h.err.Error() + " (" + h.key + ")" }
func (h hinted) Unwrap() error { return h.err }

// say puts an error into the reader's language: domain's reasons and
// Mollie's refusals through i18n, then the hint on a line of its own.
func say(p *i18n.Printer, err error) string {
	var h hinted
	if errors.As(err, &h) {
		return say(p, h.err) + "\n" + p.T(h.key, h.args...)
	}
	var sp spoken
	if errors.As(err, &sp) {
		return sp.text
	}
	var s said
	if errors.As(err, &s) {
		return s.words(p)
	}
	return p.Err(err)
}

// isCobraUsageError recognises the argument errors cobra makes itself.
func isCobraUsageError(err error) bool {
	s := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "required flag"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return strings.Contains(s, "if any flags in the group")
}

// cobra's and pflag's own usage errors, to be said in the reader's language.
var cobraErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "cli.usage.unknown_flag"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in`), "cli.usage.unknown_short"},
	{regexp.MustCompile(`^flag needs an argument: '?-*([^' ]+)'?`), "cli.usage.flag_needs_value"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.+)" flag`), "cli.usage.invalid_value"},
	{regexp.MustCompile(`^unknown command "(.*)" for "(.+)"`), "cli.usage.unknown_subcommand"},
	{regexp.MustCompile(`^required flag\(s\) (.+) not set`), "cli.usage.required_flags"},
}

// words is an error as the person reads it: ours in the reader's language,
// cobra's usage errors through the catalogue too.
func words(p *i18n.Printer, err error) string {
	var s said
	if !errors.As(err, &s) {
		for _, c := range cobraErrors {
			if m := c.re.FindStringSubmatch(err.Error()); m != nil {
				args := make([]any, len(m)-1)
				for i, a := range m[1:] {
					args[i] = a
				}
				return p.T(c.key, args...)
			}
		}
	}
	return say(p, err)
}

// printError writes an error for a person: one "paydesk: " line (more when
// the message has several), and a pointer to --help for usage mistakes.
// The name is styled only on a terminal that wants colour.
func printError(w io.Writer, p *i18n.Printer, err error) {
	var ue usageError
	usage := errors.As(err, &ue) || isCobraUsageError(err)
	prefix := "paydesk: "
	if styledStderr() {
		prefix = errorBadge.Render("paydesk") + " "
	}
	lines := strings.Split(strings.TrimRight(sanitize.Lines(words(p, err)), "\n"), "\n")
	fmt.Fprintln(w, prefix+lines[0])
	for _, l := range lines[1:] {
		fmt.Fprintln(w, "  "+l)
	}
	if usage {
		fmt.Fprintln(w, p.T("cli.usage.see_help"))
	}
}

// errorBadge marks paydesk's error lines on a colour terminal.
var errorBadge = lipgloss.NewStyle().Foreground(lipgloss.BrightWhite).Background(lipgloss.Red).Bold(true).Padding(0, 1)

// styledStderr: error messages are styled only where the terminal itself
// asks for colour (NO_COLOR unset, stderr a colour terminal), even under
// --color=always, so that a script capturing stderr gets plain lines.
func styledStderr() bool {
	return termcolor.Auto.Stream(os.Stderr, os.Environ()) > colorprofile.ASCII
}

// Argument checks with messages that say what is missing.

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 && !cmd.HasParent() {
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return usageError{sayErr("cli.usage.unknown_command_suggest", args[0], strings.Join(s, ", "))}
		}
		return usageError{sayErr("cli.usage.unknown_command", args[0])}
	}
	if len(args) > 0 {
		return usageError{sayErr("cli.usage.no_args", cmd.CommandPath(), args[0])}
	}
	return nil
}

// needArgs wants exactly the named arguments, e.g. needArgs("INVOICE", "AMOUNT").
func needArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == len(names) {
			return nil
		}
		if len(args) < len(names) {
			example := strings.TrimSpace(strings.SplitN(cmd.Example, "\n", 2)[0])
			if i := strings.Index(example, "#"); i > 0 {
				example = strings.TrimSpace(example[:i])
			}
			return usageError{sayErr("cli.usage.needs_args", cmd.CommandPath(), strings.Join(names[len(args):], " "), example)}
		}
		return usageError{sayErr("cli.usage.too_many_args", cmd.CommandPath(), strings.Join(names, " "), len(args))}
	}
}
