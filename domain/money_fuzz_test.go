package domain

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// fuzzCurrencies covers two-decimal and zero-decimal currencies.
var fuzzCurrencies = []string{"EUR", "JPY", "ISK", "USD"}

// mollieValue is the only form Mollie accepts in amount.value.
var mollieValue = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1234.56", "1,234.56", "1.234,56", "1234,56", "-12.50", "+5", "0,5", ".50",
		"1 234,56", "1500", "1,500", "1.500,00", "abc", "1.2.3,4,5", "12,34,56", "--1", "", ".", ",",
		"1,234", "1.234", "92233720368547758.07", "-92233720368547758.08", "99999999999999999999",
		"1'234.56", "1\u00a0234,56", "0.500", "1.2345", "-0"} {
		for i := range fuzzCurrencies {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, input string, which uint8) {
		cur := fuzzCurrencies[int(which)%len(fuzzCurrencies)]
		m, err := ParseMoney(input, cur)
		if err != nil {
			if !errors.Is(err, ErrInvalidAmount) {
				t.Fatalf("ParseMoney(%q, %s): %v does not wrap ErrInvalidAmount", input, cur, err)
			}
			return
		}
		if !strings.ContainsAny(input, "0123456789") {
			t.Fatalf("ParseMoney(%q, %s) = %v from an input without digits", input, cur, m)
		}
		if m.Currency != cur {
			t.Fatalf("ParseMoney(%q, %s) gave currency %q", input, cur, m.Currency)
		}
		v := m.Value()
		if !mollieValue.MatchString(v) {
			t.Fatalf("ParseMoney(%q, %s).Value() = %q is not Mollie's form", input, cur, v)
		}
		back, err := ParseMollieValue(v, cur)
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q, %s) = %d; ParseMollieValue(%q) = %v, %v", input, cur, m.Minor, v, back, err)
		}
		for _, sep := range [][2]rune{{',', '.'}, {'.', ','}, {',', ' '}} {
			s := m.Format(sep[0], sep[1])
			if again, err := ParseMoney(s, cur); err != nil || again != m {
				t.Fatalf("ParseMoney(%q, %s) = %d; its form %q reads back as %v, %v", input, cur, m.Minor, s, again, err)
			}
		}
	})
}
