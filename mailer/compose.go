// Package mailer sends payment e-mails over SMTP (github.com/emersion/go-smtp):
// it composes them from templates (the defaults in assets, or the office's
// own files beside the database) and implements domain.Mailer.
package mailer

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	texttemplate "text/template"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// TemplateFolder is the folder beside the database where an office keeps its
// own templates; a file there wins over the default of the same name.
const TemplateFolder = "mail-templates"

// view is what a template may use.
type view struct {
	Number      string
	Customer    string
	Amount      string // what is owed, in the message's language
	DueDate     string // "" when the invoice names none
	URL         string
	ExpiresAt   string // "" when the link does not expire
	DaysOverdue int
}

// Compose makes the message from the kind's templates in the language.
func (m *Mailer) Compose(d domain.MailData) (domain.Message, error) {
	lang := i18n.Normalize(d.Lang)
	p := i18n.New(lang)
	v := view{Number: d.Invoice.Number, Customer: oneLine(d.Invoice.Customer), Amount: p.Money(d.Owed), URL: d.URL,
		DaysOverdue: d.DaysOverdue}
	if !d.Invoice.DueDate.IsZero() {
		v.DueDate = p.Date(d.Invoice.DueDate)
	}
	if !d.ExpiresAt.IsZero() {
		v.ExpiresAt = p.DateTime(d.ExpiresAt)
	}
	base := fmt.Sprintf("%s.%s", d.Kind, lang)
	textSrc, err := m.template(base + ".txt")
	if err != nil {
		return domain.Message{}, err
	}
	htmlSrc, err := m.template(base + ".html")
	if err != nil {
		return domain.Message{}, err
	}
	subject, body, err := renderText(base+".txt", textSrc, v)
	if err != nil {
		return domain.Message{}, err
	}
	html, err := renderHTML(base+".html", htmlSrc, v)
	if err != nil {
		return domain.Message{}, err
	}
	return domain.Message{From: d.From, To: d.To, ReplyTo: d.ReplyTo, Subject: subject, Text: body, HTML: html}, nil
}

// template reads a template: the office's file when there is one, else the default.
func (m *Mailer) template(name string) (string, error) {
	if m.opts.TemplateDir != "" {
		b, err := os.ReadFile(filepath.Join(m.opts.TemplateDir, name))
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", templateErr(name, err)
		}
	}
	b, err := fs.ReadFile(assets.MailTemplates(), name)
	if err != nil {
		return "", templateErr(name, err)
	}
	return string(b), nil
}

// renderText fills a text template whose first line is "Subject: …".
func renderText(name, src string, v view) (subject, body string, err error) {
	t, err := texttemplate.New(name).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", "", templateErr(name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return "", "", templateErr(name, err)
	}
	first, rest, _ := strings.Cut(b.String(), "\n")
	subject, ok := strings.CutPrefix(first, "Subject:")
	if !ok || strings.TrimSpace(subject) == "" {
		return "", "", templateErr(name, errors.New("its first line must be \"Subject: …\""))
	}
	return strings.TrimSpace(oneLine(subject)), strings.TrimLeft(rest, "\n"), nil
}

func renderHTML(name, src string, v view) (string, error) {
	t, err := htmltemplate.New(name).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", templateErr(name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return "", templateErr(name, err)
	}
	return b.String(), nil
}

// oneLine keeps outside text (a customer's name) on one line, so that it
// cannot start a header of its own.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' || r == '\t' }), " ")
}

// templateErr says which template is at fault, for the office to fix.
func templateErr(name string, err error) error {
	return domain.Fail(domain.WhyMailTemplate, name).Because(err)
}
