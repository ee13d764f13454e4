package i18n

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// Err puts an error into the reader's words. domain's errors (a reason and
// its facts), Mollie's refusals, an import's conflicts and any error that
// says itself as a domain.Text (the importer's) come from the catalogue;
// the cause of a domain error follows its message. Anything else is shown
// as it is.
func (p *Printer) Err(err error) string {
	if err == nil {
		return ""
	}
	if words, ok := p.errs(err); ok {
		return words
	}
	// Before domain's errors: a conflict is in the class ErrConflict.
	var ce *domain.ImportConflictError
	if errors.As(err, &ce) {
		lines := []string{p.T("err.import_conflict_one")}
		if len(ce.Conflicts) != 1 {
			lines[0] = p.T("err.import_conflict", len(ce.Conflicts))
		}
		for _, c := range ce.Conflicts {
			lines = append(lines, p.Conflict(c))
		}
		return strings.Join(lines, "\n")
	}
	var de *domain.Error
	if errors.As(err, &de) {
		msg := p.T("err."+string(de.Why), p.facts(de.Facts)...)
		if de.Err != nil {
			msg = strings.TrimSuffix(msg, ".") + ": " + p.Err(de.Err)
		}
		return msg
	}
	var ge *domain.GatewayError
	if errors.As(err, &ge) {
		return p.gateway(ge)
	}
	var said interface{ Says() domain.Text }
	if errors.As(err, &said) {
		return p.Text(said.Says())
	}
	if words, ok := p.system(err); ok {
		return words
	}
	return err.Error()
}

// Conflict is one invoice an import would change under its payments:
// where it was read, its number and what would change.
func (p *Printer) Conflict(c domain.ImportConflict) string {
	changes := make([]string, len(c.Changes))
	for i, t := range c.Changes {
		changes[i] = p.Text(t)
	}
	return p.T("import.conflict", c.SourceFile, c.SourceLine, c.Number, strings.Join(changes, "; "))
}

// errs words each of several errors joined with errors.Join (several
// invoice-number clashes in one import), so that none is left out.
func (p *Printer) errs(err error) (string, bool) {
	for err != nil {
		if _, ok := err.(*domain.Error); ok {
			return "", false
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			words := make([]string, 0, len(j.Unwrap()))
			for _, e := range j.Unwrap() {
				words = append(words, strings.TrimSuffix(p.Err(e), "."))
			}
			return strings.Join(words, "; "), true
		}
		err = errors.Unwrap(err)
	}
	return "", false
}

// Text puts what domain says into words: the catalogue message filled with
// its facts, then its cause. The zero Text is "".
func (p *Printer) Text(t domain.Text) string {
	if t.Key == "" {
		return ""
	}
	msg := p.T(t.Key, p.facts(t.Facts)...)
	if t.Cause != nil {
		msg += ": " + p.Err(t.Cause)
	}
	return msg
}

// Log is a log entry's message in the reader's language; rows written
// before entries said things as Text keep their stored text.
func (p *Printer) Log(e domain.LogEntry) string {
	if e.Says.Key != "" {
		return p.Text(e.Says)
	}
	return e.Message
}

// facts formats an error's facts for this language: amounts, dates and
// statuses as everywhere else; the rest as it is.
func (p *Printer) facts(facts []any) []any {
	out := make([]any, len(facts))
	for i, f := range facts {
		switch v := f.(type) {
		case domain.Money:
			out[i] = p.Money(v)
		case domain.Status:
			out[i] = p.Status(v)
		case domain.Mode:
			out[i] = p.Mode(v)
		case domain.PaymentKind:
			out[i] = p.T("tui.kind." + string(v))
		case domain.PaymentMethod:
			out[i] = p.Method(string(v))
		case domain.Role:
			out[i] = p.T("tui.role." + string(v))
		case domain.Action:
			out[i] = p.T("tui.action." + string(v))
		case time.Time:
			out[i] = p.DateTime(v)
		case domain.Text:
			out[i] = p.Text(v)
		case error:
			out[i] = p.Err(v)
		default:
			out[i] = v
		}
	}
	return out
}

// gateway words what Mollie answered; its detail is Mollie's own English.
func (p *Printer) gateway(ge *domain.GatewayError) string {
	switch {
	case ge.Unreachable:
		if ge.Err != nil {
			return p.T("err.mollie.unreachable_why", ge.Err.Error())
		}
		return p.T("err.mollie.unreachable")
	case ge.Unreadable:
		if ge.Err != nil {
			return p.T("err.mollie.unreadable_why", p.Err(ge.Err))
		}
		return p.T("err.mollie.unreadable")
	case ge.HTTPStatus == 401:
		return p.T("err.mollie.unauthorized")
	}
	what := p.T("err.mollie.request")
	if ge.Field != "" {
		what = p.fieldNoun(ge.Field) + " (" + ge.Field + ")"
	}
	msg := p.T("err.mollie.refused", what)
	if ge.HTTPStatus != 0 {
		msg += " [" + strconv.Itoa(ge.HTTPStatus) + " " + ge.Title + "]"
	}
	if ge.Detail != "" {
		msg += ": " + ge.Detail
	}
	return msg
}

func (p *Printer) fieldNoun(field string) string {
	head, _, _ := strings.Cut(field, ".")
	if key := "err.mollie.field." + head; p.Has(key) {
		return p.T(key)
	}
	return p.T("err.mollie.field", head)
}

// system words the file system's common refusals of a path, whose own text
// is the operating system's English ("no such file or directory").
func (p *Printer) system(err error) (string, bool) {
	var pe *fs.PathError
	_, bare := err.(syscall.Errno) // told after the path by whoever names it
	if !errors.As(err, &pe) && !bare {
		return "", false
	}
	key := ""
	switch {
	case errors.Is(err, fs.ErrNotExist):
		key = "err.os.not_exist"
	case errors.Is(err, fs.ErrPermission):
		key = "err.os.permission"
	case errors.Is(err, fs.ErrExist):
		key = "err.os.exist"
	default:
		return "", false
	}
	if bare {
		return p.T(key + "_here"), true
	}
	return p.T(key, sanitize.Terminal(pe.Path)), true
}
