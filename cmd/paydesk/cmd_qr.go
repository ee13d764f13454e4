package main

import (
	"errors"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/linkqr"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

// pngScale is the pixels per module of a written PNG: large enough to print.
const pngScale = 10

func newQRCmd(g *globals) *cobra.Command {
	var pngPath, background string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "qr INVOICE [--png FILE]",
		Example: "  paydesk qr 2026-0101\n  paydesk qr 2026-0101 --png 2026-0101.png",
		Args:    needArgs("INVOICE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			dark, err := darkBackground(background)
			if err != nil {
				return err
			}
			return g.run(cmd, func(s *session) error {
				st, p, err := s.svc.ShowQR(cmd.Context(), args[0])
				if err != nil {
					return payFailed(err)
				}
				code, err := linkqr.Encode(p.URL)
				if err != nil {
					return err
				}
				if pngPath != "" {
					if err := writePNG(s.out, code, pngPath, p.URL, !asJSON); err != nil {
						return err
					}
				}
				if asJSON {
					return s.out.json(qrJSON{Invoice: st.Invoice.Number, URL: p.URL, Amount: money(p.Amount), Mode: string(p.Mode),
						ExpiresAt: momentJSON(p.ExpiresAt), PNG: stringJSON(pngPath)})
				}
				if pngPath != "" {
					return nil
				}
				s.out.println(qrBeside(s.out, code.Text(dark), st.Invoice, p))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&pngPath, "png", "", "")
	cmd.Flags().StringVar(&background, "background", "", "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// darkBackground is the background the code is drawn for: as told, else as
// the terminal answers, else dark (most terminals).
func darkBackground(choice string) (bool, error) {
	switch strings.ToLower(choice) {
	case "dark":
		return true, nil
	case "light":
		return false, nil
	case "":
		if onTerminal(os.Stdout) && onTerminal(os.Stdin) {
			return lipgloss.HasDarkBackground(os.Stdin, os.Stdout), nil
		}
		return true, nil
	}
	return false, usageError{sayErr("cli.usage.background", choice)}
}

// qrJSON is what a QR code holds and asks for; png is the file written, if any.
type qrJSON struct {
	Invoice   string    `json:"invoice"`
	URL       string    `json:"url"`
	Amount    moneyJSON `json:"amount"`
	Mode      string    `json:"mode"`
	ExpiresAt *string   `json:"expires_at"`
	PNG       *string   `json:"png"`
}

// writePNG writes the code to a new file; say tells the person where.
func writePNG(o *output, code *linkqr.Code, path, url string, say bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return sayErr("cli.qr.exists", path)
	}
	if err != nil {
		return sayErrBecause(err, "cli.qr.write_failed")
	}
	if err := code.PNG(f, pngScale); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		return sayErrBecause(err, "cli.qr.write_failed")
	}
	if say {
		o.println(o.p.T("cli.qr.written", sanitize.Terminal(url), sanitize.Terminal(path)))
	}
	return nil
}

// qrBeside puts the code on the left and what it asks for on the right.
func qrBeside(o *output, code string, inv domain.Invoice, p domain.Payment) string {
	lines := []string{
		o.bold.Render(sanitize.Terminal(inv.Number)),
		sanitize.Terminal(inv.Customer),
		"",
		o.bold.Render(o.p.Money(p.Amount)),
		modeBadge(o, p.Mode),
	}
	if !p.ExpiresAt.IsZero() {
		lines = append(lines, "", o.p.T("cli.qr.until", o.p.DateTime(p.ExpiresAt)))
	}
	lines = append(lines, "", sanitize.Terminal(p.URL))
	return lipgloss.JoinHorizontal(lipgloss.Top, code, "  ", strings.Join(lines, "\n"))
}
