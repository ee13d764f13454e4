package main

import (
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

const envSMTPPassword = "PAYDESK_SMTP_PASSWORD"

func newMailCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use: "mail",
		Example: "  paydesk settings set smtp_host smtp.example.com\n" +
			"  paydesk settings set smtp_user billing@example.com\n" +
			"  paydesk settings set smtp_from \"Example Office <billing@example.com>\"\n" +
			"  paydesk mail password < smtp-password.txt\n" +
			"  paydesk mail test",
		Args: noArgs,
	}
	var testJSON, passwordJSON bool
	test := &cobra.Command{
		Use:  "test",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.run(cmd, func(s *session) error {
				c, err := s.svc.CheckMail(cmd.Context())
				if err != nil {
					return err
				}
				masked, _ := s.svc.MaskedMailPassword(cmd.Context())
				if testJSON {
					return s.out.json(mailCheckJSON{Host: c.Host, Port: c.Port, Security: c.Security, User: stringJSON(c.User),
						Password: stringJSON(masked), From: c.From, ReplyTo: stringJSON(c.ReplyTo), OK: true})
				}
				o := s.out
				if c.User != "" {
					o.println(o.p.T("cli.mail.accepted_login", c.Addr(), c.Security, sanitize.Terminal(c.User), masked))
				} else {
					o.println(o.p.T("cli.mail.accepted", c.Addr(), c.Security))
				}
				o.println(o.p.T("cli.mail.sent_from", sanitize.Terminal(c.From)))
				return nil
			})
		},
	}
	password := &cobra.Command{
		Use:     "password",
		Example: "  paydesk mail password < smtp-password.txt\n  paydesk mail password --forget",
		Args:    noArgs,
	}
	var forget bool
	password.Flags().BoolVar(&forget, "forget", false, "")
	password.Flags().BoolVar(&passwordJSON, "json", false, "")
	test.Flags().BoolVar(&testJSON, "json", false, "")
	password.RunE = func(cmd *cobra.Command, _ []string) error {
		return g.run(cmd, func(s *session) error {
			pw := ""
			if !forget {
				var err error
				if pw, err = readSecret(cmd, s.out.p, "cli.secret.smtp", "paydesk mail password < smtp-password.txt"); err != nil {
					return err
				}
			}
			if err := s.svc.SetMailPassword(cmd.Context(), pw); err != nil {
				return err
			}
			if passwordJSON {
				var masked *string
				if !forget {
					masked = stringJSON(domain.MaskKey(pw))
				}
				return s.out.json(mailPasswordJSON{Stored: !forget, Password: masked})
			}
			if forget {
				s.out.println(s.out.p.T("cli.mail.forgotten"))
				return nil
			}
			s.out.println(s.out.p.T("cli.mail.stored", domain.MaskKey(pw)))
			return nil
		})
	}
	cmd.AddCommand(test, password)
	return cmd
}

// mailCheckJSON is the SMTP set-up that 'mail test' checked; the password
// only masked.
type mailCheckJSON struct {
	Host     string  `json:"host"`
	Port     int     `json:"port"`
	Security string  `json:"security"`
	User     *string `json:"user"`
	Password *string `json:"password"`
	From     string  `json:"from"`
	ReplyTo  *string `json:"reply_to"`
	OK       bool    `json:"ok"`
}

// mailPasswordJSON says whether a password is stored now, masked.
type mailPasswordJSON struct {
	Stored   bool    `json:"stored"`
	Password *string `json:"password"`
}

type sendJSON struct {
	Invoice string    `json:"invoice"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	URL     string    `json:"url"`
	Amount  moneyJSON `json:"amount"`
	Sent    bool      `json:"sent"`
}

func newSendCmd(g *globals) *cobra.Command {
	var to string
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:     "send INVOICE",
		Example: "  paydesk send 2026-0101\n  paydesk send 2026-0101 --to accounts@customer.example --dry-run",
		Args:    needArgs("INVOICE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.run(cmd, func(s *session) error {
				ctx, number := cmd.Context(), args[0]
				var out domain.Outgoing
				var err error
				if dryRun {
					out, err = s.svc.PrepareMail(ctx, number, to, domain.MailInvoice)
				} else {
					out, err = s.svc.SendMail(ctx, number, to, domain.MailInvoice)
				}
				if err != nil {
					return payFailed(err)
				}
				if asJSON {
					return s.out.json(sendJSON{Invoice: number, To: out.Message.To, Subject: out.Message.Subject,
						URL: out.Payment.URL, Amount: money(out.Payment.Amount), Sent: !dryRun})
				}
				printMessage(s.out, out.Message)
				if dryRun {
					s.out.println(s.out.p.T("cli.send.dry"))
				} else {
					s.out.println(s.out.p.T("cli.send.sent", sanitize.Terminal(out.Message.To)))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// printMessage shows a message the way it will arrive, in plain text.
func printMessage(o *output, m domain.Message) {
	field := o.fields("cli.mail.label.", "from", "to", "reply_to", "subject")
	field("from", sanitize.Terminal(m.From))
	field("to", sanitize.Terminal(m.To))
	if m.ReplyTo != "" {
		field("reply_to", sanitize.Terminal(m.ReplyTo))
	}
	field("subject", o.bold.Render(sanitize.Terminal(m.Subject)))
	o.println()
	for _, line := range strings.Split(strings.TrimRight(m.Text, "\n"), "\n") {
		o.printf("  %s\n", sanitize.Terminal(line))
	}
	o.println()
}

type reminderJSON struct {
	Invoice     string    `json:"invoice"`
	To          string    `json:"to"`
	Owed        moneyJSON `json:"owed"`
	DaysOverdue int       `json:"days_overdue"`
	LastSent    *string   `json:"last_sent"`
	Sent        bool      `json:"sent"`
	URL         *string   `json:"url"`
	Error       *string   `json:"error"`
}

func newRemindCmd(g *globals) *cobra.Command {
	var overdueDays int
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:     "remind",
		Example: "  paydesk remind --dry-run\n  paydesk remind --overdue-days 14 --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if overdueDays < 1 {
				return usageError{sayErr("cli.usage.overdue_days", overdueDays)}
			}
			return g.run(cmd, func(s *session) error {
				var plan domain.ReminderPlan
				var err error
				if dryRun {
					plan, err = s.svc.PlanReminders(cmd.Context(), overdueDays)
				} else {
					plan, err = s.svc.SendReminders(cmd.Context(), overdueDays)
				}
				if err != nil {
					return err
				}
				if asJSON {
					if err := s.out.json(remindersJSON(plan, dryRun)); err != nil {
						return err
					}
				} else {
					printReminders(s.out, plan, dryRun)
				}
				return remindFailures(plan)
			})
		},
	}
	cmd.Flags().IntVar(&overdueDays, "overdue-days", 1, "")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

func remindersJSON(plan domain.ReminderPlan, dryRun bool) []reminderJSON {
	out := make([]reminderJSON, 0, len(plan.Due))
	for _, r := range plan.Due {
		j := reminderJSON{Invoice: r.Invoice.Number, To: r.To, Owed: money(r.Owed), DaysOverdue: r.DaysOverdue,
			LastSent: momentJSON(r.LastSent), Sent: !dryRun && r.Err == nil}
		if j.Sent {
			j.URL = &r.Outgoing.Payment.URL
		}
		if r.Err != nil {
			msg := r.Err.Error()
			j.Error = &msg
		}
		out = append(out, j)
	}
	return out
}

func printReminders(o *output, plan domain.ReminderPlan, dryRun bool) {
	if len(plan.Due) == 0 {
		o.println(o.p.T("cli.remind.none", len(plan.Waiting), plan.Interval))
		return
	}
	t := &table{header: o.headers("cli.remind.col.", "invoice", "to", "owed", "overdue", "last_sent", "result"), right: map[int]bool{2: true, 3: true}}
	for _, r := range plan.Due {
		result := o.p.T("cli.remind.would")
		switch {
		case !dryRun && r.Err == nil:
			result = o.p.T("cli.remind.sent")
		case r.Err != nil:
			result = o.p.T("cli.remind.not_sent", sanitize.Terminal(o.p.Err(r.Err)))
		}
		last := o.p.T("cli.never")
		if !r.LastSent.IsZero() {
			last = o.p.DateTime(r.LastSent)
		}
		t.add(sanitize.Terminal(r.Invoice.Number), sanitize.Terminal(r.To), o.p.Money(r.Owed), count(o.p, "cli.remind.days", r.DaysOverdue), last, result)
	}
	o.table(t)
	if len(plan.Waiting) > 0 {
		o.println(o.p.T("cli.remind.waiting", len(plan.Waiting), plan.Interval))
	}
}

// remindFailures makes the exit status say whether every reminder went out.
func remindFailures(plan domain.ReminderPlan) error {
	failed := 0
	for _, r := range plan.Due {
		if r.Err != nil {
			failed++
		}
	}
	if failed == 0 {
		return nil
	}
	return sayErr("cli.remind.failed", failed, len(plan.Due))
}
