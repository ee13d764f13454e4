package main

import (
	"context"
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newIntegrationCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "integration",
		Example: "  paydesk integration enable",
	}
	set := func(on bool) *cobra.Command {
		var asJSON bool
		use := "disable"
		if on {
			use = "enable"
		}
		c := &cobra.Command{
			Use:  use,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return g.run(cmd, func(s *session) error {
					if err := s.svc.SetIntegration(cmd.Context(), on); err != nil {
						return err
					}
					if asJSON {
						return printConnectionJSON(cmd.Context(), s)
					}
					if !on {
						s.out.println(s.out.p.T("cli.integration.off"))
						return nil
					}
					s.out.println(s.out.p.T("cli.integration.on"))
					c, err := s.svc.Connection(cmd.Context())
					if err == nil && !c.Connected {
						s.out.println(s.out.p.T("cli.integration.next"))
					}
					return nil
				})
			},
		}
		c.Flags().BoolVar(&asJSON, "json", false, "")
		return c
	}
	var asJSON bool
	status := &cobra.Command{
		Use:  "status",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.read(cmd, func(s *session) error {
				c, err := s.svc.Connection(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return s.out.json(connectionJSON(c))
				}
				printConnection(s.out, c)
				return nil
			})
		},
	}
	status.Flags().BoolVar(&asJSON, "json", false, "")
	cmd.AddCommand(set(true), set(false), status)
	return cmd
}

type connJSON struct {
	Enabled   bool         `json:"enabled"`
	Connected bool         `json:"connected"`
	Mode      *string      `json:"mode"`
	Key       *string      `json:"key"` // masked
	KeyFrom   *string      `json:"key_from"`
	Profile   *profileJSON `json:"profile"`
}

type profileJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Website string `json:"website"`
	// Status is Mollie's: verified, unverified (test payments only) or blocked.
	Status *string `json:"status"`
}

// printConnectionJSON prints the connection as it is now, for the commands
// that change it.
func printConnectionJSON(ctx context.Context, s *session) error {
	c, err := s.svc.Connection(ctx)
	if err != nil {
		return err
	}
	return s.out.json(connectionJSON(c))
}

func connectionJSON(c domain.Connection) connJSON {
	j := connJSON{Enabled: c.Enabled, Connected: c.Connected}
	if !c.Connected {
		return j
	}
	j.Mode, j.Key = stringJSON(string(c.Mode)), stringJSON(c.MaskedKey)
	j.KeyFrom = stringJSON(pick(c.FromEnv, "environment", "database"))
	j.Profile = &profileJSON{c.Profile.ID, c.Profile.Name, c.Profile.Website, stringJSON(c.Profile.Status)}
	return j
}

func printConnection(o *output, c domain.Connection) {
	field := o.fields("cli.conn.label.", "integration", "mollie", "mode", "profile", "key")
	if c.Enabled {
		field("integration", o.good.Render(o.p.T("cli.conn.on")))
	} else {
		field("integration", o.warn.Render(o.p.T("cli.conn.off"))+" "+o.p.T("cli.conn.off_hint"))
	}
	if !c.Connected {
		field("mollie", o.p.T("cli.conn.not_connected"))
		return
	}
	name := sanitize.Terminal(c.Profile.Name)
	if name == "" {
		name = o.p.T("cli.conn.profile_unknown")
	}
	if c.Profile.Website != "" {
		name += " – " + sanitize.Terminal(c.Profile.Website)
	}
	field("mollie", name)
	field("mode", modeBadge(o, c.Mode))
	if c.Profile.Status != "" {
		field("profile", profileStatusWord(o, c.Profile.Status, c.Mode))
	}
	key := c.MaskedKey
	if c.FromEnv {
		key += " " + o.p.T("cli.conn.key_from", envAPIKey)
	}
	field("key", key)
}

// modeBadge shows TEST or LIVE; live is what moves real money, so it stands out.
func modeBadge(o *output, m domain.Mode) string {
	word := strings.ToUpper(string(m))
	if m == domain.ModeLive {
		return o.bad.Bold(true).Render(word)
	}
	return o.warn.Bold(true).Render(word)
}

// profileStatusWord says what Mollie's profile status means for paydesk.
func profileStatusWord(o *output, status string, mode domain.Mode) string {
	word := o.p.T("cli.profile." + status)
	switch status {
	case domain.ProfileVerified:
		return o.good.Render(word)
	case domain.ProfileUnverified:
		if mode == domain.ModeLive {
			return o.warn.Render(word) + " " + o.p.T("cli.profile.unverified_live")
		}
		return o.warn.Render(word) + " " + o.p.T("cli.profile.unverified_test")
	case domain.ProfileBlocked:
		return o.warn.Render(word) + " " + o.p.T("cli.profile.blocked_why")
	}
	return sanitize.Terminal(status)
}
