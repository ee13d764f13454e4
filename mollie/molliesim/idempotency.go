package molliesim

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// idempotencyWindow is how long Mollie remembers an Idempotency-Key.
const idempotencyWindow = time.Hour

// idemEntry is what is remembered of the first request with a key.
type idemEntry struct {
	key         string
	fingerprint [sha256.Size]byte
	created     time.Time
	done        bool
	resp        response
}

// idempotencyStore keeps keys per API key (the map key joins both) and
// forgets them an hour after first use by the simulator's clock.
type idempotencyStore struct {
	entries map[string]*idemEntry
	order   []*idemEntry // oldest first, for pruning
}

type idemVerdict int

const (
	idemFirst    idemVerdict = iota // go ahead; finish must be called
	idemReplay                      // answer entry.resp again
	idemMismatch                    // same key, other parameters: 400
	idemBusy                        // the first request is still running: 409
)

func newIdempotencyStore() idempotencyStore {
	return idempotencyStore{entries: map[string]*idemEntry{}}
}

func fingerprint(r *http.Request, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(r.Method + " " + r.URL.Path + "\n"))
	h.Write(body)
	var fp [sha256.Size]byte
	copy(fp[:], h.Sum(nil))
	return fp
}

// begin decides what to do with a request carrying an Idempotency-Key.
func (st *idempotencyStore) begin(key string, fp [sha256.Size]byte, now time.Time) (idemVerdict, *idemEntry) {
	if e, ok := st.entries[key]; ok && now.Sub(e.created) < idempotencyWindow {
		switch {
		case e.fingerprint != fp:
			return idemMismatch, e
		case !e.done:
			return idemBusy, e
		}
		return idemReplay, e
	}
	e := &idemEntry{key: key, fingerprint: fp, created: now}
	st.entries[key] = e
	st.order = append(st.order, e)
	return idemFirst, e
}

// finish remembers the answer to e's request. Server errors and rate limits
// are not remembered: a retry with the same key must be able to succeed.
func (st *idempotencyStore) finish(e *idemEntry, resp response) {
	if resp.status >= 500 || resp.status == http.StatusTooManyRequests {
		if st.entries[e.key] == e {
			delete(st.entries, e.key)
		}
		return
	}
	e.done, e.resp = true, resp
}

func (st *idempotencyStore) prune(now time.Time) {
	for len(st.order) > 0 {
		e := st.order[0]
		if now.Sub(e.created) < idempotencyWindow || (!e.done && st.entries[e.key] == e) {
			return
		}
		if st.entries[e.key] == e {
			delete(st.entries, e.key)
		}
		st.order[0] = nil
		st.order = st.order[1:]
	}
}
