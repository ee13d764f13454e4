package molliesim

import (
	"errors"
	"net/http"
)

// The simulator's own endpoints, not Mollie's: they let a test or a person
// at a browser refund or charge back a paid payment over HTTP, like the
// Refund and Chargeback methods.

func (s *Server) simRefund(w http.ResponseWriter, r *http.Request) {
	s.simReverse(w, r, s.Refund)
}

func (s *Server) simChargeback(w http.ResponseWriter, r *http.Request) {
	s.simReverse(w, r, s.Chargeback)
}

// simReverse reads the form field amount ("12.50") and answers with the
// payment as the API would show it, or with a Mollie-style error.
func (s *Server) simReverse(w http.ResponseWriter, r *http.Request, reverse func(id, amount string) error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		errorResponse(badRequest("", "The form could not be read")).write(w, false)
		return
	}
	id := r.PathValue("id")
	if err := reverse(id, r.PostForm.Get("amount")); err != nil {
		status := http.StatusUnprocessableEntity
		if errors.Is(err, errUnknownObject) {
			status = http.StatusNotFound
		}
		errorResponse(&apiError{status: status, detail: err.Error()}).write(w, false)
		return
	}
	s.mu.Lock()
	body := s.paymentBody(s.payments[id], s.baseLocked(r))
	s.mu.Unlock()
	jsonResponse(http.StatusOK, body).write(w, false)
}
