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
		Use:   "integration",
		Short: "Switch the Mollie integration on or off, or show its state",
		Long: "While the integration is off, paydesk never calls Mollie: no connecting, no payments, no sync.\n" +
			"Switching it off keeps the key and settings.",
		Example: "  paydesk integration enable",
	}
	set := func(on bool) *cobra.Command {
		var asJSON bool
		use, short := "disable", "Stop all calls to Mollie (the key and settings are kept)"
		if on {
			use, short = "enable", "Allow paydesk to call Mollie"
		}
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return g.run(cmd, func(s *session) error {
					if err := s.svc.SetIntegration(cmd.Context(), on); err != nil {
						return err
					}
					if asJSON {
						return printConnectionJSON(cmd.Context(), s)
					}
					if !on {
						s.out.println("The Mollie integration is off: paydesk will not call Mollie until 'paydesk integration enable'.")
						return nil
					}
					s.out.println("The Mollie integration is on.")
					c, err := s.svc.Connection(cmd.Context())
					if err == nil && !c.Connected {
						s.out.println("Next: connect your Mollie account with 'paydesk connect --api-key-stdin'.")
					}
					return nil
				})
			},
		}
		c.Flags().BoolVar(&asJSON, "json", false, "print the connection as JSON (as 'paydesk integration status --json')")
		return c
	}
	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Show whether the integration is on and which Mollie account it uses",
		Args:  noArgs,
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
	status.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
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
	if c.Enabled {
		o.printf("Integration:  %s\n", o.good.Render("on"))
	} else {
		o.printf("Integration:  %s (turn it on with 'paydesk integration enable')\n", o.warn.Render("off"))
	}
	if !c.Connected {
		o.println("Mollie:       not connected (connect with 'paydesk connect --api-key-stdin')")
		return
	}
	name := c.Profile.Name
	if name == "" {
		name = "(profile not known yet)"
	}
	if c.Profile.Website != "" {
		name += " – " + c.Profile.Website
	}
	o.printf("Mollie:       %s\n", sanitize.Terminal(name))
	o.printf("Mode:         %s\n", modeBadge(o, c.Mode))
	if c.Profile.Status != "" {
		o.printf("Profile:      %s\n", profileStatusWord(o, c.Profile.Status, c.Mode))
	}
	from := ""
	if c.FromEnv {
		from = " (from " + envAPIKey + ")"
	}
	o.printf("API key:      %s%s\n", c.MaskedKey, from)
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
	switch status {
	case domain.ProfileVerified:
		return o.good.Render(status)
	case domain.ProfileUnverified:
		if mode == domain.ModeLive {
			return o.warn.Render(status) + " (test payments only: finish the verification in Mollie's dashboard before taking live payments)"
		}
		return o.warn.Render(status) + " (test payments only until Mollie has verified the account)"
	case domain.ProfileBlocked:
		return o.warn.Render(status) + " (paydesk makes no calls to Mollie; contact Mollie support)"
	}
	return sanitize.Terminal(status)
}
