package domain

import (
	"testing"
	"time"
)

func TestStatusLabel(t *testing.T) {
	expires := t0.AddDate(0, 0, 14)
	base := Payment{Kind: KindLink, Mode: ModeTest, MollieID: "pl_1", Amount: eur(6000), Method: "ideal",
		ExpiresAt: expires, PaidAt: t0.Add(1), CanceledAt: t0.Add(2), ExpiredAt: t0.Add(3), FailedAt: t0.Add(4)}
	with := func(s Status, change func(*Payment)) *Payment {
		p := base
		p.Status = s
		if change != nil {
			change(&p)
		}
		return &p
	}
	failedAttempt := func(s Status) func(*Payment) {
		return func(p *Payment) {
			p.Method = ""
			// Listed first but older: only the newest attempt counts.
			p.Attempts = []Attempt{
				{MollieID: "tr_1", Status: s, Method: "creditcard", CreatedAt: t0.Add(-time.Hour),
					FailedAt: t0.Add(10), CanceledAt: t0.Add(20), ExpiredAt: t0.Add(30)},
				{MollieID: "tr_0", Status: StatusOpen, CreatedAt: t0.Add(-2 * time.Hour)},
			}
		}
	}
	tests := []struct {
		name string
		p    *Payment
		want Label
	}{
		{"no payment", nil, Label{Key: "none"}},
		{"creating", with(StatusCreating, nil), Label{Key: "creating", Date: expires, Method: "ideal"}},
		{"open without expiry", with(StatusOpen, func(p *Payment) { p.ExpiresAt = time.Time{} }), Label{Key: "open"}},
		{"open until", with(StatusOpen, nil), Label{Key: "open_until", Date: expires}},
		{"open after a failed attempt", with(StatusOpen, failedAttempt(StatusFailed)), Label{Key: "failed_retry", Date: t0.Add(10), Method: "creditcard"}},
		{"open after a canceled attempt", with(StatusOpen, failedAttempt(StatusCanceled)), Label{Key: "canceled_retry", Date: t0.Add(10), Method: "creditcard"}},
		{"open after an expired attempt", with(StatusOpen, func(p *Payment) {
			p.Attempts = []Attempt{{MollieID: "tr_1", Status: StatusExpired, CreatedAt: t0, ExpiredAt: t0.Add(30)}}
		}), Label{Key: "expired_retry", Date: t0.Add(30)}},
		{"open with an attempt under way", with(StatusOpen, func(p *Payment) {
			p.Attempts = []Attempt{{MollieID: "tr_1", Status: StatusOpen, CreatedAt: t0}}
		}), Label{Key: "open_until", Date: expires}},
		{"pending", with(StatusPending, nil), Label{Key: "pending", Date: expires, Method: "ideal"}},
		{"authorized", with(StatusAuthorized, nil), Label{Key: "authorized", Date: expires, Method: "ideal"}},
		{"paid", with(StatusPaid, nil), Label{Key: "paid", Date: t0.Add(1), Method: "ideal"}},
		{"refunded", with(StatusPaid, func(p *Payment) { p.AmountRefunded = eur(100) }), Label{Key: "refunded", Date: t0.Add(1), Method: "ideal"}},
		{"charged back", with(StatusPaid, func(p *Payment) { p.AmountRefunded, p.AmountChargedBack = eur(100), eur(5900) }), Label{Key: "charged_back", Date: t0.Add(1), Method: "ideal"}},
		{"zero refund is no refund", with(StatusPaid, func(p *Payment) { p.AmountRefunded = eur(0) }), Label{Key: "paid", Date: t0.Add(1), Method: "ideal"}},
		{"canceled", with(StatusCanceled, nil), Label{Key: "canceled", Date: t0.Add(2), Method: "ideal"}},
		{"expired", with(StatusExpired, nil), Label{Key: "expired", Date: t0.Add(3), Method: "ideal"}},
		{"failed", with(StatusFailed, nil), Label{Key: "failed", Date: t0.Add(4), Method: "ideal"}},
		{"archived", with(StatusArchived, nil), Label{Key: "archived", Date: expires, Method: "ideal"}},
		{"unknown", with("processing", nil), Label{Key: "unknown", Raw: "processing"}},
		{"empty status", with("", nil), Label{Key: "unknown", Raw: ""}},
	}
	for _, tt := range tests {
		got := StatusLabel(tt.p)
		if got.Key != tt.want.Key || !got.Date.Equal(tt.want.Date) || got.Method != tt.want.Method || got.Raw != tt.want.Raw {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
