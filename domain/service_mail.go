package domain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MailSettings reads the SMTP settings; ErrMailNotSetUp while the host or
// the sender is missing.
func (s *Service) MailSettings(ctx context.Context) (MailConfig, error) {
	get := func(key string) string {
		v, err := s.Setting(ctx, key)
		if err != nil {
			return ""
		}
		return v
	}
	c := MailConfig{Host: get(SettingSMTPHost), Security: get(SettingSMTPSecurity), User: get(SettingSMTPUser),
		From: get(SettingSMTPFrom), ReplyTo: get(SettingSMTPReplyTo)}
	c.Port, _ = strconv.Atoi(get(SettingSMTPPort))
	pw, err := s.store.Setting(ctx, SettingSMTPPassword)
	if err != nil {
		return MailConfig{}, fmt.Errorf("read the SMTP password: %w", err)
	}
	c.Password = pw
	if s.mailPassword != "" {
		c.Password = s.mailPassword
	}
	if c.Host == "" || c.From == "" {
		return c, ErrMailNotSetUp
	}
	if c.Security == SecurityNone && !loopbackHost(c.Host) {
		return c, Fail(WhyMailInsecure, c.Host)
	}
	return c, nil
}

func loopbackHost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// MaskedMailPassword shows whether a password is stored, the way the API key
// is shown; "" when there is none.
func (s *Service) MaskedMailPassword(ctx context.Context) (string, error) {
	c, err := s.MailSettings(ctx)
	if err != nil && !errors.Is(err, ErrMailNotSetUp) {
		return "", err
	}
	if c.Password == "" {
		return "", nil
	}
	return MaskKey(c.Password), nil
}

// SetMailPassword stores the SMTP password ("" forgets it).
func (s *Service) SetMailPassword(ctx context.Context, password string) error {
	if err := s.allow(ctx, ActionSettings, ""); err != nil {
		return err
	}
	password = strings.TrimRight(password, "\r\n")
	if strings.ContainsAny(password, "\r\n") {
		return Fail(WhyMailPassword)
	}
	if err := s.store.SetSetting(ctx, SettingSMTPPassword, password); err != nil {
		return fmt.Errorf("store the SMTP password: %w", err)
	}
	says := Say("log.mail_password_stored")
	if password == "" {
		says = Say("log.mail_password_forgotten")
	}
	s.logInfo(ctx, LogEntry{Event: EventSetting, Says: says})
	return nil
}

func (s *Service) mailer(ctx context.Context) (Mailer, MailConfig, error) {
	c, err := s.MailSettings(ctx)
	if err != nil {
		return nil, c, err
	}
	if s.mailers == nil {
		return nil, c, Fail(WhyMailUnavailable)
	}
	return s.mailers(c), c, nil
}

// CheckMail connects to the SMTP server, secures the connection and logs
// in, sending nothing; the outcome is logged.
func (s *Service) CheckMail(ctx context.Context) (MailConfig, error) {
	if err := s.allow(ctx, ActionMail, ""); err != nil {
		return MailConfig{}, err
	}
	m, c, err := s.mailer(ctx)
	if err != nil {
		return c, err
	}
	if err := m.Check(ctx); err != nil {
		s.logError(ctx, LogEntry{Event: EventMailCheck, Says: Say("log.mail_check_failed").Because(err)})
		return c, err
	}
	s.logInfo(ctx, LogEntry{Event: EventMailCheck, Says: Say("log.mail_check_ok", c.Addr(), c.Security)})
	return c, nil
}

// Outgoing is a message about to be sent, or sent, for an invoice.
type Outgoing struct {
	Invoice Invoice
	Payment Payment
	Message Message
}

// PrepareMail makes the message for an invoice: to its e-mail address unless
// to names another, with its current payment link, created first when there
// is none. The link comes from CreatePayment, so it asks for exactly what is
// owed; a link asking for more is never put in a message. The recipient is
// not checked here, so that a preview can show (and a person correct) a
// missing or broken address; SendMail checks it before anything else.
func (s *Service) PrepareMail(ctx context.Context, number, to string, kind MailKind) (Outgoing, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	if err := s.allow(ctx, ActionMail, number); err != nil {
		return Outgoing{}, err
	}
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return Outgoing{}, err
	}
	if strings.TrimSpace(to) == "" {
		to = inv.Email
	}
	if addr, err := ParseAddress(to); err == nil {
		to = addr
	}
	m, c, err := s.mailer(ctx)
	if err != nil {
		return Outgoing{}, err
	}
	res, err := s.CreatePayment(ctx, number, KindLink)
	if err != nil {
		return Outgoing{}, err
	}
	inv, p := res.Invoice, res.Payment
	if owed := inv.Outstanding(p.Mode); p.Amount.Currency != owed.Currency || p.Amount.Minor > owed.Minor || p.URL == "" {
		return Outgoing{}, Fail(WhyMailLinkTooMuch, number, p.Amount, owed)
	}
	today := Date(s.Now())
	d := MailData{Kind: kind, Lang: s.mailLanguage(ctx), To: strings.TrimSpace(to), From: c.From, ReplyTo: c.ReplyTo, Invoice: inv,
		Owed: p.Amount, URL: p.URL, ExpiresAt: p.ExpiresAt}
	if !inv.DueDate.IsZero() && inv.DueDate.Before(today) {
		d.DaysOverdue = int(today.Sub(inv.DueDate).Hours() / 24)
	}
	msg, err := m.Compose(d)
	if err != nil {
		return Outgoing{}, err
	}
	return Outgoing{Invoice: inv, Payment: p, Message: msg}, nil
}

// recipient is the address a message for inv goes to: to when given, else
// the invoice's own; an error says what to do when there is none or it
// does not parse.
func recipient(inv Invoice, to string) (string, error) {
	if strings.TrimSpace(to) == "" {
		to = inv.Email
	}
	if strings.TrimSpace(to) == "" {
		return "", Fail(WhyNoEmail, inv.Number)
	}
	addr, err := ParseAddress(to)
	if err != nil {
		return "", Fail(WhyBadEmail, inv.Number).Because(err)
	}
	return addr, nil
}

// SendMail prepares the message for an invoice and sends it. A send is
// logged with who sent it, to whom and which link; a failure is logged too
// and leaves nothing marked as sent. A missing or broken address is refused
// before a link is made.
func (s *Service) SendMail(ctx context.Context, number, to string, kind MailKind) (Outgoing, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	if err := s.allow(ctx, ActionMail, number); err != nil {
		return Outgoing{}, err
	}
	out, err := s.sendMail(ctx, number, to, kind)
	if err != nil {
		to := out.Message.To
		if to == "" {
			to = "–"
		}
		s.logError(ctx, LogEntry{Event: EventMailFailed, InvoiceNumber: number, MollieID: out.Payment.MollieID,
			Says: mailSays(kind, false, to).Because(err)})
		return out, err
	}
	s.logInfo(ctx, LogEntry{Event: EventMailSent, InvoiceNumber: number, MollieID: out.Payment.MollieID,
		Says: mailSays(kind, true, out.Message.To, out.Payment.Amount, out.Payment.URL)})
	return out, nil
}

func (s *Service) sendMail(ctx context.Context, number, to string, kind MailKind) (Outgoing, error) {
	inv, err := s.Invoice(ctx, number)
	if err != nil {
		return Outgoing{}, err
	}
	addr, err := recipient(inv, to)
	if err != nil {
		return Outgoing{}, err
	}
	m, _, err := s.mailer(ctx)
	if err != nil {
		return Outgoing{}, err
	}
	out, err := s.PrepareMail(ctx, number, addr, kind)
	if err != nil {
		return Outgoing{}, err
	}
	return out, m.Send(ctx, out.Message)
}

// mailLanguage is the customers' language: mail_language, else the
// interface's language setting, else English.
func (s *Service) mailLanguage(ctx context.Context) string {
	for _, key := range []string{SettingMailLanguage, SettingLanguage} {
		if v, err := s.Setting(ctx, key); err == nil && v != "" {
			return v
		}
	}
	return "en"
}

// LastMailed is when a payment link of the invoice was last sent by
// e-mail; zero when never.
func (s *Service) LastMailed(ctx context.Context, number string) (time.Time, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	sent, err := s.mailedAt(ctx, number)
	if err != nil {
		return time.Time{}, err
	}
	return sent[number], nil
}

// mailedAt reads the log for the last send per invoice (of one invoice when
// number is given, else of all).
func (s *Service) mailedAt(ctx context.Context, number string) (map[string]time.Time, error) {
	entries, err := s.store.Log(ctx, LogFilter{InvoiceNumber: number, Text: string(EventMailSent)})
	if err != nil {
		return nil, fmt.Errorf("read the sent e-mails: %w", err)
	}
	last := map[string]time.Time{}
	for _, e := range entries {
		if e.Event == EventMailSent && e.At.After(last[e.InvoiceNumber]) {
			last[e.InvoiceNumber] = e.At
		}
	}
	return last, nil
}

// mailSays is the log's word for a message of a kind that was or was not sent.
func mailSays(kind MailKind, sent bool, facts ...any) Text {
	key := map[MailKind][2]string{
		MailInvoice:  {"log.mail_not_sent.invoice", "log.mail_sent.invoice"},
		MailReminder: {"log.mail_not_sent.reminder", "log.mail_sent.reminder"},
	}[kind]
	if sent {
		return Say(key[1], facts...)
	}
	return Say(key[0], facts...)
}
