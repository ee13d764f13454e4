package mailer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/paydesk/paydesk/domain"
)

// Options are what the wiring adds to the SMTP settings.
type Options struct {
	// TemplateDir is the office's template folder ("" for the defaults only).
	TemplateDir string
	// RootCAs verifies the server's certificate; nil: the system's.
	RootCAs *x509.CertPool
	// Timeout bounds one conversation with the server.
	Timeout time.Duration
}

// Mailer sends through one SMTP server.
type Mailer struct {
	cfg  domain.MailConfig
	opts Options
}

// Factory makes Mailers with the options for the settings the domain reads.
func Factory(opts Options) domain.MailerFactory {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	return func(cfg domain.MailConfig) domain.Mailer { return &Mailer{cfg: cfg, opts: opts} }
}

// Check connects, secures the connection and logs in.
func (m *Mailer) Check(ctx context.Context) error {
	c, err := m.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return m.fail(domain.WhyMailFailed, c.Quit())
}

// Send delivers one message to its recipient.
func (m *Mailer) Send(ctx context.Context, msg domain.Message) error {
	raw, err := build(msg, time.Now())
	if err != nil {
		return err
	}
	from, err := domain.ParseAddress(msg.From)
	if err != nil {
		return err
	}
	c, err := m.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail(from, []string{msg.To}, strings.NewReader(string(raw))); err != nil {
		return m.fail(domain.WhyMailRefused, err)
	}
	_ = c.Quit() // the message is accepted; a failing goodbye changes nothing
	return nil
}

// connect opens the connection the settings ask for and logs in.
func (m *Mailer) connect(ctx context.Context) (*smtp.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, m.opts.Timeout)
	defer cancel()
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", m.cfg.Addr())
	if err != nil {
		return nil, m.fail(domain.WhyMailUnreachable, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	tlsConfig := &tls.Config{ServerName: m.cfg.Host, RootCAs: m.opts.RootCAs, MinVersion: tls.VersionTLS12}
	var c *smtp.Client
	switch m.cfg.Security {
	case domain.SecurityTLS:
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, m.fail(domain.WhyMailTLS, err)
		}
		c = smtp.NewClient(tc)
	case domain.SecurityNone:
		c = smtp.NewClient(conn)
	default:
		c, err = smtp.NewClientStartTLS(conn, tlsConfig)
		if err != nil {
			conn.Close()
			return nil, m.fail(classifyStartTLS(err), err)
		}
	}
	// After STARTTLS the handshake happens with this greeting; it also
	// reads what the server offers on the secured connection.
	if err := c.Hello("localhost"); err != nil {
		c.Close()
		return nil, m.fail(classifyStartTLS(err), err)
	}
	if err := m.login(c); err != nil {
		c.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(m.opts.Timeout))
	return c, nil
}

// login authenticates when a user is set, with PLAIN, else LOGIN.
func (m *Mailer) login(c *smtp.Client) error {
	if m.cfg.User == "" {
		return nil
	}
	var auth sasl.Client
	switch {
	case c.SupportsAuth("PLAIN"):
		auth = sasl.NewPlainClient("", m.cfg.User, m.cfg.Password)
	case c.SupportsAuth("LOGIN"):
		auth = sasl.NewLoginClient(m.cfg.User, m.cfg.Password)
	default:
		return m.fail(domain.WhyMailAuth, errors.New("the server offers neither PLAIN nor LOGIN on this connection"))
	}
	if err := c.Auth(auth); err != nil {
		return m.fail(domain.WhyMailAuth, err)
	}
	return nil
}

// classifyStartTLS tells a refused or failed STARTTLS from a dead server.
func classifyStartTLS(err error) domain.Why {
	var se *smtp.SMTPError
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return domain.WhyMailUnreachable
	case errors.As(err, &se), strings.Contains(err.Error(), "STARTTLS"), strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return domain.WhyMailTLS
	}
	return domain.WhyMailUnreachable
}

// fail wraps err as the domain's reason, keeping the password out of its text.
func (m *Mailer) fail(why domain.Why, err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code == 535 {
		why = domain.WhyMailAuth
	}
	return domain.Fail(why, m.cfg.Addr()).Because(scrubbed{err, m.cfg.Password})
}

// scrubbed is an error whose text never shows the password, whatever a
// server echoes back.
type scrubbed struct {
	err      error
	password string
}

func (s scrubbed) Error() string {
	msg := s.err.Error()
	if s.password != "" {
		msg = strings.ReplaceAll(msg, s.password, "…")
	}
	return msg
}

func (s scrubbed) Unwrap() error { return s.err }
