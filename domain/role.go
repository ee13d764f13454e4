package domain

import (
	"context"
)

// Role is what a person may do through a Service. Local use has every
// right; people who come in over SSH get the role their key carries.
type Role string

const (
	// RoleViewer looks and copies links.
	RoleViewer Role = "viewer"
	// RoleBookkeeper also requests payment links, records payments and imports invoices.
	RoleBookkeeper Role = "bookkeeper"
	// RoleAdmin also connects Mollie and changes settings.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from least to most rights.
var Roles = []Role{RoleViewer, RoleBookkeeper, RoleAdmin}

// ParseRole accepts viewer, bookkeeper and admin.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1 // an unknown role has no rights at all
}

// Action is something only some roles may do.
type Action string

const (
	ActionPay      Action = "pay"      // request a payment link
	ActionRecord   Action = "record"   // record or reverse a payment received outside Mollie
	ActionImport   Action = "import"   // bring invoices in
	ActionMail     Action = "mail"     // e-mail links and reminders to customers
	ActionConnect  Action = "connect"  // connect or disconnect Mollie, switch the integration
	ActionSettings Action = "settings" // change settings, prune the log
)

// NeededRole is the least role that may take the action.
func NeededRole(a Action) Role {
	switch a {
	case ActionPay, ActionRecord, ActionImport, ActionMail:
		return RoleBookkeeper
	}
	return RoleAdmin
}

// May reports whether the role may take the action.
func (r Role) May(a Action) bool { return r.rank() >= NeededRole(a).rank() }

// Refusal is the error that refuses the action to the actor with the
// role, saying which role it needs; interfaces show it before asking too.
func Refusal(actor string, role Role, a Action) *Error {
	return Fail(WhyRole, a, NeededRole(a), actor, role).In(ErrNotAllowed)
}

// Role is the role of the person this Service acts for.
func (s *Service) Role() Role { return s.role }

// May reports whether this Service's actor may take the action.
func (s *Service) May(a Action) bool { return s.role.May(a) }

// Allow refuses, and logs, an action the actor's role does not allow; it
// returns nil when the role allows it. Interfaces that catch a refused key
// before asking for the action itself ask here, so that the log names the
// person whichever way the refusal came.
func (s *Service) Allow(ctx context.Context, a Action, invoice string) error {
	return s.allow(ctx, a, invoice)
}

// allow refuses, and logs, an action the actor's role does not allow. Every
// use case that changes money, invoices or settings begins with it.
func (s *Service) allow(ctx context.Context, a Action, invoice string) error {
	if s.role.May(a) {
		return nil
	}
	err := Refusal(s.actor, s.role, a)
	s.logEntry(ctx, LogEntry{Level: LevelWarn, Event: EventRefused, InvoiceNumber: invoice,
		Says: Say("log.refused", Say("tui.action."+string(a)), Say("tui.role."+string(NeededRole(a))), s.actor, Say("tui.role."+string(s.role)))})
	return err
}
