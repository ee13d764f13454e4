package tui

import (
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// headerView is the top line: the product, the account and its mode, the
// demo badge, who keeps statuses fresh, and the user.
func headerView(sh *shared, width int) string {
	p, st, c := sh.p, sh.styles, sh.conn
	left := []string{st.Brand.Render("paydesk")}
	switch {
	case !sh.connOK:
		left = append(left, st.Muted.Render("…"))
	case !c.Enabled:
		left = append(left, st.BadgeOff.Render("["+p.T("tui.header.integration_off")+"]"))
	case !c.Connected:
		left = append(left, st.BadgeOff.Render("["+p.T("tui.header.not_connected")+"]"))
	default:
		name := sanitize.Terminal(c.Profile.Name)
		if name == "" {
			name = c.MaskedKey
		}
		badge := st.BadgeTest
		if c.Mode == domain.ModeLive {
			badge = st.BadgeLive
		}
		left = append(left, name+" "+badge.Render("["+p.Mode(c.Mode)+"]"))
		switch c.Profile.Status {
		case domain.ProfileUnverified:
			left = append(left, st.BadgeOff.Render("["+p.T("tui.header.profile_unverified")+"]"))
		case domain.ProfileBlocked:
			left = append(left, st.BadgeOff.Render("["+p.T("tui.header.profile_blocked")+"]"))
		}
	}
	if sh.demo {
		left = append(left, st.BadgeDemo.Render("["+p.T("tui.header.demo")+"]"))
	}
	left = append(left, st.Muted.Render(syncWord(sh)))
	right := st.Muted.Render(p.T("tui.header.user", sanitize.Terminal(sh.who), p.T("tui.role."+string(sh.svc.Role()))))
	l := strings.Join(left, "  ")
	gap := width - cellWidth(l) - cellWidth(right)
	if gap < 2 {
		return fit(l, width)
	}
	return l + strings.Repeat(" ", gap) + right
}

// syncWord says whether this process polls Mollie, another one, or none.
func syncWord(sh *shared) string {
	p, s := sh.p, sh.sync
	switch {
	case sh.connOK && (!sh.conn.Enabled || !sh.conn.Connected):
		return p.T("tui.header.sync_paused") // nothing to poll until connected
	case s.Holder == "":
		return p.T("tui.header.sync_none")
	case s.Here && s.Last.Err != nil:
		return p.T("tui.header.sync_here_failing")
	case s.Here:
		return p.T("tui.header.sync_here")
	}
	return p.T("tui.header.sync_elsewhere", shortHolder(s.Holder))
}

// shortHolder keeps the host and process id of a lease holder's name.
func shortHolder(h string) string {
	parts := strings.Split(h, ":")
	if len(parts) >= 3 {
		return parts[0] + ":" + parts[1]
	}
	return h
}

// screen numbers
const (
	screenInvoices = iota
	screenPayments
	screenLog
	screenSetup
	screenSummary
	screenCount
)

// navView is the line naming the screens, the current one marked.
func navView(sh *shared, screens []screen, active, width int) string {
	st := sh.styles
	labels := navLabels(screens)
	parts := make([]string, len(labels))
	for i, label := range labels {
		if i == active {
			parts[i] = st.TabActive.Render("[" + label + "]")
		} else {
			parts[i] = st.TabInactive.Render(" " + label + " ")
		}
	}
	return fit(strings.Join(parts, " "), width)
}

// navLabels are the screens' names with their keys, as the nav line shows them.
func navLabels(screens []screen) []string {
	names := make([]string, len(screens))
	for i, s := range screens {
		names[i] = string(rune('1'+i)) + " " + s.Name()
	}
	return names
}

// tabAt is which of a line of tabs (each label drawn one cell wider on both
// sides, one space apart) column x falls on; -1 for none.
func tabAt(labels []string, x int) int {
	left := 0
	for i, l := range labels {
		right := left + cellWidth(l) + 2
		if x >= left && x < right {
			return i
		}
		left = right + 1
	}
	return -1
}

// footerKind is how a footer message reads.
type footerKind int

const (
	footerInfo footerKind = iota
	footerSuccess
	footerError
)

type footer struct {
	kind footerKind
	text string
	// held: an error not yet seen, which stays until the next key press.
	held bool
	// until is when the message goes away; zero while held.
	until time.Time
}

// How long messages stay: an outcome for a few seconds, an error a little
// longer after the key press that showed it was read, drawn faint meanwhile.
const (
	footerLife = 6 * time.Second
	errorFade  = 4 * time.Second
)

// newFooter is a message shown at now.
func newFooter(kind footerKind, text string, now time.Time) footer {
	f := footer{kind: kind, text: sanitize.Terminal(text)}
	if kind == footerError {
		f.held = true
	} else {
		f.until = now.Add(footerLife)
	}
	return f
}

// seen lets a held error fade from now on.
func (f footer) seen(now time.Time) footer {
	if f.held {
		f.held, f.until = false, now.Add(errorFade)
	}
	return f
}

// expired reports whether the message is gone at now.
func (f footer) expired(now time.Time) bool {
	return f.text != "" && !f.held && !f.until.IsZero() && !now.Before(f.until)
}

// footerView is the message line: a running action with its spinner, or the
// outcome of the last one.
func footerView(sh *shared, f footer, width int) string {
	st := sh.styles
	if sh.busy != "" {
		return fit(sh.spin+" "+sh.busy, width)
	}
	switch f.kind {
	case footerError:
		return fit(st.Error.Render("✗ "+f.text), width)
	case footerSuccess:
		return fit(st.Success.Render("✓ "+f.text), width)
	}
	if f.text == "" {
		return ""
	}
	return fit(st.Info.Render("• "+f.text), width)
}
