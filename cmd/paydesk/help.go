package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/paydesk/paydesk/i18n"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// A command's words live in the catalogue under its path:
// cli.help.<path>.short, .long and .example (when the example needs words),
// and cli.help.<path>.flag.<name> for its own flags; the root's flags,
// shared by every command, are cli.help.flag.<name>; the root itself is
// cli.help.paydesk. The code holds only names and syntax.

// helpKey is the catalogue prefix of a command's words.
func helpKey(c *cobra.Command) string {
	path := strings.Fields(c.CommandPath())[1:]
	if len(path) == 0 {
		return "cli.help.paydesk"
	}
	return "cli.help." + strings.Join(path, ".")
}

// shortHelp is the one-line description: the catalogue's, else the code's.
func shortHelp(p *i18n.Printer, c *cobra.Command) string {
	return helpOr(p, helpKey(c)+".short", c.Short)
}

// longHelp is the description of the command's own help page; a command
// whose words are in the catalogue without a long one shows its short one.
func longHelp(p *i18n.Printer, c *cobra.Command) string {
	if p.Has(helpKey(c) + ".short") {
		return helpOr(p, helpKey(c)+".long", shortHelp(p, c))
	}
	return cmp.Or(c.Long, c.Short)
}

func exampleHelp(p *i18n.Printer, c *cobra.Command) string {
	return helpOr(p, helpKey(c)+".example", c.Example)
}

// flagHelp is what a flag does, as seen from command c.
func flagHelp(p *i18n.Printer, c *cobra.Command, f *pflag.Flag) string {
	switch {
	case f.Name == "help":
		return p.T("cli.help.flag.help", c.CommandPath())
	case f.Name == "version":
		return p.T("cli.help.flag.version")
	case c.Root().PersistentFlags().Lookup(f.Name) == f:
		return helpOr(p, "cli.help.flag."+f.Name, f.Usage)
	}
	// A flag many commands share (--json) may have one text for all.
	return helpOr(p, helpKey(c)+".flag."+f.Name, helpOr(p, "cli.help.flag."+f.Name, f.Usage))
}

func helpOr(p *i18n.Printer, key, fallback string) string {
	if p.Has(key) {
		return p.T(key)
	}
	return fallback
}

// writeHelp draws a command's help: what it does, how to call it, examples,
// its subcommands by group, its flags and the flags every command takes.
// Headings are bold where the terminal shows it; colour follows the terminal.
func writeHelp(out io.Writer, c *cobra.Command, p *i18n.Printer) {
	w := colorprofile.NewWriter(out, os.Environ())
	heading := lipgloss.NewStyle().Bold(true)
	name := lipgloss.NewStyle().Foreground(lipgloss.Cyan)
	section := func(key string) { fmt.Fprintf(w, "\n%s\n", heading.Render(strings.ToUpper(p.T(key)))) }

	fmt.Fprintln(w, longHelp(p, c))
	section("cli.help.heading.usage")
	if c.Runnable() && (!c.HasParent() || !c.HasAvailableSubCommands()) {
		fmt.Fprintln(w, "  "+strings.Replace(c.UseLine(), "[flags]", p.T("cli.help.use_flags"), 1))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintln(w, "  "+c.CommandPath()+" "+p.T("cli.help.use_command"))
	}
	if ex := exampleHelp(p, c); ex != "" {
		section("cli.help.heading.examples")
		fmt.Fprintln(w, strings.TrimRight(ex, "\n"))
	}

	var rows [][2]string // for the width of the first column
	type group struct {
		title string
		cmds  []*cobra.Command
	}
	groups := []*group{{title: p.T("cli.help.heading.commands")}}
	byID := map[string]*group{"": groups[0]}
	for _, g := range c.Groups() {
		byID[g.ID] = &group{title: helpOr(p, "cli.help.group."+g.ID, g.Title)}
		groups = append(groups, byID[g.ID])
	}
	for _, sc := range c.Commands() {
		if !sc.IsAvailableCommand() && sc.Name() != "help" {
			continue
		}
		g := byID[sc.GroupID]
		if g == nil {
			g = groups[0]
		}
		g.cmds = append(g.cmds, sc)
		rows = append(rows, [2]string{sc.Name(), ""})
	}
	local, global := flagRows(p, c)
	rows = append(append(rows, local...), global...)
	width := 0
	for _, r := range rows {
		width = max(width, lipgloss.Width(r[0]))
	}
	line := func(left, right string) {
		pad := strings.Repeat(" ", width-lipgloss.Width(left)+3)
		fmt.Fprintln(w, "  "+name.Render(left)+pad+strings.ReplaceAll(right, "\n", "\n"+strings.Repeat(" ", width+5)))
	}
	for _, g := range groups {
		if len(g.cmds) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", heading.Render(strings.ToUpper(g.title)))
		for _, sc := range g.cmds {
			line(sc.Name(), shortHelp(p, sc))
		}
	}
	for _, part := range []struct {
		key  string
		rows [][2]string
	}{{"cli.help.heading.flags", local}, {"cli.help.heading.global_flags", global}} {
		if len(part.rows) == 0 {
			continue
		}
		section(part.key)
		for _, r := range part.rows {
			line(r[0], r[1])
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintln(w, "\n"+p.T("cli.help.more", c.CommandPath()))
	}
	fmt.Fprintln(w)
}

// flagRows are a command's own flags and the ones every command takes, each
// as name and help (with its default, when it has one worth showing).
func flagRows(p *i18n.Printer, c *cobra.Command) (local, global [][2]string) {
	rows := func(fs *pflag.FlagSet) [][2]string {
		var out [][2]string
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			left := "    --" + f.Name
			if f.Shorthand != "" {
				left = "-" + f.Shorthand + ", --" + f.Name
			}
			right := flagHelp(p, c, f)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
				right += " " + p.T("cli.help.default", f.DefValue)
			}
			out = append(out, [2]string{left, right})
		})
		return out
	}
	return rows(c.LocalFlags()), rows(c.InheritedFlags())
}

// newHelpCmd is 'paydesk help [COMMAND]': the help of a command, and a
// usage mistake (exit 2) for one that does not exist.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:  "help [COMMAND]",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, rest, err := cmd.Root().Find(args)
			if err != nil || c == nil || len(rest) > 0 {
				return usageError{sayErr("cli.usage.unknown_command", strings.Join(args, " "))}
			}
			return c.Help()
		},
	}
}

// refuseUnknownSubcommands makes a command that only groups others
// ('paydesk settings') show its help when called alone and refuse an
// unknown subcommand as a usage mistake, instead of showing the help and
// exiting 0 as cobra does.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sc := range c.Commands() {
		refuseUnknownSubcommands(sc)
	}
	if !c.HasParent() || c.Runnable() || !c.HasSubCommands() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageError{sayErr("cli.usage.unknown_subcommand", args[0], cmd.CommandPath())}
		}
		return cmd.Help()
	}
}
