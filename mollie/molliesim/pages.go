package molliesim

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"
)

const maxFormBody = 16 << 10

// linkPage is the page behind a link's _links.paymentLink. Looking at it
// counts as opening the link, which stops it from being deleted.
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := s.tickLocked()
	l, ok := s.links[r.PathValue("id")]
	if !ok || l.deleted {
		s.mu.Unlock()
		renderStatus(w, http.StatusNotFound, pageData{Heading: "Payment link not found", Mode: "TEST"})
		return
	}
	d := pageData{Mode: modeLabel(l.mode), Description: l.description, Amount: l.asked()}
	payable := l.payable(now)
	if payable {
		l.opened = true
	}
	methods := l.allowedMethods
	s.mu.Unlock()
	if !payable {
		d.Heading = goneHeading(l.id)
		renderStatus(w, http.StatusGone, d)
		return
	}
	d.Action = "/pay/" + l.id
	renderPay(w, d, methods, "")
}

// checkoutPage is the page behind a payment's _links.checkout.
func (s *Server) checkoutPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tickLocked()
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		s.mu.Unlock()
		renderStatus(w, http.StatusNotFound, pageData{Heading: "Payment not found", Mode: "TEST"})
		return
	}
	d := pageData{Mode: modeLabel(p.mode), Description: p.description, Amount: p.amount.String(),
		PaymentID: p.id, Status: p.status}
	open, method := p.status == statusOpen, p.method
	s.mu.Unlock()
	if !open {
		d.Heading = goneHeading(p.id)
		renderStatus(w, http.StatusGone, d)
		return
	}
	d.Action = "/checkout/" + d.PaymentID
	renderPay(w, d, nil, method)
}

// customerPays applies the outcome posted from a hosted page and shows
// where the payment ended up.
func (s *Server) customerPays(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		renderStatus(w, http.StatusBadRequest, pageData{Heading: "The form could not be read", Mode: "TEST"})
		return
	}
	outcome, method := r.PostForm.Get("outcome"), r.PostForm.Get("method")
	if !slices.Contains(outcomes, outcome) || (method != "" && !slices.Contains(apiMethods, method)) {
		renderStatus(w, http.StatusBadRequest, pageData{Heading: "Choose an outcome and a payment method", Mode: "TEST"})
		return
	}
	target := r.PathValue("id")
	id, err := s.Pay(target, outcome, method)
	switch {
	case errors.Is(err, errUnknownObject):
		renderStatus(w, http.StatusNotFound, pageData{Heading: "Not found", Mode: "TEST"})
		return
	case err != nil:
		renderStatus(w, http.StatusGone, s.statusPage(target, goneHeading(target)))
		return
	}
	renderStatus(w, http.StatusOK, s.statusPage(id, ""))
}

// dashboardPage stands in for the Mollie dashboard a payment's
// _links.dashboard points to.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	d := s.statusPage(r.PathValue("id"), "")
	if d.PaymentID == "" {
		renderStatus(w, http.StatusNotFound, pageData{Heading: "Payment not found", Mode: "TEST"})
		return
	}
	renderStatus(w, http.StatusOK, d)
}

// statusPage describes a payment (or link) as it stands; heading overrides
// the default one.
func (s *Server) statusPage(id, heading string) pageData {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	if l, ok := s.links[id]; ok {
		if heading == "" {
			heading = "Payment link " + l.id
		}
		return pageData{Heading: heading, Mode: modeLabel(l.mode), Description: l.description, Amount: l.asked()}
	}
	p, ok := s.payments[id]
	if !ok {
		return pageData{Heading: heading, Mode: "TEST"}
	}
	if heading == "" {
		heading = "Payment " + p.status
	}
	if p.status == statusPending {
		heading = "Payment pending"
	}
	d := pageData{Heading: heading, Mode: modeLabel(p.mode), Description: p.description, Amount: p.amount.String(),
		PaymentID: p.id, Status: p.status, ReturnURL: p.redirectURL}
	if p.status == statusPending {
		d.Message = "The payment will be marked paid once the money arrives."
	}
	return d
}

func goneHeading(id string) string {
	if strings.HasPrefix(id, "pl_") {
		return "This payment link is no longer payable"
	}
	return "This payment is no longer payable"
}

func renderPay(w http.ResponseWriter, d pageData, allowed []string, method string) {
	d.Title = "Pay " + d.Amount
	d.Outcomes = outcomeLabels[:5]
	for _, m := range pageMethods {
		if len(allowed) > 0 && !slices.Contains(allowed, m) {
			continue
		}
		d.Methods = append(d.Methods, choice{Value: m, Label: methodLabels[m], Selected: m == method})
	}
	if len(d.Methods) == 0 {
		for _, m := range allowed {
			d.Methods = append(d.Methods, choice{Value: m, Label: m})
		}
	}
	render(w, http.StatusOK, "pay", d)
}

func renderStatus(w http.ResponseWriter, status int, d pageData) {
	d.Title = d.Heading
	render(w, status, "status", d)
}

func render(w http.ResponseWriter, status int, name string, d pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		http.Error(w, "the page could not be rendered: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func modeLabel(mode string) string { return strings.ToUpper(mode) }
