package domain

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in, cur string
		want    int64
	}{
		{"1234.56", "EUR", 123456},
		{"1,234.56", "EUR", 123456},
		{"1.234,56", "EUR", 123456},
		{"1234,56", "EUR", 123456},
		{"-12.50", "EUR", -1250},
		{"+5", "EUR", 500},
		{"0,5", "EUR", 50},
		{".50", "EUR", 50},
		{",05", "EUR", 5},
		{"1 234,56", "EUR", 123456},
		{"1\u00a0234,56", "EUR", 123456},
		{"1\u202f234,56", "EUR", 123456},
		{"1'234.56", "CHF", 123456},
		{"  42  ", "EUR", 4200},
		{"0", "EUR", 0},
		{"-0", "EUR", 0},
		{"0.500", "EUR", 50}, // a leading zero leaves only the decimal reading
		{"1.234.567", "EUR", 123456700},
		{"1,234,567", "EUR", 123456700},
		{"1.234.567,89", "EUR", 123456789},
		{"1,234,567.89", "EUR", 123456789},
		{"12.30", "EUR", 1230},
		{"12.3", "EUR", 1230},
		{"7.00", "EUR", 700},
		{"- 3,5", "EUR", -350},
		// Zero-decimal currencies.
		{"1500", "JPY", 1500},
		{"1.500,00", "JPY", 1500},
		{"1,500.00", "JPY", 1500},
		{"1500.0", "JPY", 1500},
		{"1,500", "JPY", 1500}, // a decimal reading (1.5 yen) cannot exist
		{"1.500", "JPY", 1500},
		{"1.234.567", "ISK", 1234567},
		{"-250", "ISK", -250},
		// Largest and smallest representable amounts.
		{"92233720368547758.07", "EUR", math.MaxInt64},
		{"92.233.720.368.547.758,07", "EUR", math.MaxInt64},
		{"-92233720368547758.08", "EUR", math.MinInt64},
		{"9223372036854775807", "JPY", math.MaxInt64},
		{"-9223372036854775808", "JPY", math.MinInt64},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.cur)
		if err != nil {
			t.Errorf("ParseMoney(%q, %s): %v", tt.in, tt.cur, err)
			continue
		}
		if want := NewMoney(tt.want, tt.cur); got != want {
			t.Errorf("ParseMoney(%q, %s) = %v (%d), want %v", tt.in, tt.cur, got, got.Minor, want)
		}
	}
}

func TestParseMoneyRefuses(t *testing.T) {
	tests := []struct {
		in, cur string
		why     string // part of the technical form: the reason and its facts
	}{
		{"", "EUR", "amount_empty"},
		{"   ", "EUR", "amount_empty"},
		{"-", "EUR", "amount_empty"},
		{"+", "EUR", "amount_empty"},
		{".", "EUR", "amount_no_digits"},
		{",", "EUR", "amount_no_digits"},
		{"-.", "EUR", "amount_no_digits"},
		{"+,", "EUR", "amount_no_digits"},
		{".", "JPY", "amount_no_digits"},
		{"abc", "EUR", "amount_character [abc, a]"},
		{"12a", "EUR", "amount_character [12a, a]"},
		{"1e3", "EUR", "amount_character [1e3, e]"},
		{"€5", "EUR", "amount_character [€5, €]"},
		{"5-", "EUR", "amount_character [5-, -]"},
		{"--1", "EUR", "amount_character [--1, -]"},
		{"+-1", "EUR", "amount_character [+-1, -]"},
		{"1.2.3,4,5", "EUR", "amount_separator"},
		{"1,2.3.4", "EUR", "amount_separator"},
		{"12,34,56", "EUR", "amount_grouping"},
		{"1.23.456", "EUR", "amount_grouping"},
		{"1,23.45", "EUR", "amount_grouping"},
		{"1234.567,00", "EUR", "amount_grouping"},
		{".5.", "EUR", "amount_grouping"},
		{"1,234", "EUR", "amount_ambiguous"},
		{"1.234", "EUR", "amount_ambiguous"},
		{"12.345", "EUR", "amount_ambiguous"},
		{"-123,456", "EUR", "amount_ambiguous"},
		{"1.2345", "EUR", "amount_decimals"},
		{"0,001", "EUR", "amount_decimals"},
		{"1.5", "JPY", "amount_decimals"},
		{"1,05", "ISK", "amount_decimals"},
		{"1.234,567", "EUR", "amount_decimals"},
		{"92233720368547758.08", "EUR", "amount_too_large"},
		{"-92233720368547758.09", "EUR", "amount_too_large"},
		{"9223372036854775808", "JPY", "amount_too_large"},
		{"-9223372036854775809", "JPY", "amount_too_large"},
		{"99999999999999999999999", "EUR", "amount_too_large"},
		{"5", "eur", "amount_currency"},
		{"5", "", "amount_currency"},
		{"5", "EURO", "amount_currency"},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.cur)
		if err == nil {
			t.Errorf("ParseMoney(%q, %s) = %v, want an error", tt.in, tt.cur, got)
			continue
		}
		if !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("ParseMoney(%q, %s): %v does not wrap ErrInvalidAmount", tt.in, tt.cur, err)
		}
		if !strings.Contains(err.Error(), tt.why) {
			t.Errorf("ParseMoney(%q, %s): %q does not say %q", tt.in, tt.cur, err, tt.why)
		}
	}
}

// An ambiguous amount is refused with a way to write it that is not.
func TestParseMoneyAmbiguousSaysHowToWriteIt(t *testing.T) {
	for _, in := range []string{"1,234", "1.234"} {
		_, err := ParseMoney(in, "EUR")
		if err == nil {
			t.Fatalf("ParseMoney(%q) accepted an ambiguous amount", in)
		}
		var de *Error
		if !errors.As(err, &de) || de.Why != WhyAmountAmbiguous {
			t.Errorf("ParseMoney(%q) = %v, want %s", in, err, WhyAmountAmbiguous)
		}
		// The catalogue's message suggests these two forms.
		for _, hint := range []string{"1234.00", "1.234,00"} {
			if _, err := ParseMoney(hint, "EUR"); err != nil {
				t.Errorf("the suggested form %q is itself refused: %v", hint, err)
			}
		}
	}
}

func TestParseMollieValue(t *testing.T) {
	ok := []struct {
		in, cur string
		want    int64
	}{
		{"10.00", "EUR", 1000},
		{"0.01", "EUR", 1},
		{"-3.50", "EUR", -350},
		{"1500", "JPY", 1500},
		{"-7", "ISK", -7},
		{"0", "JPY", 0},
		{"92233720368547758.07", "EUR", math.MaxInt64},
		{"-92233720368547758.08", "EUR", math.MinInt64},
		{"-9223372036854775808", "JPY", math.MinInt64},
	}
	for _, tt := range ok {
		got, err := ParseMollieValue(tt.in, tt.cur)
		if err != nil {
			t.Errorf("ParseMollieValue(%q, %s): %v", tt.in, tt.cur, err)
			continue
		}
		if want := NewMoney(tt.want, tt.cur); got != want {
			t.Errorf("ParseMollieValue(%q, %s) = %v, want %v", tt.in, tt.cur, got, want)
		}
	}
	bad := []struct{ in, cur string }{
		{"16.1", "EUR"}, {"16", "EUR"}, {"16.100", "EUR"}, {"1,00", "EUR"}, {"1,000.00", "EUR"},
		{"1500.00", "JPY"}, {"1500.0", "JPY"}, {"1,500", "JPY"},
		{".50", "EUR"}, {"-.50", "EUR"}, {"", "EUR"}, {"", "JPY"}, {"-", "JPY"}, {".", "EUR"},
		{"+1.00", "EUR"}, {"--1.00", "EUR"}, {" 1.00", "EUR"}, {"1.00 ", "EUR"}, {"1.0a", "EUR"},
		{"92233720368547758.08", "EUR"}, {"9223372036854775808", "JPY"},
		{"1.00", "eur"},
	}
	for _, tt := range bad {
		if got, err := ParseMollieValue(tt.in, tt.cur); err == nil {
			t.Errorf("ParseMollieValue(%q, %s) = %v, want an error", tt.in, tt.cur, got)
		} else if !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("ParseMollieValue(%q, %s): %v does not wrap ErrInvalidAmount", tt.in, tt.cur, err)
		}
	}
}

func TestMoneyValueAndFormat(t *testing.T) {
	tests := []struct {
		m                      Money
		value, german, english string
		swiss                  string
	}{
		{NewMoney(0, "EUR"), "0.00", "0,00", "0.00", "0.00"},
		{NewMoney(5, "EUR"), "0.05", "0,05", "0.05", "0.05"},
		{NewMoney(-5, "EUR"), "-0.05", "-0,05", "-0.05", "-0.05"},
		{NewMoney(123456, "EUR"), "1234.56", "1.234,56", "1,234.56", "1'234.56"},
		{NewMoney(-123456789, "EUR"), "-1234567.89", "-1.234.567,89", "-1,234,567.89", "-1'234'567.89"},
		{NewMoney(100000, "EUR"), "1000.00", "1.000,00", "1,000.00", "1'000.00"},
		{NewMoney(99999, "EUR"), "999.99", "999,99", "999.99", "999.99"},
		{NewMoney(1500, "JPY"), "1500", "1.500", "1,500", "1'500"},
		{NewMoney(-7, "ISK"), "-7", "-7", "-7", "-7"},
		{NewMoney(math.MaxInt64, "EUR"), "92233720368547758.07", "92.233.720.368.547.758,07", "92,233,720,368,547,758.07", "92'233'720'368'547'758.07"},
		{NewMoney(math.MinInt64, "EUR"), "-92233720368547758.08", "-92.233.720.368.547.758,08", "-92,233,720,368,547,758.08", "-92'233'720'368'547'758.08"},
		{NewMoney(math.MinInt64, "JPY"), "-9223372036854775808", "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808", "-9'223'372'036'854'775'808"},
	}
	for _, tt := range tests {
		if got := tt.m.Value(); got != tt.value {
			t.Errorf("%d %s: Value() = %q, want %q", tt.m.Minor, tt.m.Currency, got, tt.value)
		}
		if got := tt.m.Format('.', 0); got != tt.value {
			t.Errorf("%d %s: Format('.', 0) = %q, want %q", tt.m.Minor, tt.m.Currency, got, tt.value)
		}
		if got := tt.m.Format(',', '.'); got != tt.german {
			t.Errorf("%d %s: Format(',', '.') = %q, want %q", tt.m.Minor, tt.m.Currency, got, tt.german)
		}
		if got := tt.m.Format('.', ','); got != tt.english {
			t.Errorf("%d %s: Format('.', ',') = %q, want %q", tt.m.Minor, tt.m.Currency, got, tt.english)
		}
		if got := tt.m.Format('.', '\''); got != tt.swiss {
			t.Errorf("%d %s: Format('.', '\\'') = %q, want %q", tt.m.Minor, tt.m.Currency, got, tt.swiss)
		}
		if got, want := tt.m.String(), tt.m.Currency+" "+tt.value; got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

// Every amount paydesk can hold survives being written and read back, both in
// Mollie's form and in every form it shows people.
func TestMoneyRoundTrips(t *testing.T) {
	amounts := []int64{0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 1001, 99999, 100000, 123456, 1234567,
		-1234567, 100000000, math.MaxInt64, math.MaxInt64 - 1, math.MinInt64, math.MinInt64 + 1}
	formats := []struct{ decimal, group rune }{{'.', 0}, {',', 0}, {',', '.'}, {'.', ','}, {',', ' '}, {'.', '\''}, {',', '\u00a0'}}
	for _, cur := range []string{"EUR", "JPY", "ISK", "GBP"} {
		for _, minor := range amounts {
			m := NewMoney(minor, cur)
			back, err := ParseMollieValue(m.Value(), cur)
			if err != nil || back != m {
				t.Errorf("ParseMollieValue(%q) = %v, %v; want %v", m.Value(), back, err, m)
			}
			for _, f := range formats {
				s := m.Format(f.decimal, f.group)
				back, err := ParseMoney(s, cur)
				if err != nil || back != m {
					t.Errorf("ParseMoney(%q, %s) = %v, %v; want %v", s, cur, back, err, m)
				}
			}
		}
	}
}

func TestMoneyArithmetic(t *testing.T) {
	eur := func(n int64) Money { return NewMoney(n, "EUR") }
	if got := eur(1000).Sub(eur(400)).Add(eur(50)); got != eur(650) {
		t.Errorf("1000-400+50 = %v", got)
	}
	if got := (Money{}).Add(eur(5)); got != eur(5) {
		t.Errorf("zero without currency + 5 = %v, want EUR 0.05", got)
	}
	if got := eur(5).Sub(Money{}); got != eur(5) {
		t.Errorf("5 - zero without currency = %v", got)
	}
	if got := eur(5).Neg(); got != eur(-5) {
		t.Errorf("Neg = %v", got)
	}
	if !eur(1).IsPositive() || eur(1).IsNegative() || eur(1).IsZero() || !eur(0).IsZero() || !eur(-1).IsNegative() {
		t.Error("sign predicates are wrong")
	}
	if Zero("JPY") != NewMoney(0, "JPY") {
		t.Error("Zero(JPY) is not 0 JPY")
	}
	defer func() {
		if recover() == nil {
			t.Error("adding EUR to USD did not panic")
		}
	}()
	_ = eur(1).Add(NewMoney(1, "USD"))
}

func TestCurrencies(t *testing.T) {
	for cur, want := range map[string]int{"EUR": 2, "USD": 2, "JPY": 0, "ISK": 0, "GBP": 2, "XXX": 2} {
		if got := Decimals(cur); got != want {
			t.Errorf("Decimals(%s) = %d, want %d", cur, got, want)
		}
	}
	for cur, want := range map[string]bool{"EUR": true, "JPY": true, "ISK": true, "CHF": true, "XAU": false, "BTC": false, "": false} {
		if got := MollieSupports(cur); got != want {
			t.Errorf("MollieSupports(%q) = %v, want %v", cur, got, want)
		}
	}
	for cur, want := range map[string]bool{"EUR": true, "eur": false, "EU": false, "EURO": false, "E1R": false, "": false} {
		if got := ValidCurrency(cur); got != want {
			t.Errorf("ValidCurrency(%q) = %v, want %v", cur, got, want)
		}
	}
}

// Add, Sub and Neg never wrap around int64: an overflowing result stops at
// the end it passed, which every bounds check then refuses.
func TestMoneyArithmeticDoesNotWrap(t *testing.T) {
	const hi, lo = math.MaxInt64, math.MinInt64
	e := func(minor int64) Money { return NewMoney(minor, "EUR") }
	for _, tt := range []struct {
		name string
		got  Money
		want int64
	}{
		{"add", e(150).Add(e(-200)), -50},
		{"add to the top", e(hi - 1).Add(e(1)), hi},
		{"add past the top", e(hi).Add(e(2)), hi},
		{"add two large", e(hi / 2).Add(e(hi/2 + 10)), hi},
		{"add past the bottom", e(lo).Add(e(-1)), lo},
		{"add two small", e(lo / 2).Add(e(lo/2 - 10)), lo},
		{"add opposite ends", e(hi).Add(e(lo)), -1},
		{"sub", e(100).Sub(e(250)), -150},
		{"sub past the top", e(hi).Sub(e(-1)), hi},
		{"sub the bottom", e(0).Sub(e(lo)), hi},
		{"sub the bottom from a negative", e(-5).Sub(e(lo)), hi - 4},
		{"sub past the bottom", e(lo).Sub(e(1)), lo},
		{"sub large from small", e(lo + 10).Sub(e(hi)), lo},
		{"neg", e(5).Neg(), -5},
		{"neg of the bottom", e(lo).Neg(), hi},
		{"neg of the top", e(hi).Neg(), -hi},
	} {
		if tt.got.Minor != tt.want || tt.got.Currency != "EUR" {
			t.Errorf("%s: got %d %s, want %d EUR", tt.name, tt.got.Minor, tt.got.Currency, tt.want)
		}
	}
	// A total summed past int64 stays beyond the bound, never a small amount.
	total := Zero("EUR")
	for range 3 {
		total = total.Add(e(hi / 2))
	}
	if withinBounds(total) || total.Minor != hi {
		t.Errorf("a sum past int64 is %d", total.Minor)
	}
}
