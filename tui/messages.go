package tui

import (
	"github.com/paydesk/paydesk/domain"
)

// Messages between the root, its Cmds and its screens. Results of loads
// that can arrive late carry the generation they were asked for; the root
// drops any whose generation is no longer the latest.

type changedMsg struct{}

type tickMsg struct{}

type headerLoadedMsg struct {
	gen      uint64
	conn     domain.Connection
	sync     domain.SyncState
	settings map[string]string
	err      error
}

type statusLoadedMsg struct {
	gen    uint64
	number string
	status domain.InvoiceStatus
	err    error
}

type paymentsLoadedMsg struct {
	gen  uint64
	rows []domain.Payment
	// edge is the oldest of the newest held payments, held how many of
	// them were read, more whether older ones exist.
	edge int64
	held int
	more bool
	err  error
}

type logLoadedMsg struct {
	gen     uint64
	entries []domain.LogEntry // oldest first
	reset   bool              // replace what is shown instead of appending
	err     error
}

// clickMsg is a left click inside the active screen, in its own
// coordinates.
type clickMsg struct{ x, y int }

// openDetailsMsg asks the root to show the selected invoice's details.
type openDetailsMsg struct{}

// sortPrefMsg carries the order the user chose last time.
type sortPrefMsg struct{ value string }

// sortSavedMsg reports whether the chosen order was remembered.
type sortSavedMsg struct{ err error }

type summaryLoadedMsg struct {
	gen uint64
	r   domain.Receivables
	err error
}

type paymentCreatedMsg struct {
	number string
	result domain.PayResult
	err    error
}

type refreshedMsg struct {
	number string
	status domain.InvoiceStatus
	err    error
}

type linkCopiedMsg struct {
	number string
	url    string
	err    error
}

type recordedMsg struct {
	number string
	amount domain.Money
	rec    domain.Recorded
	err    error
}

type connectedMsg struct {
	profile domain.Profile
	err     error
}

type settingSavedMsg struct {
	key   string
	value string
	err   error
}

type integrationSetMsg struct {
	on  bool
	err error
}

// jumpMsg asks the root to show an invoice on the invoices screen.
type jumpMsg struct{ number string }

// nativeCopyDoneMsg ends a best-effort native clipboard write; its error
// is ignored because OSC 52 and the link on screen already did the job.
type nativeCopyDoneMsg struct{}
