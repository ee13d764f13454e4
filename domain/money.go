package domain

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents) of one ISO 4217 currency.
// It is never a float: every computation on money stays in int64.
type Money struct {
	Minor    int64
	Currency string
}

// zeroDecimalCurrencies are the currencies Mollie writes without decimals.
var zeroDecimalCurrencies = map[string]bool{"JPY": true, "ISK": true}

// mollieCurrencies are the currencies Mollie accepts for payments and links,
// as listed in Mollie's multicurrency guide (docs.mollie.com/docs/multicurrency).
var mollieCurrencies = map[string]bool{
	"AED": true, "AUD": true, "BGN": true, "BRL": true, "CAD": true, "CHF": true,
	"CZK": true, "DKK": true, "EUR": true, "GBP": true, "HKD": true, "HUF": true,
	"ILS": true, "ISK": true, "JPY": true, "MXN": true, "MYR": true, "NOK": true,
	"NZD": true, "PHP": true, "PLN": true, "RON": true, "RUB": true, "SEK": true,
	"SGD": true, "THB": true, "TWD": true, "USD": true, "ZAR": true,
}

// ErrInvalidAmount is the class of every amount parsing error; the
// error's own reason says what is wrong.
var ErrInvalidAmount = Fail(WhyInvalidAmount)

// badAmount refuses an amount for a reason, in the class ErrInvalidAmount.
func badAmount(why Why, facts ...any) error { return Fail(why, facts...).In(ErrInvalidAmount) }

// Decimals is the number of decimals Mollie uses for the currency.
func Decimals(currency string) int {
	if zeroDecimalCurrencies[currency] {
		return 0
	}
	return 2
}

// MollieSupports reports whether Mollie can take payments in the currency.
func MollieSupports(currency string) bool { return mollieCurrencies[currency] }

// MollieCurrencies lists the currencies Mollie takes payments in, sorted.
func MollieCurrencies() []string { return slices.Sorted(maps.Keys(mollieCurrencies)) }

// ValidCurrency reports whether s looks like an ISO 4217 code (three capitals).
func ValidCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// NewMoney builds an amount from minor units.
func NewMoney(minor int64, currency string) Money { return Money{Minor: minor, Currency: currency} }

// Zero is nothing, in the given currency.
func Zero(currency string) Money { return Money{Currency: currency} }

func (m Money) IsZero() bool     { return m.Minor == 0 }
func (m Money) IsPositive() bool { return m.Minor > 0 }
func (m Money) IsNegative() bool { return m.Minor < 0 }

// Add returns m+o. Both must share a currency; a zero value without currency
// adopts the other's. A sum beyond int64 stops at its end instead of
// wrapping to the other sign: such a result is far outside MaxAmountMinor,
// so every bounds check refuses it rather than taking it as a small amount.
func (m Money) Add(o Money) Money {
	cur := m.sameCurrency(o)
	return Money{Minor: saturatingAdd(m.Minor, o.Minor), Currency: cur}
}

// Sub returns m-o under the same currency and overflow rules as Add.
func (m Money) Sub(o Money) Money {
	cur := m.sameCurrency(o)
	if o.Minor == math.MinInt64 {
		// -MinInt64 is not an int64: m - MinInt64 is m + MaxInt64 + 1.
		return Money{Minor: saturatingAdd(saturatingAdd(m.Minor, math.MaxInt64), 1), Currency: cur}
	}
	return Money{Minor: saturatingAdd(m.Minor, -o.Minor), Currency: cur}
}

// Neg returns -m; -MinInt64, which int64 cannot hold, is MaxInt64.
func (m Money) Neg() Money {
	if m.Minor == math.MinInt64 {
		return Money{Minor: math.MaxInt64, Currency: m.Currency}
	}
	return Money{Minor: -m.Minor, Currency: m.Currency}
}

// saturatingAdd is a+b, or the end of int64 it would pass.
func saturatingAdd(a, b int64) int64 {
	sum := a + b
	switch {
	case a > 0 && b > 0 && sum < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && sum >= 0:
		return math.MinInt64
	}
	return sum
}

func (m Money) sameCurrency(o Money) string {
	switch {
	case m.Currency == o.Currency:
		return m.Currency
	case m.Currency == "" && m.Minor == 0:
		return o.Currency
	case o.Currency == "" && o.Minor == 0:
		return m.Currency
	}
	// Mixing currencies is a programming error, not a user error: every
	// caller compares amounts of one invoice, which has one currency.
	panic(fmt.Sprintf("domain: mixing currencies %s and %s", m.Currency, o.Currency))
}

// Value is Mollie's string form: '.' as separator, no grouping, exactly the
// currency's decimals ("10.00", "1500" for JPY, "-3.50").
func (m Money) Value() string {
	return m.format('.', 0)
}

// String is "EUR 10.00": for logs and messages, not for Mollie.
func (m Money) String() string { return m.Currency + " " + m.Value() }

// Format writes the amount with the given decimal and grouping separators
// (group 0 means none), e.g. Format(',', '.') gives "1.234,56".
func (m Money) Format(decimal, group rune) string { return m.format(decimal, group) }

func (m Money) format(decimal, group rune) string {
	d := Decimals(m.Currency)
	neg := m.Minor < 0
	u := uint64(m.Minor)
	if neg {
		u = uint64(-(m.Minor + 1)) + 1 // safe for math.MinInt64
	}
	digits := strconv.FormatUint(u, 10)
	for len(digits) <= d {
		digits = "0" + digits
	}
	intPart, frac := digits[:len(digits)-d], digits[len(digits)-d:]
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if group != 0 && i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteRune(group)
		}
		b.WriteRune(c)
	}
	if d > 0 {
		b.WriteRune(decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// ParseMollieValue reads Mollie's strict form: '.' separator and exactly the
// currency's decimals. Mollie itself refuses "16.1" for EUR; so do we.
func ParseMollieValue(value, currency string) (Money, error) {
	if !ValidCurrency(currency) {
		return Money{}, badAmount(WhyAmountCurrency, currency)
	}
	s := value
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	d := Decimals(currency)
	intPart, frac, hasDot := strings.Cut(s, ".")
	if (d == 0 && hasDot) || (d > 0 && (!hasDot || len(frac) != d)) {
		return Money{}, badAmount(WhyAmountExactly, value, d, currency)
	}
	if intPart == "" {
		return Money{}, badAmount(WhyAmountLeadingDigit, value)
	}
	m, err := fromDigits(intPart, frac, d, neg, value)
	if err != nil {
		return Money{}, err
	}
	return Money{Minor: m, Currency: currency}, nil
}

// groupingSpaces are thousands separators people type besides '.' and ','.
var groupingSpaces = strings.NewReplacer("\u00a0", "", "\u202f", "", " ", "", "'", "")

// hasGrouping reports whether s may hold what groupingSpaces removes (the
// two spaces beyond ASCII start with 0xC2 and 0xE2): a Replacer costs more
// than this look, even with nothing to replace.
func hasGrouping(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\'' || c == 0xC2 || c == 0xE2 {
			return true
		}
	}
	return false
}

// ParseMoney reads an amount as people write it: "1234.56", "1,234.56",
// "1.234,56", "1234,56", "-12.50", "1 234,56". A lone separator followed by
// exactly three digits ("1,234" or "1.234") could be a thousands separator or a
// decimal one, so it is refused rather than guessed; in a currency without
// decimals (JPY, ISK) it can only be grouping.
func ParseMoney(input, currency string) (Money, error) {
	if !ValidCurrency(currency) {
		return Money{}, badAmount(WhyAmountCurrency, currency)
	}
	s := strings.TrimSpace(input)
	if hasGrouping(s) {
		s = groupingSpaces.Replace(s)
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if s == "" {
		return Money{}, badAmount(WhyAmountEmpty)
	}
	d := Decimals(currency)
	intPart, frac, err := splitDecimal(s, input, d)
	if err != nil {
		return Money{}, err
	}
	// Checked before the fraction is padded, which would turn "." into 0.
	if intPart == "" && frac == "" {
		return Money{}, badAmount(WhyAmountNoDigits, input)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > d {
		return Money{}, badAmount(WhyAmountDecimals, input, currency, d)
	}
	m, err := fromDigits(intPart, frac+strings.Repeat("0", d-len(frac)), d, neg, input)
	if err != nil {
		return Money{}, err
	}
	return Money{Minor: m, Currency: currency}, nil
}

// splitDecimal finds the decimal separator in s (no sign, no spaces) and
// returns the integer digits without grouping, and the fraction digits.
// decimals is the currency's: without minor units a lone separator before
// three digits can only be grouping.
func splitDecimal(s, input string, decimals int) (intPart, frac string, err error) {
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			return "", "", badAmount(WhyAmountCharacter, input, string(c))
		}
	}
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case lastDot < 0 && lastComma < 0:
		return s, "", nil
	case lastDot >= 0 && lastComma >= 0:
		// Both appear: the later one is the decimal separator.
		decSep, grpSep := byte('.'), byte(',')
		if lastComma > lastDot {
			decSep, grpSep = ',', '.'
		}
		i := strings.LastIndexByte(s, decSep)
		if strings.IndexByte(s, decSep) != i {
			return "", "", badAmount(WhyAmountSeparator, input, string(decSep))
		}
		grouped, err := ungroup(s[:i], grpSep, input)
		return grouped, s[i+1:], err
	}
	sep := byte('.')
	if lastComma >= 0 {
		sep = ','
	}
	at := strings.IndexByte(s, sep)
	if at != strings.LastIndexByte(s, sep) {
		// "1.234.567": only grouping makes sense.
		grouped, err := ungroup(s, sep, input)
		return grouped, "", err
	}
	whole, frac := s[:at], s[at+1:]
	if len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && whole != "0" {
		if decimals == 0 {
			return whole + frac, "", nil
		}
		return "", "", badAmount(WhyAmountAmbiguous, input)
	}
	return whole, frac, nil
}

// ungroup removes grouping separators after checking they sit every three digits.
func ungroup(s string, sep byte, input string) (string, error) {
	digits := make([]byte, 0, len(s))
	for i, start := 0, 0; start <= len(s); i++ {
		end := strings.IndexByte(s[start:], sep)
		if end < 0 {
			end = len(s) - start
		}
		if n := end; (i == 0 && (n < 1 || n > 3)) || (i > 0 && n != 3) {
			return "", badAmount(WhyAmountGrouping, input)
		}
		digits = append(digits, s[start:start+end]...)
		start += end + 1
	}
	return string(digits), nil
}

func fromDigits(intPart, frac string, decimals int, neg bool, input string) (int64, error) {
	if intPart == "" && frac == "" {
		return 0, badAmount(WhyAmountNoDigits, input)
	}
	if intPart == "" {
		intPart = "0"
	}
	for _, s := range []string{intPart, frac} {
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, badAmount(WhyAmountNotNumber, input)
			}
		}
	}
	whole, err := strconv.ParseUint(intPart, 10, 64)
	if err != nil {
		return 0, badAmount(WhyAmountTooLarge, input)
	}
	var f uint64
	if frac != "" {
		f, _ = strconv.ParseUint(frac, 10, 64)
	}
	// The magnitude is built unsigned: a negative amount may reach one more
	// than MaxInt64, so math.MinInt64 reads back as Value writes it.
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	scale := uint64(math.Pow10(decimals))
	if whole > (limit-f)/scale {
		return 0, badAmount(WhyAmountTooLarge, input)
	}
	u := whole*scale + f
	if neg {
		return int64(-u), nil
	}
	return int64(u), nil
}
