package domain

import (
	"testing"
	"time"
)

func TestRemindable(t *testing.T) {
	today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	eur := func(minor int64) Money { return NewMoney(minor, "EUR") }
	base := Invoice{Number: "1", Email: "a@example.com", Currency: "EUR", Total: eur(10000), PaidOutside: eur(0),
		DueDate: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Kind: KindInvoice}
	cases := []struct {
		name    string
		change  func(*Invoice)
		minDays int
		want    bool
	}{
		{"overdue with an address", func(*Invoice) {}, 1, true},
		{"overdue 12 days, 12 asked", func(*Invoice) {}, 12, true},
		{"overdue 12 days, 13 asked", func(*Invoice) {}, 13, false},
		{"no address", func(i *Invoice) { i.Email = "" }, 1, false},
		{"paid outside", func(i *Invoice) { i.PaidOutside = eur(10000) }, 1, false},
		{"paid through Mollie", func(i *Invoice) { i.Test.Paid = eur(10000) }, 1, false},
		{"credit note", func(i *Invoice) { i.Kind = KindCreditNote }, 1, false},
		{"charged back (disputed)", func(i *Invoice) { i.Test.Paid, i.Test.ChargedBack = eur(10000), eur(10000) }, 1, false},
		{"due today", func(i *Invoice) { i.DueDate = Date(today) }, 1, false},
		{"no due date", func(i *Invoice) { i.DueDate = time.Time{} }, 1, false},
	}
	for _, c := range cases {
		inv := base
		c.change(&inv)
		if got := Remindable(inv, ModeTest, today, c.minDays); got != c.want {
			t.Errorf("%s: Remindable = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string]string{
		"billing@example.com":           "billing@example.com",
		" Office <billing@example.com>": "billing@example.com",
	} {
		if got, err := ParseAddress(in); err != nil || got != want {
			t.Errorf("ParseAddress(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "billing", "a@b\r\nBcc: c@d", "two@a.com, three@b.com"} {
		if _, err := ParseAddress(bad); err == nil {
			t.Errorf("ParseAddress(%q) accepted", bad)
		}
	}
}

func TestMailSettingsValidate(t *testing.T) {
	for _, c := range []struct{ key, value string }{
		{SettingSMTPPort, "0"}, {SettingSMTPPort, "smtp"}, {SettingSMTPSecurity, "ssl"},
		{SettingSMTPFrom, "billing"}, {SettingMailLanguage, "fr"}, {SettingReminderEvery, "0"}, {SettingSMTPHost, "smtp://x"},
	} {
		if _, err := ValidateSetting(c.key, c.value); err == nil {
			t.Errorf("%s = %q accepted", c.key, c.value)
		}
	}
	if v, err := ValidateSetting(SettingSMTPFrom, "Office <billing@example.com>"); err != nil || v != `"Office" <billing@example.com>` {
		t.Errorf("smtp_from: %q, %v", v, err)
	}
}
