package mollie

import (
	"errors"

	"github.com/paydesk/paydesk/domain"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sync"
)

const (
	// maxWebhookBody is far above Mollie's "id=tr_…" and far below anything
	// that could hurt.
	maxWebhookBody = 4 << 10
	maxWebhookID   = 64
	// webhookQueue is how many accepted ids may wait for their fetch. A
	// burst above what the workers handle is taken, not turned away: a 503
	// makes Mollie retry on its own schedule, minutes to hours later, and
	// every retry costs a request of its own, so a short queue under a
	// burst meant more work and later statuses. 4,096 ids hold several
	// seconds of a burst of hundreds a second in well under a megabyte,
	// duplicates are not queued twice, and what a crash loses of them the
	// sync loop reads within its next full cycle.
	webhookQueue = 4096
)

// Errors of ParseWebhookBody; the handler answers them with 415, 413 and 400.
var (
	ErrWebhookContentType = errors.New("mollie webhook: the body must be application/x-www-form-urlencoded")
	ErrWebhookTooLarge    = errors.New("mollie webhook: the body is larger than 4 kB")
	ErrWebhookBody        = errors.New("mollie webhook: the body must be exactly one field id=tr_…")
)

var (
	webhookIDPattern  = regexp.MustCompile(`^tr_[A-Za-z0-9]+$`)
	webhookRefPattern = regexp.MustCompile(`^[0-9]{1,18}$`)
)

// Webhook is one call of Mollie's: the payment id it posted, and the
// reference paydesk put in the URL of the link the payment was made under
// ("" when the URL had none or a malformed one).
type Webhook struct {
	ID  string
	Ref string
}

// webhookRef reads the link reference from a webhook URL's query; anything
// but a plain row number is no reference.
func webhookRef(query url.Values) string {
	if ref := query.Get(domain.LinkWebhookRef); webhookRefPattern.MatchString(ref) {
		return ref
	}
	return ""
}

// ParseWebhookBody reads what Mollie posts to a webhook: one form field id
// holding a payment id (tr_…). Links' webhooks post the payment's id too.
// The body carries no status and no signature, so the id is only a hint to
// fetch the payment with the stored key.
func ParseWebhookBody(contentType string, body []byte) (string, error) {
	if !isFormContentType(contentType) {
		return "", ErrWebhookContentType
	}
	if len(body) > maxWebhookBody {
		return "", ErrWebhookTooLarge
	}
	values, err := url.ParseQuery(string(body))
	if err != nil || len(values) != 1 || len(values["id"]) != 1 {
		return "", ErrWebhookBody
	}
	id := values["id"][0]
	if len(id) > maxWebhookID || !webhookIDPattern.MatchString(id) {
		return "", ErrWebhookBody
	}
	return id, nil
}

func isFormContentType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// WebhookNote is something the webhook handler tells whoever runs it.
type WebhookNote struct {
	Kind WebhookNoteKind
	ID   string // the id turned away (NoteQueueFull)
}

// WebhookNoteKind names what a WebhookNote tells.
type WebhookNoteKind string

const (
	// NoteRedirected: a call came as GET without an id, most likely
	// because something in front of paydesk redirected Mollie's POST with
	// 301 or 302; 307 or 308 would keep it.
	NoteRedirected WebhookNoteKind = "redirected"
	// NoteQueueFull: an id was turned away with 503 for Mollie to
	// deliver again, because the queue was full.
	NoteQueueFull WebhookNoteKind = "queue_full"
)

// WebhookHandler answers Mollie's webhook calls at once and hands each id to
// a callback on its own goroutine, so a slow fetch never makes Mollie wait.
type WebhookHandler struct {
	// Note is told what someone running paydesk should know: a call that
	// came redirected, an id turned away because the queue is full. Set it
	// before serving; the caller words it. Default: log.Printf.
	Note func(WebhookNote)

	onID    func(Webhook)
	queue   chan Webhook
	done    chan struct{}
	mu      sync.Mutex
	closed  bool
	pending map[Webhook]bool // queued and not yet handed over
}

// NewWebhookHandler starts the goroutine that calls onID; Close stops it.
func NewWebhookHandler(onID func(Webhook)) *WebhookHandler {
	h := &WebhookHandler{
		Note:    func(n WebhookNote) { log.Printf("mollie webhook: %s %s", n.Kind, n.ID) },
		onID:    onID,
		queue:   make(chan Webhook, webhookQueue),
		done:    make(chan struct{}),
		pending: make(map[Webhook]bool),
	}
	go h.drain()
	return h
}

// ServeHTTP answers 200 to every well-formed call, known id or not. A full
// queue or a closed handler answers 503, which Mollie retries later, so
// nothing is lost and nothing blocks.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		if r.Method == http.MethodGet {
			// Mollie posts; a GET here is most likely its call after a
			// 301 or 302 in front of paydesk, which turns the POST into a
			// GET and drops the id ("Redirecting webhook calls",
			// https://docs.mollie.com/overview/webhooks). Not 200, so
			// Mollie tries again, and said, so that someone fixes it.
			h.Note(WebhookNote{Kind: NoteRedirected})
		}
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "only POST", http.StatusMethodNotAllowed)
		return
	}
	contentType := r.Header.Get("Content-Type")
	if !isFormContentType(contentType) {
		http.Error(w, ErrWebhookContentType.Error(), http.StatusUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		http.Error(w, ErrWebhookTooLarge.Error(), http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, "could not read the body", http.StatusBadRequest)
		return
	}
	id, err := ParseWebhookBody(contentType, body)
	if err != nil {
		http.Error(w, err.Error(), webhookStatus(err))
		return
	}
	if !h.enqueue(Webhook{ID: id, Ref: webhookRef(r.URL.Query())}) {
		w.Header().Set("Retry-After", "60")
		http.Error(w, "busy; try again later", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func webhookStatus(err error) int {
	switch {
	case errors.Is(err, ErrWebhookContentType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrWebhookTooLarge):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// enqueue never blocks. An id already waiting is not queued twice: the
// callback fetches the current state anyway.
func (h *WebhookHandler) enqueue(id Webhook) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	if h.pending[id] {
		return true
	}
	select {
	case h.queue <- id:
		h.pending[id] = true
		return true
	default:
		h.Note(WebhookNote{Kind: NoteQueueFull, ID: id.ID})
		return false
	}
}

func (h *WebhookHandler) drain() {
	defer close(h.done)
	for id := range h.queue {
		h.mu.Lock()
		delete(h.pending, id)
		h.mu.Unlock()
		h.onID(id)
	}
}

// Close turns further calls away, hands over the ids already accepted, and
// returns when the last callback has returned. It may be called more than once.
func (h *WebhookHandler) Close() {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.queue)
	}
	h.mu.Unlock()
	<-h.done
}
