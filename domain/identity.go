package domain

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
	"golang.org/x/text/unicode/norm"
)

// MaxAmountMinor bounds every amount paydesk accepts (100 billion in units
// with two decimals). It is far inside int64, so that even a million
// invoices at the bound cannot overflow when summed.
const MaxAmountMinor = 10_000_000_000_000

// withinBounds reports whether an amount may be stored and summed.
func withinBounds(m Money) bool { return m.Minor >= -MaxAmountMinor && m.Minor <= MaxAmountMinor }

// boundsProblem refuses an amount beyond the bound; nil when it is within.
func boundsProblem(m Money) *Error {
	if withinBounds(m) {
		return nil
	}
	return Fail(WhyBeyondBound, m, NewMoney(MaxAmountMinor, m.Currency))
}

// currencyProblem says why a code cannot be an invoice's currency, or nil:
// it must be in ISO 4217, name money (the X codes are gold, testing,
// "no currency" and the like) and be one Mollie takes payments in, so that
// an invoice that could never be paid is refused at import, not at pay.
func currencyProblem(code string) *Error {
	if !ValidCurrency(code) {
		return Fail(WhyCurrencyCode, code)
	}
	if _, err := currency.ParseISO(code); err != nil || code[0] == 'X' {
		return Fail(WhyCurrencyNoMoney, code)
	}
	if !MollieSupports(code) {
		return Fail(WhyCurrencyMollie, code, strings.Join(MollieCurrencies(), ", "))
	}
	return nil
}

// NormalizeNumber is the form an invoice number is stored and looked up in:
// Unicode NFC, without surrounding spaces, so that the same number typed or
// exported two ways is one invoice.
func NormalizeNumber(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }

// numberProblem says why an invoice number cannot be used, or nil: control
// characters and invisible format characters (zero-width spaces, bidi
// marks) would make two different numbers look the same.
func numberProblem(number string) *Error {
	for _, r := range number {
		if r >= ' ' && r < 0x7f {
			continue // printable ASCII, which most numbers are made of
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return Fail(WhyNumberCharacter, fmt.Sprintf("%U", r))
		}
	}
	return nil
}

// CaseClashes finds invoice numbers that differ only by letter case, within
// numbers and against existing ones: they would look like one invoice to a
// person and two to paydesk. Each clash is reported once, as a conflict
// naming both numbers.
func CaseClashes(numbers, existing []string) []error {
	seen := map[string]string{}
	for _, n := range existing {
		seen[Fold(n)] = n
	}
	var clashes []error
	reported := map[string]bool{}
	for _, n := range numbers {
		key := Fold(n)
		other, ok := seen[key]
		switch {
		case !ok:
			seen[key] = n
		case other != n && !reported[n]:
			reported[n] = true
			clashes = append(clashes, Fail(WhyNumberClash, n, other).In(ErrConflict))
		}
	}
	return clashes
}
