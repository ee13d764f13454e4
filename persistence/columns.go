package persistence

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/paydesk/paydesk/domain"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Times are stored as Unix nanoseconds, which covers the years 1678 to
// 2261; the zero time is NULL.

// nanos is the column value of t.
func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// storedTime is t as its column gives it back.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.Unix(0, t.UnixNano()).UTC()
}

// timeCol scans a nullable nanosecond column into a time.Time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.Unix(0, v).UTC()
	default:
		return fmt.Errorf("time column holds %T, want an integer", src)
	}
	return nil
}

// intCol scans a NOT NULL integer column. database/sql has no fast path
// for *int64 and goes through reflection, which shows when 100,000 rows of
// a dozen integers are read.
type intCol struct{ n *int64 }

func (c intCol) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("integer column holds %T", src)
	}
	*c.n = v
	return nil
}

// textCol scans a nullable text column; NULL is "".
type textCol struct{ s *string }

func (c textCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("text column holds %T", src)
	}
	return nil
}

// nullText is the column value of s, NULL for "".
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// minorIn returns m in minor units after checking it is in currency; a
// zero amount without a currency counts as that currency.
func minorIn(what string, m domain.Money, currency string) (int64, error) {
	if m.Currency != currency && !(m.Currency == "" && m.Minor == 0) {
		return 0, fmt.Errorf("%s is in %q but the invoice is in %s", what, m.Currency, currency)
	}
	return m.Minor, nil
}

// isUnique reports whether err is a UNIQUE constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// notFound turns sql.ErrNoRows into domain.ErrNotFound naming what was
// looked for.
func notFound(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// jsonInts is ids as a JSON array, to pass a whole set as one parameter to
// json_each; SQLite limits the number of ? parameters.
func jsonInts(ids []int64) string {
	b := make([]byte, 0, len(ids)*8+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// sinceNanos is t as a lower bound; a time outside what columns hold
// becomes the smallest or largest bound.
func sinceNanos(t time.Time) int64 {
	switch {
	case t.IsZero():
		return math.MinInt64
	case domain.StorableTimes(t) == nil:
		return t.UnixNano()
	case t.Year() < 1970:
		return math.MinInt64
	}
	return math.MaxInt64
}
