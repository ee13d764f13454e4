package main

import (
	"context"
	"os"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

func newDisconnectCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:  "disconnect",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.run(cmd, func(s *session) error {
				if err := s.svc.Disconnect(cmd.Context()); err != nil {
					return err
				}
				if asJSON {
					return printConnectionJSON(cmd.Context(), s)
				}
				s.out.println(s.out.p.T("cli.disconnect.done"))
				if os.Getenv(envAPIKey) != "" {
					s.out.note("%s", s.out.p.T("cli.disconnect.env_set", envAPIKey))
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

func newSettingsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use: "settings",
		Example: "  paydesk settings get\n" +
			"  paydesk settings set link_expiry 30\n" +
			"  paydesk settings set webhook_url \"\"",
	}
	var asJSON, setJSON bool
	get := &cobra.Command{
		Use:     "get [KEY]",
		Example: "  paydesk settings get link_expiry",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{sayErr("cli.usage.settings_get")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.read(cmd, func(s *session) error {
				ctx := cmd.Context()
				if len(args) == 1 {
					v, err := s.svc.Setting(ctx, args[0])
					if err != nil {
						return err
					}
					if asJSON {
						return s.out.json(map[string]string{"key": args[0], "value": v})
					}
					s.out.println(v)
					return nil
				}
				all, err := s.svc.Settings(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return s.out.json(settingsJSON(s.out.p, all))
				}
				printSettings(s.out, all)
				return nil
			})
		},
	}
	get.Flags().BoolVar(&asJSON, "json", false, "")
	set := &cobra.Command{
		Use:     "set KEY VALUE",
		Example: "  paydesk settings set payment_kind checkout",
		Args:    needArgs("KEY", "VALUE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.run(cmd, func(s *session) error {
				ctx := cmd.Context()
				if err := s.svc.SetSetting(ctx, args[0], args[1]); err != nil {
					return err
				}
				v, err := s.svc.Setting(ctx, args[0])
				if err != nil {
					return err
				}
				if setJSON {
					return printSettingJSON(ctx, s, args[0])
				}
				if args[1] == "" {
					s.out.println(s.out.p.T("cli.settings.reset", args[0], shownValue(s.out.p, v)))
					return nil
				}
				s.out.printf("%s = %s\n", args[0], shownValue(s.out.p, v))
				return nil
			})
		},
	}
	set.Flags().BoolVar(&setJSON, "json", false, "")
	cmd.AddCommand(get, set)
	return cmd
}

type settingJSON struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Default string `json:"default"`
	IsSet   bool   `json:"is_set"`
	Help    string `json:"help"`
}

// printSettingJSON prints one setting as settings get --json shows it.
func printSettingJSON(ctx context.Context, s *session, key string) error {
	all, err := s.svc.Settings(ctx)
	if err != nil {
		return err
	}
	for _, row := range settingsJSON(s.out.p, all) {
		if row.Key == key {
			return s.out.json(row)
		}
	}
	return sayErr("cli.settings.unlisted", key)
}

func settingsJSON(p *i18n.Printer, all []domain.SettingValue) []settingJSON {
	out := make([]settingJSON, 0, len(all))
	for _, sv := range all {
		out = append(out, settingJSON{Key: sv.Key, Value: sv.Value, Default: sv.Default, IsSet: sv.IsSet, Help: settingHelp(p, sv.Key)})
	}
	return out
}

func printSettings(o *output, all []domain.SettingValue) {
	for i, sv := range all {
		if i > 0 {
			o.println()
		}
		v := sanitize.Terminal(shownValue(o.p, sv.Value))
		if !sv.IsSet {
			v += " " + o.faint.Render(o.p.T("cli.settings.default"))
		}
		o.printf("%s = %s\n", o.bold.Render(sv.Key), v)
		o.printf("  %s\n", o.faint.Render(settingHelp(o.p, sv.Key)))
	}
}

// settingHelp is a setting's help from the catalogue, the one the setup
// screen shows too.
func settingHelp(p *i18n.Printer, key string) string {
	return p.T("tui.setting." + key + ".help")
}

func shownValue(p *i18n.Printer, v string) string {
	if v == "" {
		return p.T("cli.settings.empty")
	}
	return v
}
