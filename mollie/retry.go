package mollie

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	firstBackoff = 500 * time.Millisecond
	maxBackoff   = 8 * time.Second
	// minRetryAttempt is the least time a retry is given to be answered;
	// with less of the budget left, the call gives up instead.
	minRetryAttempt = time.Second
)

// retryWait decides how long to wait before the next attempt, and whether
// the budget left has room for the wait plus a useful attempt. Mollie's
// Retry-After is obeyed exactly; when it asks for longer than the budget
// allows, the call gives up at once rather than wait only to be refused again.
func (c *Client) retryWait(attempt int, ans *answer, remaining time.Duration) (time.Duration, bool) {
	minAttempt := min(c.timeout, minRetryAttempt)
	wait := backoff(attempt)
	if ans != nil && ans.status == http.StatusTooManyRequests {
		if d, ok := retryAfter(ans.header.Get("Retry-After"), time.Now()); ok && d > 0 {
			wait = d
		}
	}
	return wait, wait+minAttempt <= remaining
}

// backoff doubles with every attempt up to a cap; the random half spreads the
// retries of many clients that failed at the same moment.
func backoff(attempt int) time.Duration {
	d := maxBackoff
	if attempt < 8 {
		d = min(firstBackoff<<(attempt-1), maxBackoff)
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > int64(24*time.Hour/time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
