package tui

import (
	"errors"

	"charm.land/bubbles/v2/key"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// refusedMsg reports a key whose action the person's role does not allow.
type refusedMsg struct{ action domain.Action }

// unavailable says why the person may not take the action, or "" when
// they may. The Service refuses it too; this only says so before asking.
func (sh *shared) unavailable(a domain.Action) string {
	if sh.svc.May(a) {
		return ""
	}
	return refusal(sh.p, sh.who, sh.svc.Role(), a)
}

func refusal(p *i18n.Printer, who string, role domain.Role, a domain.Action) string {
	return p.T("tui.role.refused", p.T("tui.action."+string(a)), p.T("tui.role."+string(domain.NeededRole(a))), who, p.T("tui.role."+string(role)))
}

// roleError renders the Service's refusal in the reader's language; ok is
// false for any other error.
func (sh *shared) roleError(err error) (string, bool) {
	var re *domain.RoleError
	if !errors.As(err, &re) {
		return "", false
	}
	return refusal(sh.p, sh.who, re.Role, re.Action), true
}

// forRole marks in the help the keys whose actions the role may not take,
// so that the person sees they exist and that they are not theirs.
func (k KeyMap) forRole(p *i18n.Printer, role domain.Role) KeyMap {
	mark := func(b *key.Binding, a domain.Action) {
		if !role.May(a) {
			h := b.Help()
			b.SetHelp(h.Key, p.T("tui.role.unavailable", h.Desc, p.T("tui.role."+string(domain.NeededRole(a)))))
		}
	}
	mark(&k.Pay, domain.ActionPay)
	mark(&k.Record, domain.ActionRecord)
	mark(&k.Edit, domain.ActionSettings)
	mark(&k.Toggle, domain.ActionConnect)
	return k
}
