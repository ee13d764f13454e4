package domain

import (
	"context"
	"strconv"
	"time"
)

// Reminder is an overdue invoice that gets (or got) a reminder.
type Reminder struct {
	Invoice     Invoice
	To          string
	Owed        Money
	DaysOverdue int
	LastSent    time.Time // zero: never
	Outgoing    Outgoing  // what was sent
	Err         error     // why it was not sent
}

// ReminderPlan is what a reminder run finds.
type ReminderPlan struct {
	Due      []Reminder // to be reminded now
	Waiting  []Reminder // reminded less than the interval ago
	Interval int        // days between two reminders of one invoice
}

// Remindable reports whether an invoice may get a reminder at all, by the
// rules: an invoice (never a credit note), overdue by at least minDays, with
// money owed, not disputed (charged back), with an e-mail address.
func Remindable(inv Invoice, mode Mode, today time.Time, minDays int) bool {
	if inv.Kind != KindInvoice || inv.Email == "" || !inv.Overdue(mode, today) {
		return false
	}
	if inv.Settlement(mode).ChargedBack.IsPositive() {
		return false
	}
	return daysOverdue(inv, today) >= max(1, minDays)
}

func daysOverdue(inv Invoice, today time.Time) int {
	if inv.DueDate.IsZero() {
		return 0
	}
	return int(Date(today).Sub(inv.DueDate).Hours() / 24)
}

// PlanReminders finds the overdue invoices to remind: at least minDays
// overdue and not reminded (or sent their link) within the
// reminder_interval_days setting.
func (s *Service) PlanReminders(ctx context.Context, minDays int) (ReminderPlan, error) {
	v, err := s.Setting(ctx, SettingReminderEvery)
	if err != nil {
		return ReminderPlan{}, err
	}
	plan := ReminderPlan{}
	if plan.Interval, err = strconv.Atoi(v); err != nil || plan.Interval < 1 {
		return ReminderPlan{}, Fail(WhySettingDays, SettingReminderEvery, v)
	}
	invs, err := s.Invoices(ctx)
	if err != nil {
		return ReminderPlan{}, err
	}
	sent, err := s.mailedAt(ctx, "")
	if err != nil {
		return ReminderPlan{}, err
	}
	now, mode := s.Now(), s.Mode(ctx)
	for _, inv := range invs {
		if !Remindable(inv, mode, now, minDays) {
			continue
		}
		r := Reminder{Invoice: inv, To: inv.Email, Owed: inv.Outstanding(mode), DaysOverdue: daysOverdue(inv, now), LastSent: sent[inv.Number]}
		if !r.LastSent.IsZero() && now.Sub(r.LastSent) < time.Duration(plan.Interval)*24*time.Hour {
			plan.Waiting = append(plan.Waiting, r)
			continue
		}
		plan.Due = append(plan.Due, r)
	}
	return plan, nil
}

// SendReminders sends a reminder with a current link to every invoice the
// plan finds due; each outcome is in the returned plan's Due entries.
func (s *Service) SendReminders(ctx context.Context, minDays int) (ReminderPlan, error) {
	if err := s.allow(ctx, ActionMail, ""); err != nil {
		return ReminderPlan{}, err
	}
	plan, err := s.PlanReminders(ctx, minDays)
	if err != nil {
		return plan, err
	}
	if _, _, err := s.mailer(ctx); err != nil {
		return plan, err
	}
	for i := range plan.Due {
		r := &plan.Due[i]
		r.Outgoing, r.Err = s.SendMail(ctx, r.Invoice.Number, "", MailReminder)
	}
	return plan, nil
}
