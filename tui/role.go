package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// refusedMsg reports a key whose action the person's role does not allow.
type refusedMsg struct{ action domain.Action }

// unavailable says why the person may not take the action on the invoice
// ("" for none), or "" when they may. The Service decides and logs the
// refusal, so the log names the person even when a key is caught here
// before any dialog opens.
func (sh *shared) unavailable(a domain.Action, invoice string) string {
	if sh.svc.Allow(sh.ctx, a, invoice) == nil {
		return ""
	}
	// The screen names the person as the header does, without the key's
	// fingerprint that the log keeps.
	return sh.p.Err(domain.Refusal(sh.who, sh.svc.Role(), a))
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
	mark(&k.ReverseEntry, domain.ActionRecord)
	mark(&k.Mail, domain.ActionMail)
	mark(&k.Remind, domain.ActionMail)
	mark(&k.Edit, domain.ActionSettings)
	mark(&k.Toggle, domain.ActionConnect)
	mark(&k.Import, domain.ActionImport)
	return k
}
