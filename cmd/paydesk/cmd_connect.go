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
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newConnectCmd(g *globals) *cobra.Command {
	var fromStdin bool
	var key string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "connect --api-key-stdin | --api-key KEY",
		Example: "  paydesk connect --api-key-stdin < mollie-key.txt\n  pass mollie/test | paydesk connect --api-key-stdin",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fromStdin == (key != "") {
				return usageError{sayErr("cli.usage.connect_key")}
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
					if key, err = readKey(cmd, s.out.p); err != nil {
						return err
					}
				} else {
					s.out.note("%s", s.out.p.T("cli.connect.key_visible"))
				}
				if err := mollie.CheckKeyFormat(key); err != nil {
					return hint(err, "cli.hint.nothing_stored")
				}
				stop := s.out.progress(s.out.p.T("cli.connect.checking"))
				prof, err := s.svc.Connect(ctx, key)
				stop()
				if err != nil {
					return connectFailed(err)
				}
				if asJSON {
					return printConnectionJSON(ctx, s)
				}
				o := s.out
				name := o.bold.Render(sanitize.Terminal(prof.Name))
				if prof.Website != "" {
					o.println(o.p.T("cli.connect.connected_site", name, sanitize.Terminal(prof.Website), modeBadge(o, prof.Mode)))
				} else {
					o.println(o.p.T("cli.connect.connected", name, modeBadge(o, prof.Mode)))
				}
				if prof.Status != "" {
					o.println(o.p.T("cli.connect.profile_status", profileStatusWord(o, prof.Status, prof.Mode)))
				}
				o.println(o.p.T("cli.connect.stored", domain.MaskKey(key)))
				if prof.Mode == domain.ModeTest {
					o.println(o.p.T("cli.connect.test_mode"))
				}
				if os.Getenv(envAPIKey) != "" {
					o.note("%s", o.p.T("cli.connect.env_overrides", envAPIKey))
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "api-key-stdin", false, "")
	cmd.Flags().StringVar(&key, "api-key", "", "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// readKey reads the API key: the first line of stdin, asked for without
// echo on a terminal.
func readKey(cmd *cobra.Command, p *i18n.Printer) (string, error) {
	return readSecret(cmd, p, "cli.secret.api_key", "paydesk connect --api-key-stdin < key.txt")
}

// readSecret reads the first line of stdin; on a terminal it asks for what
// and reads it without echo. whatKey names it in the catalogue; example
// shows how to pipe it in.
func readSecret(cmd *cobra.Command, p *i18n.Printer, whatKey, example string) (string, error) {
	what := p.T(whatKey)
	in := cmd.InOrStdin()
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		fmt.Fprint(cmd.ErrOrStderr(), p.T("cli.secret.prompt", what))
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", sayErrBecause(err, "cli.secret.read_failed", what)
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", sayErrBecause(err, "cli.secret.read_failed", what)
	}
	secret := strings.TrimSpace(line)
	if secret == "" {
		return "", sayErr("cli.secret.empty", what, example)
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
