package domain

import (
	"testing"
	"time"
)

func TestStatusKinds(t *testing.T) {
	tests := []struct {
		s            Status
		final, known bool
	}{
		{StatusCreating, false, true}, {StatusOpen, false, true}, {StatusPending, false, true},
		{StatusAuthorized, false, true}, {StatusPaid, true, true}, {StatusCanceled, true, true},
		{StatusExpired, true, true}, {StatusFailed, true, true}, {StatusArchived, true, true},
		{"processing", false, false}, {"", false, false}, {"PAID", false, false},
	}
	for _, tt := range tests {
		if tt.s.Final() != tt.final || tt.s.Known() != tt.known {
			t.Errorf("%q: Final %v Known %v, want %v %v", tt.s, tt.s.Final(), tt.s.Known(), tt.final, tt.known)
		}
		if (Payment{Status: tt.s}).Active() == tt.final {
			t.Errorf("%q: Active must be the opposite of Final", tt.s)
		}
	}
}

func TestParsePaymentKindAndLevel(t *testing.T) {
	for in, want := range map[string]PaymentKind{"link": KindLink, "checkout": KindCheckout, "Link": "", "": "", "payment": ""} {
		got, ok := ParsePaymentKind(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParsePaymentKind(%q) = %q, %v", in, got, ok)
		}
	}
	for in, want := range map[string]Level{"info": LevelInfo, "warn": LevelWarn, "error": LevelError, "debug": "", "": ""} {
		got, ok := ParseLevel(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseLevel(%q) = %q, %v", in, got, ok)
		}
	}
	order := []Level{LevelInfo, LevelWarn, LevelError}
	for i, a := range order {
		for j, b := range order {
			if a.AtLeast(b) != (i >= j) {
				t.Errorf("%s.AtLeast(%s) = %v", a, b, a.AtLeast(b))
			}
		}
	}
}

func TestCompletedAtAndLastAttempt(t *testing.T) {
	p := Payment{PaidAt: t0, CanceledAt: t0.Add(1), ExpiredAt: t0.Add(2), FailedAt: t0.Add(3)}
	for s, want := range map[Status]time.Time{StatusPaid: t0, StatusCanceled: t0.Add(1), StatusExpired: t0.Add(2),
		StatusFailed: t0.Add(3), StatusOpen: {}, StatusArchived: {}, StatusPending: {}} {
		p.Status = s
		if got := p.CompletedAt(); !got.Equal(want) {
			t.Errorf("%s: CompletedAt %v, want %v", s, got, want)
		}
	}
	if _, ok := (Payment{}).LastAttempt(); ok {
		t.Error("LastAttempt of no attempts reported one")
	}
	p.Attempts = []Attempt{{MollieID: "tr_b", CreatedAt: t0.Add(time.Hour)}, {MollieID: "tr_c", CreatedAt: t0.Add(2 * time.Hour)}, {MollieID: "tr_a", CreatedAt: t0}}
	if last, ok := p.LastAttempt(); !ok || last.MollieID != "tr_c" {
		t.Errorf("LastAttempt = %s, %v, want tr_c", last.MollieID, ok)
	}
}

func TestSettle(t *testing.T) {
	paidAttempt := func(id string, amount, refunded, chargedBack int64) Attempt {
		return Attempt{MollieID: id, Status: StatusPaid, Amount: eur(amount), AmountRefunded: eur(refunded), AmountChargedBack: eur(chargedBack)}
	}
	liveLink := Payment{Kind: KindLink, Mode: ModeLive, Status: StatusPaid, Amount: eur(6000),
		Attempts: []Attempt{{MollieID: "tr_x", Status: StatusExpired, Amount: eur(6000)}, paidAttempt("tr_y", 6000, 1000, 0)}}
	liveCheckout := Payment{Kind: KindCheckout, Mode: ModeLive, Status: StatusPaid, Amount: eur(2500), AmountChargedBack: eur(2500)}
	liveFailed := Payment{Kind: KindCheckout, Mode: ModeLive, Status: StatusFailed, Amount: eur(9900)}
	liveOpen := Payment{Kind: KindLink, Mode: ModeLive, Status: StatusOpen, Amount: eur(9900),
		Attempts: []Attempt{{MollieID: "tr_p", Status: StatusPending, Amount: eur(9900)}}}
	// A link archived while its attempt went through still brought the money in.
	liveArchivedPaid := Payment{Kind: KindLink, Mode: ModeLive, Status: StatusArchived, Amount: eur(700),
		Attempts: []Attempt{paidAttempt("tr_z", 700, 0, 0)}}
	testLinkNoAttempts := Payment{Kind: KindLink, Mode: ModeTest, Status: StatusPaid, Amount: eur(3000), AmountRefunded: eur(300)}
	otherCurrency := Payment{Kind: KindCheckout, Mode: ModeLive, Status: StatusPaid, Amount: NewMoney(5000, "USD")}

	live, test := Settle("EUR", []Payment{liveLink, liveCheckout, liveFailed, liveOpen, liveArchivedPaid, testLinkNoAttempts, otherCurrency})
	if want := settled(6000+2500+700, 1000, 2500); live != want {
		t.Errorf("live = %+v, want %+v", live, want)
	}
	if want := settled(3000, 300, 0); test != want {
		t.Errorf("test = %+v, want %+v", test, want)
	}
	live, test = Settle("JPY", nil)
	if zero := (Settlement{Paid: Zero("JPY"), Refunded: Zero("JPY"), ChargedBack: Zero("JPY")}); live != zero || test != zero {
		t.Errorf("nothing settled: %+v %+v", live, test)
	}
	if got := settled(6000, 1000, 500).Net(); got != eur(4500) {
		t.Errorf("Net = %v", got)
	}
}
