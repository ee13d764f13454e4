package domain

import "time"

// Level is a log entry's severity.
type Level string

const (
	LevelInfo  Level = "info"
	LevelWarn  Level = "warn"
	LevelError Level = "error"
)

// ParseLevel accepts info, warn and error.
func ParseLevel(s string) (Level, bool) {
	switch Level(s) {
	case LevelInfo, LevelWarn, LevelError:
		return Level(s), true
	}
	return "", false
}

// Event names what a log entry records.
type Event string

const (
	EventConnect       Event = "connect"
	EventDisconnect    Event = "disconnect"
	EventIntegration   Event = "integration"
	EventCreate        Event = "create"
	EventReuse         Event = "reuse"
	EventArchive       Event = "archive"
	EventCopy          Event = "copy"
	EventStatus        Event = "status"
	EventWebhook       Event = "webhook"
	EventSync          Event = "sync"
	EventImport        Event = "import"
	EventSetting       Event = "setting"
	EventRecordPayment Event = "record_payment"
	EventQR            Event = "qr"
	EventMailSent      Event = "mail_sent"
	EventMailFailed    Event = "mail_failed"
	EventMailCheck     Event = "mail_check"
	EventAnomaly       Event = "anomaly"
	EventRefused       Event = "refused" // an action the actor's role does not allow
	EventWatch         Event = "watch"   // watching the database for other processes' changes
)

// LogEntry is one row of the integration log. It never holds the API key.
type LogEntry struct {
	ID            int64
	At            time.Time
	Level         Level
	Actor         string
	InvoiceNumber string
	MollieID      string
	Event         Event
	// Says is what happened, put into words when read, in the reader's
	// language. Message is its technical form, kept for search; rows
	// written before entries said things this way have only a Message.
	Says       Text
	Message    string
	HTTPStatus int
}

// Checked is the entry as every store keeps it, an empty level being
// info; it refuses an entry without a time or with an unknown level.
func (e LogEntry) Checked() (LogEntry, error) {
	if e.Level == "" {
		e.Level = LevelInfo
	}
	if _, ok := ParseLevel(string(e.Level)); !ok {
		return e, Fail(WhyLogLevel, string(e.Level))
	}
	if e.At.IsZero() {
		return e, Fail(WhyLogTime, string(e.Event))
	}
	return e, nil
}

// LogFilter narrows Store.Log.
type LogFilter struct {
	InvoiceNumber string
	Level         Level // this level and worse
	Text          string
	AfterID       int64 // only entries with a larger ID (for following)
	BeforeID      int64 // only entries with a smaller ID (for paging back)
	Limit         int   // newest this many; 0 for all
	// Oldest takes the oldest Limit entries instead of the newest (for
	// paging forward from AfterID).
	Oldest bool
}

// AtLeast reports whether l is at least as severe as min.
func (l Level) AtLeast(min Level) bool { return levelRank(l) >= levelRank(min) }

func levelRank(l Level) int {
	switch l {
	case LevelWarn:
		return 1
	case LevelError:
		return 2
	}
	return 0
}

// StorableTimes refuses a time the stores cannot hold: they keep
// nanoseconds since 1970 in 64 bits, the years 1678 to 2261. The zero time
// means "none" and passes.
func StorableTimes(ts ...time.Time) error {
	for _, t := range ts {
		if !t.IsZero() && !time.Unix(0, t.UnixNano()).Equal(t) {
			return Fail(WhyTimeRange, t)
		}
	}
	return nil
}
