package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newConnectCmd(g *globals) *cobra.Command {
	var fromStdin bool
	var key string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "connect --api-key-stdin | --api-key KEY",
		Short: "Connect paydesk to your Mollie account with an API key",
		Long: "Connect paydesk to a Mollie account. The key (test_… or live_…, from the Mollie dashboard under\n" +
			"Developers → API keys) is checked with Mollie first and stored only when Mollie accepts it.\n" +
			"Prefer --api-key-stdin: a key on the command line is visible to other users and in shell history.",
		Example: "  paydesk connect --api-key-stdin < mollie-key.txt\n  pass mollie/test | paydesk connect --api-key-stdin",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fromStdin == (key != "") {
				return usageError{errors.New("give the key with exactly one of --api-key-stdin (recommended) or --api-key KEY")}
			}
			return g.run(cmd, func(s *session) error {
				ctx := cmd.Context()
				c, err := s.svc.Connection(ctx)
				if err != nil {
					return err
				}
				if !c.Enabled {
					return domain.ErrIntegrationOff
				}
				if fromStdin {
					if key, err = readKey(cmd); err != nil {
						return err
					}
				} else {
					s.out.note("a key given with --api-key can be seen by other users in the process list and stays in your shell history; prefer --api-key-stdin")
				}
				if err := mollie.CheckKeyFormat(key); err != nil {
					return fmt.Errorf("%w; nothing was stored", err)
				}
				stop := s.out.progress("Checking the key with Mollie…")
				prof, err := s.svc.Connect(ctx, key)
				stop()
				if err != nil {
					return connectFailed(err)
				}
				if asJSON {
					return printConnectionJSON(ctx, s)
				}
				o := s.out
				o.printf("Connected to Mollie profile %s", o.bold.Render(sanitize.Terminal(prof.Name)))
				if prof.Website != "" {
					o.printf(" (%s)", sanitize.Terminal(prof.Website))
				}
				o.printf(" in %s mode.\n", modeBadge(o, prof.Mode))
				if prof.Status != "" {
					o.printf("Profile status: %s\n", profileStatusWord(o, prof.Status, prof.Mode))
				}
				o.printf("API key %s stored in the database.\n", domain.MaskKey(key))
				if prof.Mode == domain.ModeTest {
					o.println("Test mode: payments are simulated by Mollie and move no money.")
				}
				if os.Getenv(envAPIKey) != "" {
					o.note("%s is set and overrides the stored key while it is set", envAPIKey)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "api-key-stdin", false, "read the API key from the first line of standard input")
	cmd.Flags().StringVar(&key, "api-key", "", "the API key itself (visible to other users; prefer --api-key-stdin)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the connection as JSON (as 'paydesk integration status --json')")
	return cmd
}

// readKey reads the API key: the first line of stdin, asked for without
// echo on a terminal.
func readKey(cmd *cobra.Command) (string, error) {
	return readSecret(cmd, "Mollie API key", "paydesk connect --api-key-stdin < key.txt")
}

// readSecret reads the first line of stdin; on a terminal it asks for what
// and reads it without echo. example shows how to pipe it in.
func readSecret(cmd *cobra.Command, what, example string) (string, error) {
	in := cmd.InOrStdin()
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s (input hidden): ", what)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", fmt.Errorf("read the %s: %w", what, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the %s from standard input: %w", what, err)
	}
	secret := strings.TrimSpace(line)
	if secret == "" {
		return "", fmt.Errorf("standard input held no %s; pipe it in, e.g. '%s'", what, example)
	}
	return secret, nil
}

// connectFailed explains why Mollie did not accept the connection.
func connectFailed(err error) error {
	var ge *domain.GatewayError
	switch {
	case domain.Unauthorized(err):
		return hint(err, "cli.hint.key_refused")
	case errors.As(err, &ge) && ge.Unreachable:
		return hint(err, "cli.hint.unreachable", envMollieURL)
	}
	return hint(err, "cli.hint.nothing_stored")
}
