package domain

import (
	"context"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// Mail settings. The SMTP password is stored under SettingSMTPPassword and,
// like the API key, never listed, logged or shown whole.
const (
	SettingSMTPHost      = "smtp_host"
	SettingSMTPPort      = "smtp_port"
	SettingSMTPSecurity  = "smtp_security"
	SettingSMTPUser      = "smtp_user"
	SettingSMTPFrom      = "smtp_from"
	SettingSMTPReplyTo   = "smtp_reply_to"
	SettingSMTPPassword  = "smtp_password"
	SettingMailLanguage  = "mail_language"
	SettingReminderEvery = "reminder_interval_days"
)

// How the connection to the SMTP server is protected.
const (
	SecurityStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	SecurityTLS      = "tls"      // TLS from the first byte (port 465)
	SecurityNone     = "none"     // no encryption: only to a server on this machine
)

// MailConfig is how paydesk reaches its SMTP server.
type MailConfig struct {
	Host     string
	Port     int
	Security string
	User     string
	Password string
	From     string
	ReplyTo  string
}

// Addr is host:port.
func (c MailConfig) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// MailKind is which message is sent.
type MailKind string

const (
	MailInvoice  MailKind = "invoice"  // the payment link for an invoice
	MailReminder MailKind = "reminder" // a reminder for an overdue invoice
)

// MailData is what a message is made from.
type MailData struct {
	Kind        MailKind
	Lang        string // en, de or nl
	To          string
	From        string
	ReplyTo     string
	Invoice     Invoice
	Owed        Money // what the link asks: what is still owed
	URL         string
	ExpiresAt   time.Time // zero: the link does not expire
	DaysOverdue int
}

// Message is a composed e-mail, ready to send.
type Message struct {
	From, To, ReplyTo string
	Subject           string
	Text, HTML        string
}

// Mailer composes messages from the office's templates and sends them.
// The mailer package implements it over SMTP.
type Mailer interface {
	Compose(d MailData) (Message, error)
	Send(ctx context.Context, m Message) error
	// Check connects, secures and logs in, and sends nothing.
	Check(ctx context.Context) error
}

// MailerFactory makes a Mailer for the SMTP settings.
type MailerFactory func(MailConfig) Mailer

// ErrMailNotSetUp is returned while no SMTP server is configured.
var ErrMailNotSetUp = Fail(WhyMailNotSetUp)

// ParseAddress checks an e-mail address and returns its plain form
// (name@example.com); a display name is accepted and dropped.
func ParseAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, "\r\n") {
		return "", Fail(WhyNotEmail, s)
	}
	return a.Address, nil
}

func validateMailSetting(key, value string) (string, error) {
	switch key {
	case SettingSMTPHost:
		if strings.ContainsAny(value, " /:@") {
			return "", Fail(WhySMTPHost, value)
		}
	case SettingSMTPPort:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 65535 {
			return "", Fail(WhySMTPPort, value)
		}
	case SettingSMTPSecurity:
		if value != SecurityStartTLS && value != SecurityTLS && value != SecurityNone {
			return "", Fail(WhySettingChoice, key, "starttls, tls, none", value)
		}
	case SettingSMTPUser:
	case SettingSMTPFrom, SettingSMTPReplyTo:
		a, err := mail.ParseAddress(value)
		if err != nil || !strings.Contains(a.Address, "@") {
			return "", Fail(WhyMailAddress, key, value)
		}
		return a.String(), nil
	case SettingMailLanguage:
		if value != "en" && value != "de" && value != "nl" {
			return "", Fail(WhySettingChoice, key, "en, de, nl", value)
		}
	case SettingReminderEvery:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return "", Fail(WhySettingDays, key, value)
		}
	default:
		return "", unknownSetting(key)
	}
	return value, nil
}
