package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// reverseConfirmedMsg asks the root to reverse a manual entry.
type reverseConfirmedMsg struct {
	number string
	entry  domain.ExternalPayment
	reason string
}

type reversedMsg struct {
	number string
	entry  domain.ExternalPayment
	rec    domain.Recorded
	err    error
}

// reversible is the manual entries that can still be reversed: money
// received that no counter-entry has reversed yet.
func reversible(entries []domain.ExternalPayment) []domain.ExternalPayment {
	done := map[int64]bool{}
	for _, e := range entries {
		if e.Reverses != 0 {
			done[e.Reverses] = true
		}
	}
	var out []domain.ExternalPayment
	for _, e := range entries {
		if e.Reverses == 0 && !done[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// reverseDialog corrects a manual entry: choose it, say why, confirm. The
// entry is never changed; a counter-entry with the reason is recorded.
type reverseDialog struct {
	sh      *shared
	number  string
	entries []domain.ExternalPayment
	chosen  int
	reason  textinput.Model
	err     string
	// confirming: the entry and reason were given and enter was pressed
	// once; the next enter reverses it.
	confirming bool
}

func newReverseDialog(sh *shared, number string, entries []domain.ExternalPayment) (*reverseDialog, tea.Cmd) {
	d := &reverseDialog{sh: sh, number: number, entries: entries, chosen: len(entries) - 1}
	d.reason = newInput(sh, "", sh.p.T("tui.reverse.reason_placeholder"))
	d.reason.SetWidth(40)
	return d, d.reason.Focus()
}

func (d *reverseDialog) Capturing() bool { return true }

func (d *reverseDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	k := d.sh.keys
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			return true, nil, nil
		case key.Matches(kp, k.ChooseEntry):
			if kp.String() == "up" {
				d.chosen = max(0, d.chosen-1)
			} else {
				d.chosen = min(len(d.entries)-1, d.chosen+1)
			}
			d.confirming, d.err = false, ""
			return false, nil, nil
		case key.Matches(kp, k.Confirm):
			return d.confirm()
		}
	}
	before := d.reason.Value()
	var cmd tea.Cmd
	d.reason, cmd = d.reason.Update(msg)
	if d.reason.Value() != before {
		d.confirming = false
	}
	return false, nil, cmd
}

func (d *reverseDialog) confirm() (bool, tea.Msg, tea.Cmd) {
	reason := strings.TrimSpace(d.reason.Value())
	if reason == "" {
		d.err = d.sh.p.Err(domain.Fail(domain.WhyReverseReason, int(d.entries[d.chosen].ID)))
		return false, nil, nil
	}
	if !d.confirming {
		d.confirming, d.err = true, ""
		return false, nil, nil
	}
	return true, reverseConfirmedMsg{number: d.number, entry: d.entries[d.chosen], reason: reason}, nil
}

func (d *reverseDialog) View(width int) string {
	p, s := d.sh.p, d.sh.styles
	var extra []string
	for i, e := range d.entries {
		line := fmt.Sprintf("#%d %s · %s", e.ID, p.DateTime(e.At), p.Money(e.Amount))
		if note := sanitize.Terminal(e.Note); note != "" {
			line += " · " + note
		}
		line = clip(line, dialogWidth-8)
		if i == d.chosen {
			extra = append(extra, s.Title.Render("› "+line))
		} else {
			extra = append(extra, "  "+line)
		}
	}
	extra = append(extra, "", s.Label.Render(p.T("tui.reverse.reason"))+" "+d.reason.View(), "")
	e := d.entries[d.chosen]
	var notes []string
	switch {
	case d.err != "":
		notes = append(notes, s.Error.Render("✗ "+sanitize.Terminal(d.err)))
	case d.confirming:
		notes = append(notes, s.Error.Render(p.T("tui.reverse.confirm", e.ID, p.Money(e.Amount))))
	default:
		notes = append(notes, p.T("tui.reverse.explain"))
	}
	for _, n := range notes {
		extra = append(extra, wrapWords(n, dialogWidth-4)...)
	}
	extra = append(extra, "", d.sh.shortHelp(dialogWidth-4, d.ShortHelp()))
	return dialogBox(d.sh, width, p.T("tui.reverse.title", sanitize.Terminal(d.number)), nil, nil, extra...)
}

func (d *reverseDialog) ShortHelp() []key.Binding {
	k := d.sh.keys
	return []key.Binding{k.ChooseEntry, k.Confirm, k.Cancel}
}

// openReverse opens the dialog that reverses one of the invoice's manual
// entries, as shown in its details.
func (m *Model) openReverse(number string) tea.Cmd {
	p := m.sh.p
	if why := m.sh.unavailable(domain.ActionRecord, number); why != "" {
		m.setFooter(footerError, why)
		return nil
	}
	st := m.invoices.pane.status
	if st == nil || st.Invoice.Number != number {
		m.setFooter(footerError, p.T("tui.loading"))
		return nil
	}
	entries := reversible(st.Manual)
	if len(entries) == 0 {
		m.setFooter(footerError, p.T("tui.reverse.none", number))
		return nil
	}
	d, cmd := newReverseDialog(m.sh, number, entries)
	m.dialog = d
	return cmd
}

// startReverse reverses the entry through the same use case as the
// command line's record-payment --reverse.
func (m *Model) startReverse(msg reverseConfirmedMsg) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.reverse", msg.entry.ID, msg.number)), func() tea.Msg {
		rec, err := svc.ReversePayment(ctx, msg.number, msg.entry.ID, msg.reason)
		return reversedMsg{number: msg.number, entry: msg.entry, rec: rec, err: err}
	})
}

// onReversed says what reversing did, and what became of the open link.
func (m *Model) onReversed(msg reversedMsg) {
	p := m.sh.p
	if msg.err != nil {
		m.setFooter(footerError, p.T("tui.err.reverse", msg.entry.ID, msg.number, p.Err(msg.err)))
		return
	}
	owed := p.Money(msg.rec.Outstanding(m.sh.mode()))
	switch u := msg.rec.Link; {
	case u.Err != nil:
		m.setFooter(footerError, p.T("tui.reversed_link_failed", msg.entry.ID, msg.number, owed, p.Err(u.Err)))
	case u.New != nil:
		m.setFooter(footerSuccess, p.T("tui.reversed_relinked", msg.entry.ID, msg.number, owed, p.Money(u.New.Amount)))
	default:
		m.setFooter(footerSuccess, p.T("tui.reversed", msg.entry.ID, msg.number, owed))
	}
}
