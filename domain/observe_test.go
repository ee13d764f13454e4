package domain

import (
	"testing"
	"time"
)

func remoteLink(mode Mode) RemoteLink {
	return RemoteLink{ID: "pl_old", Mode: mode, Description: "INV-2026-001 – Acme B.V.", Amount: eur(6000),
		URL: "https://payment-links.mollie.com/payment/old", CreatedAt: t0.Add(-time.Hour), ExpiresAt: t0.AddDate(0, 0, 14)}
}

func attempt(id string, status Status, at time.Time) RemotePayment {
	r := RemotePayment{ID: id, Mode: ModeTest, Status: status, Amount: eur(6000), Method: "ideal",
		CreatedAt: at}
	switch status {
	case StatusPaid:
		r.PaidAt = at.Add(time.Minute)
	case StatusExpired:
		r.ExpiredAt = at.Add(15 * time.Minute)
	case StatusFailed:
		r.FailedAt = at.Add(time.Minute)
	case StatusCanceled:
		r.CanceledAt = at.Add(time.Minute)
	}
	return r
}

func linkObs(at time.Time, l RemoteLink, attempts ...RemotePayment) Observation {
	if attempts == nil {
		attempts = []RemotePayment{}
	}
	return Observation{FetchedAt: at, Link: &l, Attempts: attempts}
}

func TestApplyLinkAttemptsThenPaid(t *testing.T) {
	p := activeLink(6000)
	p.CheckedAt = t0

	// A customer abandons a first attempt: the link stays open.
	first := attempt("tr_1", StatusOpen, t0.Add(time.Minute))
	p, ch := p.Apply(linkObs(t0.Add(2*time.Minute), remoteLink(ModeTest), first), t0.Add(2*time.Minute))
	if p.Status != StatusOpen || len(p.Attempts) != 1 || len(ch) != 1 || !ch[0].Attempt || ch[0].To != StatusOpen {
		t.Fatalf("after a first attempt: %s, %d attempts, changes %+v", p.Status, len(p.Attempts), ch)
	}
	p, ch = p.Apply(linkObs(t0.Add(20*time.Minute), remoteLink(ModeTest), attempt("tr_1", StatusExpired, t0.Add(time.Minute))), t0.Add(20*time.Minute))
	if p.Status != StatusOpen || p.Attempts[0].Status != StatusExpired {
		t.Fatalf("after the attempt expired: link %s, attempt %s", p.Status, p.Attempts[0].Status)
	}
	if len(ch) != 1 || ch[0] != (Change{MollieID: "tr_1", From: StatusOpen, To: StatusExpired, Attempt: true}) {
		t.Errorf("changes = %+v", ch)
	}
	if lab := StatusLabel(&p); lab.Key != "expired_retry" {
		t.Errorf("label after an abandoned attempt = %+v", lab)
	}

	// A second attempt is paid; Mollie lists the attempts in any order.
	paidLink := remoteLink(ModeTest)
	paidLink.PaidAt = t0.Add(31 * time.Minute)
	p, ch = p.Apply(linkObs(t0.Add(40*time.Minute), paidLink,
		attempt("tr_2", StatusPaid, t0.Add(30*time.Minute)), attempt("tr_1", StatusExpired, t0.Add(time.Minute))), t0.Add(40*time.Minute))
	if p.Status != StatusPaid || !p.PaidAt.Equal(paidLink.PaidAt) || p.Method != "ideal" {
		t.Fatalf("after a paid attempt: %s at %v by %q", p.Status, p.PaidAt, p.Method)
	}
	if !p.CompletedAt().Equal(paidLink.PaidAt) || !p.CheckedAt.Equal(t0.Add(40*time.Minute)) {
		t.Errorf("CompletedAt %v, CheckedAt %v", p.CompletedAt(), p.CheckedAt)
	}
	if len(ch) != 2 || ch[0] != (Change{MollieID: "tr_2", From: "", To: StatusPaid, Attempt: true}) ||
		ch[1] != (Change{MollieID: "pl_old", From: StatusOpen, To: StatusPaid}) {
		t.Errorf("changes = %+v", ch)
	}
	live, test := Settle("EUR", []Payment{p})
	if test.Paid != eur(6000) || live.Paid != eur(0) {
		t.Errorf("settled live %+v test %+v", live, test)
	}

	// A stale report that the paid attempt expired, fetched later, moves nothing.
	stale := remoteLink(ModeTest)
	q, ch := p.Apply(linkObs(t0.Add(50*time.Minute), stale, attempt("tr_2", StatusExpired, t0.Add(30*time.Minute))), t0.Add(50*time.Minute))
	if q.Status != StatusPaid || len(ch) != 0 {
		t.Errorf("stale expired after paid: %s, changes %+v", q.Status, ch)
	}
	for _, a := range q.Attempts {
		if a.MollieID == "tr_2" && (a.Status != StatusPaid || a.PaidAt.IsZero()) {
			t.Errorf("paid attempt became %s (paid at %v)", a.Status, a.PaidAt)
		}
	}
	if _, test := Settle("EUR", []Payment{q}); test.Paid != eur(6000) {
		t.Errorf("a stale observation unsettled the invoice: %+v", test)
	}
}

// Mollie sets paidAt on the link; the attempts may arrive in a later read.
func TestApplyLinkPaidBeforeAttemptsAreSeen(t *testing.T) {
	p := activeLink(6000)
	l := remoteLink(ModeTest)
	l.PaidAt = t0
	p, _ = p.Apply(Observation{FetchedAt: t0, Link: &l}, t0)
	if p.Status != StatusPaid || !p.PaidAt.Equal(t0) {
		t.Fatalf("link with paidAt: %s %v", p.Status, p.PaidAt)
	}
	if _, test := Settle("EUR", []Payment{p}); test.Paid != eur(6000) {
		t.Errorf("a paid link without attempts settled %v", test.Paid)
	}
	// Then the attempt shows up, with a refund: counted once, refund included.
	a := attempt("tr_9", StatusPaid, t0.Add(-time.Minute))
	a.AmountRefunded, a.Reversals = eur(1000), true
	p, _ = p.Apply(linkObs(t0.Add(time.Hour), l, a), t0.Add(time.Hour))
	if _, test := Settle("EUR", []Payment{p}); test != settled(6000, 1000, 0) {
		t.Errorf("settled %+v, want paid 60.00 refunded 10.00", test)
	}
	if p.AmountRefunded != eur(1000) || StatusLabel(&p).Key != "refunded" {
		t.Errorf("link refund %v, label %+v", p.AmountRefunded, StatusLabel(&p))
	}
}

func TestApplyIgnoresOlderObservations(t *testing.T) {
	p := activeLink(6000)
	p.CheckedAt = t0
	l := remoteLink(ModeTest)
	l.Archived = true
	got, ch := p.Apply(linkObs(t0.Add(-time.Second), l, attempt("tr_1", StatusPaid, t0.Add(-time.Hour))), t0)
	if got.Status != StatusOpen || len(got.Attempts) != 0 || len(ch) != 0 || !got.CheckedAt.Equal(t0) {
		t.Errorf("an older observation was applied: %s, %d attempts, %+v", got.Status, len(got.Attempts), ch)
	}
	// Equal times are applied: two reads in one clock tick.
	got, _ = p.Apply(linkObs(t0, l), t0)
	if got.Status != StatusArchived {
		t.Errorf("an observation fetched at CheckedAt was not applied: %s", got.Status)
	}
}

func TestApplyIgnoresTheOtherMode(t *testing.T) {
	p := activeLink(6000) // test mode
	paid := remoteLink(ModeLive)
	paid.PaidAt = t0
	got, ch := p.Apply(linkObs(t0, paid, attempt("tr_1", StatusPaid, t0)), t0)
	if got.Status != StatusOpen || len(got.Attempts) != 0 || len(ch) != 0 {
		t.Errorf("a live object touched a test row: %s, %d attempts", got.Status, len(got.Attempts))
	}
	// A live attempt listed under a test link is skipped, a test one is taken.
	liveAttempt := attempt("tr_live", StatusPaid, t0)
	liveAttempt.Mode = ModeLive
	got, _ = p.Apply(linkObs(t0, remoteLink(ModeTest), liveAttempt, attempt("tr_test", StatusOpen, t0)), t0)
	if got.Status != StatusOpen || len(got.Attempts) != 1 || got.Attempts[0].MollieID != "tr_test" {
		t.Errorf("attempts of the other mode: %s, %+v", got.Status, got.Attempts)
	}
	// A checkout row likewise.
	c := checkoutRow()
	r := remoteCheckout(StatusPaid)
	r.Mode = ModeLive
	if got, _ := c.Apply(Observation{FetchedAt: t0, Payment: &r}, t0); got.Status != StatusOpen {
		t.Errorf("a live payment touched a test checkout: %s", got.Status)
	}
}

func TestApplyFinalStatusSticks(t *testing.T) {
	for _, final := range []Status{StatusPaid, StatusCanceled, StatusExpired, StatusFailed, StatusArchived} {
		p := activeLink(6000)
		p.Status = final
		l := remoteLink(ModeTest)
		got, ch := p.Apply(linkObs(t0, l, attempt("tr_1", StatusPending, t0)), t0)
		if got.Status != final || len(ch) != 1 || !ch[0].Attempt {
			t.Errorf("link %s became %s, changes %+v", final, got.Status, ch)
		}
		c := checkoutRow()
		c.Status = final
		for _, next := range []Status{StatusOpen, StatusPending, StatusPaid, StatusFailed, "weird"} {
			if next == final {
				continue
			}
			r := remoteCheckout(next)
			if got, ch := c.Apply(Observation{FetchedAt: t0, Payment: &r}, t0); got.Status != final || len(ch) != 0 {
				t.Errorf("checkout %s became %s on %s", final, got.Status, next)
			}
		}
	}
}

func TestApplyLinkStates(t *testing.T) {
	archived := remoteLink(ModeTest)
	archived.Archived = true
	ranOut := remoteLink(ModeTest)
	ranOut.ExpiresAt = t0.Add(-time.Second)
	tests := []struct {
		name     string
		link     RemoteLink
		attempts []RemotePayment
		want     Status
	}{
		{"open, nobody paid", remoteLink(ModeTest), nil, StatusOpen},
		{"archived", archived, nil, StatusArchived},
		{"customer paying", remoteLink(ModeTest), []RemotePayment{attempt("tr_1", StatusPending, t0)}, StatusPending},
		{"authorised", remoteLink(ModeTest), []RemotePayment{attempt("tr_1", StatusAuthorized, t0)}, StatusAuthorized},
		{"failed attempt: still open", remoteLink(ModeTest), []RemotePayment{attempt("tr_1", StatusFailed, t0)}, StatusOpen},
		{"canceled attempt: still open", remoteLink(ModeTest), []RemotePayment{attempt("tr_1", StatusCanceled, t0)}, StatusOpen},
		{"ran out", ranOut, nil, StatusExpired},
		{"ran out with an expired attempt", ranOut, []RemotePayment{attempt("tr_1", StatusExpired, t0.Add(-time.Hour))}, StatusExpired},
		{"ran out while paying", ranOut, []RemotePayment{attempt("tr_1", StatusPending, t0.Add(-time.Minute))}, StatusPending},
		{"paid attempt under an archived link", archived, []RemotePayment{attempt("tr_1", StatusPaid, t0)}, StatusPaid},
		{"paid attempt under a link that ran out", ranOut, []RemotePayment{attempt("tr_1", StatusPaid, t0.Add(-time.Hour))}, StatusPaid},
	}
	for _, tt := range tests {
		p := activeLink(6000)
		got, _ := p.Apply(linkObs(t0, tt.link, tt.attempts...), t0)
		if got.Status != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got.Status, tt.want)
		}
		if tt.want == StatusExpired && !got.ExpiredAt.Equal(tt.link.ExpiresAt) {
			t.Errorf("%s: ExpiredAt %v, want the link's expiry %v", tt.name, got.ExpiredAt, tt.link.ExpiresAt)
		}
	}
}

// Observations without attempts (an archive answer, a list page) keep the
// attempts already known.
func TestApplyKeepsKnownAttempts(t *testing.T) {
	p := activeLink(6000)
	p, _ = p.Apply(linkObs(t0, remoteLink(ModeTest), attempt("tr_1", StatusPending, t0)), t0)
	p, _ = p.Apply(Observation{FetchedAt: t0.Add(time.Minute), Link: ptr(remoteLink(ModeTest))}, t0.Add(time.Minute))
	if len(p.Attempts) != 1 || p.Status != StatusPending {
		t.Errorf("attempts %+v, status %s", p.Attempts, p.Status)
	}
	// An empty list is not a deletion either.
	p, _ = p.Apply(linkObs(t0.Add(2*time.Minute), remoteLink(ModeTest)), t0.Add(2*time.Minute))
	if len(p.Attempts) != 1 {
		t.Errorf("an empty attempt list deleted attempts: %+v", p.Attempts)
	}
}

func ptr[T any](v T) *T { return &v }

func checkoutRow() Payment {
	return Payment{ID: 4, InvoiceID: 7, InvoiceNumber: "INV-2026-001", Kind: KindCheckout, Mode: ModeTest,
		MollieID: "tr_co", Amount: eur(6000), URL: "https://www.mollie.com/checkout/select-method/co",
		Status: StatusOpen, CreatedAt: t0.Add(-time.Minute), ExpiresAt: t0.Add(14 * time.Minute)}
}

func remoteCheckout(status Status) RemotePayment {
	return attempt("tr_co", status, t0.Add(-time.Minute))
}

func TestApplyCheckout(t *testing.T) {
	p := checkoutRow()
	open := remoteCheckout(StatusOpen)
	open.CheckoutURL = "https://other.example/changed"
	p, ch := p.Apply(Observation{FetchedAt: t0, Payment: &open}, t0)
	if p.Status != StatusOpen || len(ch) != 0 || p.URL != checkoutRow().URL {
		t.Errorf("open again: %s, %+v, url %s", p.Status, ch, p.URL)
	}
	paid := remoteCheckout(StatusPaid)
	p, ch = p.Apply(Observation{FetchedAt: t0.Add(time.Minute), Payment: &paid}, t0.Add(time.Minute))
	if p.Status != StatusPaid || p.PaidAt.IsZero() || p.Method != "ideal" || len(ch) != 1 || ch[0].From != StatusOpen {
		t.Fatalf("paid: %s at %v by %s, %+v", p.Status, p.PaidAt, p.Method, ch)
	}

	// What was given back follows the refunds and chargebacks read: it
	// shrinks when a refund fails or a chargeback is reversed.
	for i, step := range []struct{ refunded, chargedBack int64 }{
		{1000, 0}, {500, 0}, {6000, 0}, {0, 2000}, {6000, 1000}, {6000, 2000},
	} {
		r := remoteCheckout(StatusPaid)
		r.AmountRefunded, r.AmountChargedBack, r.Reversals = eur(step.refunded), eur(step.chargedBack), true
		at := t0.Add(time.Duration(i+1) * time.Hour)
		p, _ = p.Apply(Observation{FetchedAt: at, Payment: &r}, at)
		if p.AmountRefunded != eur(step.refunded) || p.AmountChargedBack != eur(step.chargedBack) || p.Status != StatusPaid {
			t.Errorf("after refunded %d charged back %d: %v / %v / %s", step.refunded, step.chargedBack, p.AmountRefunded, p.AmountChargedBack, p.Status)
		}
	}
	// A read that did not read the refunds and chargebacks keeps them.
	r := remoteCheckout(StatusPaid)
	p, _ = p.Apply(Observation{FetchedAt: t0.Add(12 * time.Hour), Payment: &r}, t0.Add(12*time.Hour))
	if p.AmountRefunded != eur(6000) || p.AmountChargedBack != eur(2000) {
		t.Errorf("amounts lost: %v %v", p.AmountRefunded, p.AmountChargedBack)
	}
	if lab := StatusLabel(&p); lab.Key != "charged_back" {
		t.Errorf("label %+v", lab)
	}
}

func TestApplyUnknownStatusIsKept(t *testing.T) {
	p := checkoutRow()
	weird := remoteCheckout("processing")
	p, ch := p.Apply(Observation{FetchedAt: t0, Payment: &weird}, t0)
	if p.Status != "processing" || p.Status.Known() || !p.Active() || len(ch) != 1 {
		t.Fatalf("unknown status: %s, active %v, %+v", p.Status, p.Active(), ch)
	}
	if lab := StatusLabel(&p); lab.Key != "unknown" || lab.Raw != "processing" {
		t.Errorf("label %+v", lab)
	}
	paid := remoteCheckout(StatusPaid)
	if p, _ = p.Apply(Observation{FetchedAt: t0.Add(time.Minute), Payment: &paid}, t0); p.Status != StatusPaid {
		t.Errorf("an unknown status blocked paid: %s", p.Status)
	}
}

// An attempt's refunds follow the last read of them: a failed refund gives
// its amount back; a read that did not look at them, or an older one, keeps
// what is known.
func TestApplyAttemptRefundsFollowTheLastRead(t *testing.T) {
	p := activeLink(6000)
	a := attempt("tr_1", StatusPaid, t0)
	a.AmountRefunded, a.Reversals = eur(2000), true
	l := remoteLink(ModeTest)
	l.PaidAt = a.PaidAt
	p, _ = p.Apply(linkObs(t0.Add(time.Minute), l, a), t0)
	a.AmountRefunded = eur(500)
	p, _ = p.Apply(linkObs(t0.Add(2*time.Minute), l, a), t0)
	if p.AmountRefunded != eur(500) || p.Attempts[0].AmountRefunded != eur(500) {
		t.Errorf("after a refund failed: link %v, attempt %v", p.AmountRefunded, p.Attempts[0].AmountRefunded)
	}
	a.AmountRefunded = eur(0)
	if q, _ := p.Apply(linkObs(t0.Add(time.Minute/2), l, a), t0); q.AmountRefunded != eur(500) {
		t.Errorf("an older read changed the refund to %v", q.AmountRefunded)
	}
	a.Reversals = false
	if q, _ := p.Apply(linkObs(t0.Add(3*time.Minute), l, a), t0); q.AmountRefunded != eur(500) || q.Attempts[0].AmountRefunded != eur(500) {
		t.Errorf("a read without refunds changed them: link %v, attempt %v", q.AmountRefunded, q.Attempts[0].AmountRefunded)
	}
}
