package domain

import (
	"context"
	"errors"
	"fmt"
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

// MailFailure says which part of sending failed, for the advice.
type MailFailure string

const (
	MailUnreachable MailFailure = "unreachable" // no connection to the server
	MailTLS         MailFailure = "tls"         // the secure connection failed
	MailAuth        MailFailure = "auth"        // the server refused the login
	MailRefused     MailFailure = "refused"     // the server refused the sender or the recipient
	MailOther       MailFailure = "other"
)

// MailError is a failed conversation with the SMTP server. It never holds
// the password.
type MailError struct {
	Failure MailFailure
	Server  string // host:port
	Err     error
}

func (e *MailError) Error() string {
	advice := map[MailFailure]string{
		MailUnreachable: "no connection to the SMTP server %s (%v); check smtp_host and smtp_port and that this machine may reach it",
		MailTLS:         "no secure connection to the SMTP server %s (%v); check smtp_security (starttls for port 587, tls for port 465) and the server's certificate",
		MailAuth:        "the SMTP server %s refused the login (%v); check smtp_user and set the password again with 'paydesk mail password'",
		MailRefused:     "the SMTP server %s refused the message (%v); check that smtp_from is an address this account may send from and that the recipient is right",
		MailOther:       "the SMTP server %s did not take the message (%v)",
	}[e.Failure]
	if advice == "" {
		advice = "the SMTP server %s did not take the message (%v)"
	}
	return fmt.Sprintf(advice, e.Server, e.Err)
}

func (e *MailError) Unwrap() error { return e.Err }

// ErrMailNotSetUp is returned while no SMTP server is configured.
var ErrMailNotSetUp = errors.New("e-mail is not set up: set smtp_host and smtp_from with 'paydesk settings set' (and the password with 'paydesk mail password'), then check it with 'paydesk mail test'")

// ParseAddress checks an e-mail address and returns its plain form
// (name@example.com); a display name is accepted and dropped.
func ParseAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("the e-mail address is empty")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, "\r\n") {
		return "", fmt.Errorf("%q is not an e-mail address such as billing@example.com", s)
	}
	return a.Address, nil
}

func validateMailSetting(key, value string) (string, error) {
	switch key {
	case SettingSMTPHost:
		if strings.ContainsAny(value, " /:@") {
			return "", fmt.Errorf("smtp_host must be a host name such as smtp.example.com, not %q", value)
		}
	case SettingSMTPPort:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("smtp_port must be a port number such as 587 or 465, not %q", value)
		}
	case SettingSMTPSecurity:
		if value != SecurityStartTLS && value != SecurityTLS && value != SecurityNone {
			return "", fmt.Errorf("smtp_security must be starttls, tls or none, not %q", value)
		}
	case SettingSMTPUser:
	case SettingSMTPFrom, SettingSMTPReplyTo:
		a, err := mail.ParseAddress(value)
		if err != nil || !strings.Contains(a.Address, "@") {
			return "", fmt.Errorf("%s must be an e-mail address such as Office <billing@example.com>, not %q", key, value)
		}
		return a.String(), nil
	case SettingMailLanguage:
		if value != "en" && value != "de" && value != "nl" {
			return "", fmt.Errorf("mail_language must be en, de or nl, not %q", value)
		}
	case SettingReminderEvery:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 365 {
			return "", fmt.Errorf("reminder_interval_days must be a whole number of days from 1 to 365, not %q", value)
		}
	default:
		return "", unknownSetting(key)
	}
	return value, nil
}
