package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/colorprofile"
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
		return p.Err(h.err) + "\n" + p.T(h.key, h.args...)
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

// printError writes an error for a person: one "paydesk: " line (more when
// the message has several), and a pointer to --help for usage mistakes.
// Styling follows fang's theme but only on a terminal that wants colour.
func printError(w io.Writer, styles fang.Styles, err error) {
	var ue usageError
	usage := errors.As(err, &ue) || isCobraUsageError(err)
	prefix := "paydesk: "
	if styledStderr() {
		prefix = styles.ErrorHeader.UnsetMargins().Render("paydesk") + " "
	}
	lines := strings.Split(strings.TrimRight(sanitize.Lines(err.Error()), "\n"), "\n")
	fmt.Fprintln(w, prefix+lines[0])
	for _, l := range lines[1:] {
		fmt.Fprintln(w, "  "+l)
	}
	if usage {
		fmt.Fprintln(w, "Run 'paydesk --help' (or 'paydesk COMMAND --help') for usage.")
	}
}

// styledStderr: error messages are styled only where the terminal itself
// asks for colour (NO_COLOR unset, stderr a colour terminal), even under
// --color=always, so that a script capturing stderr gets plain lines.
func styledStderr() bool {
	return termcolor.Auto.Stream(os.Stderr, os.Environ()) > colorprofile.ASCII
}

// Argument checks with messages that say what is missing.

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 && !cmd.HasParent() {
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usageError{errors.New(msg)}
	}
	if len(args) > 0 {
		return usageError{fmt.Errorf("'%s' takes no arguments, but got %q", cmd.CommandPath(), args[0])}
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
			return usageError{fmt.Errorf("'%s' needs %s, e.g. %s", cmd.CommandPath(), strings.Join(names[len(args):], " and "), example)}
		}
		return usageError{fmt.Errorf("'%s' takes %d argument(s) (%s), but got %d", cmd.CommandPath(), len(names), strings.Join(names, " "), len(args))}
	}
}
