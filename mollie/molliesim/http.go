package molliesim

import (
	"io"
	"math"
	"net/http"
	"strings"
	"time"
)

// maxRequestBody bounds what the simulator reads of a request body.
const maxRequestBody = 1 << 20

// catchAll is the pattern that answers unknown API routes.
const catchAll = "/v2/"

// call is one API request that made it past admission.
type call struct {
	r    *http.Request
	body []byte
	mode string // of the API key
	base string // absolute base for hrefs
}

func (c *call) id() string { return c.r.PathValue("id") }

type apiHandler func(c *call) response

// ServeHTTP answers the API under /v2/, the hosted pages under /pay/ and
// /checkout/, and the simulator's own test endpoints under /sim/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	api := func(pattern string, h apiHandler) { mux.Handle(pattern, s.api(h)) }
	api("GET /v2/profiles/me", s.getProfile)
	api("POST /v2/payment-links", s.createLink)
	api("GET /v2/payment-links", s.listLinks)
	api("GET /v2/payment-links/{id}", s.getLink)
	api("PATCH /v2/payment-links/{id}", s.updateLink)
	api("DELETE /v2/payment-links/{id}", s.deleteLink)
	api("GET /v2/payment-links/{id}/payments", s.listLinkPayments)
	api("POST /v2/payments", s.createPayment)
	api("GET /v2/payments", s.listPayments)
	api("GET /v2/payments/{id}", s.getPayment)
	api("DELETE /v2/payments/{id}", s.cancelPayment)
	api("POST /v2/payments/{id}/refunds", s.createRefund)
	api("GET /v2/payments/{id}/refunds", s.listPaymentRefunds)
	api("GET /v2/payments/{id}/refunds/{refundId}", s.getRefund)
	api("DELETE /v2/payments/{id}/refunds/{refundId}", s.cancelRefund)
	api("GET /v2/refunds", s.listAllRefunds)
	api("GET /v2/payments/{id}/chargebacks", s.listPaymentChargebacks)
	api("GET /v2/payments/{id}/chargebacks/{chargebackId}", s.getChargeback)
	api("GET /v2/chargebacks", s.listAllChargebacks)
	api(catchAll, s.unknownRoute)

	mux.HandleFunc("GET /pay/{id}", s.linkPage)
	mux.HandleFunc("POST /pay/{id}", s.customerPays)
	mux.HandleFunc("GET /checkout/{id}", s.checkoutPage)
	mux.HandleFunc("POST /checkout/{id}", s.customerPays)
	mux.HandleFunc("GET /dashboard/payments/{id}", s.dashboardPage)
	mux.HandleFunc("POST /sim/payments/{id}/refund", s.simRefund)
	mux.HandleFunc("POST /sim/payments/{id}/chargeback", s.simChargeback)
	return mux
}

// admission is what was decided about a request before any waiting.
type admission struct {
	call       *call
	authorized bool
	idem       *idemEntry // set when this request owns an Idempotency-Key
	early      *response  // answer at once (replay, 400, 409)
	replayed   bool
	latency    time.Duration
}

// api wraps a handler with what every API request goes through: counting,
// authentication, idempotency, latency and faults. The work does not watch
// r.Context(): like Mollie, the simulator finishes what it started even when
// the client has gone.
func (s *Server) api(h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		a := s.admit(r, body, readErr == nil)
		if a.early != nil {
			a.early.write(w, a.replayed)
			return
		}
		if a.latency > 0 {
			s.sleep(a.latency)
		}
		resp := s.answer(h, a, readErr)
		if a.idem != nil {
			s.mu.Lock()
			s.idem.finish(a.idem, resp)
			s.mu.Unlock()
		}
		resp.write(w, false)
	})
}

// admit counts the request, checks its key and claims its Idempotency-Key,
// all under one lock, so that once a counter shows the request, a second
// request with the same key is sure to see the claim.
func (s *Server) admit(r *http.Request, body []byte, bodyOK bool) admission {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	if r.Pattern != catchAll {
		s.counters[r.Pattern]++
	}
	key, mode, ok := s.authLocked(r)
	a := admission{
		call:       &call{r: r, body: body, mode: mode, base: s.baseLocked(r)},
		authorized: ok,
		latency:    s.faults.Latency,
	}
	idemKey := r.Header.Get("Idempotency-Key")
	if !ok || !bodyOK || r.Method != http.MethodPost || idemKey == "" {
		return a
	}
	verdict, e := s.idem.begin(key+"\x00"+idemKey, fingerprint(r, body), s.now())
	var early response
	switch verdict {
	case idemFirst:
		a.idem = e
		return a
	case idemReplay:
		early, a.replayed = e.resp, true
	case idemMismatch:
		early = errorResponse(badRequest("", "The Idempotency-Key was already used for a request with different parameters"))
	case idemBusy:
		early = errorResponse(&apiError{status: http.StatusConflict,
			detail: "A request with this Idempotency-Key is still being processed"})
	}
	a.early = &early
	return a
}

func (s *Server) answer(h apiHandler, a admission, readErr error) response {
	if resp, faulted := s.fault(); faulted {
		return resp
	}
	if !a.authorized {
		return errorResponse(&apiError{status: http.StatusUnauthorized,
			detail: "Missing authentication, or failed to authenticate"})
	}
	if readErr != nil {
		return errorResponse(badRequest("", "The request body could not be read or is too large"))
	}
	s.Tick()
	return h(a.call)
}

// fault draws whether this request fails on purpose.
func (s *Server) fault() (response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	if f.FailRate <= 0 && f.RateLimitRate <= 0 {
		return response{}, false
	}
	x := s.rng.Float64()
	switch {
	case x < f.FailRate:
		if s.rng.IntN(2) == 0 {
			return errorResponse(&apiError{status: http.StatusInternalServerError,
				detail: "An internal server error occurred while processing your request"}), true
		}
		return errorResponse(&apiError{status: http.StatusServiceUnavailable,
			detail: "The service is temporarily unavailable, please try again later"}), true
	case x < f.FailRate+f.RateLimitRate:
		return rateLimited(max(1, int(math.Ceil(f.RetryAfter.Seconds())))), true
	}
	return response{}, false
}

// authLocked reads "Authorization: Bearer KEY" and tells the key's mode.
func (s *Server) authLocked(r *http.Request) (key, mode string, ok bool) {
	scheme, key, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", "", false
	}
	key = strings.TrimSpace(key)
	k, known := s.keys[key]
	if !known || k.revoked {
		return "", "", false
	}
	return key, k.mode, true
}

func (s *Server) baseLocked(r *http.Request) string {
	if s.base != "" {
		return s.base
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) unknownRoute(c *call) response {
	return errorResponse(notFound("The requested API route does not exist: " + c.r.Method + " " + c.r.URL.Path))
}
