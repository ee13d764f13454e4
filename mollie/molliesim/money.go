package molliesim

import (
	"errors"
	"strconv"
	"strings"
)

// currency is what the simulator knows about one ISO 4217 code.
type currency struct {
	decimals int
	// perHundredEUR is roughly how many major units 100 EUR buy; it turns
	// Mollie's EUR maximum into a maximum in this currency.
	perHundredEUR int64
}

// maxEUR is iDEAL's maximum, the simulator's ceiling for every method.
const maxEUR = 50000

// currencies Mollie accepts. JPY and ISK have no minor unit; the rest two.
var currencies = map[string]currency{
	"AED": {2, 400}, "AUD": {2, 165}, "BGN": {2, 196}, "BRL": {2, 550},
	"CAD": {2, 150}, "CHF": {2, 95}, "CZK": {2, 2500}, "DKK": {2, 746},
	"EUR": {2, 100}, "GBP": {2, 85}, "HKD": {2, 850}, "HUF": {2, 39000},
	"ILS": {2, 400}, "ISK": {0, 15000}, "JPY": {0, 16000}, "MXN": {2, 1900},
	"MYR": {2, 500}, "NOK": {2, 1150}, "NZD": {2, 180}, "PHP": {2, 6200},
	"PLN": {2, 430}, "RON": {2, 500}, "SEK": {2, 1130}, "SGD": {2, 145},
	"THB": {2, 3800}, "TWD": {2, 3500}, "USD": {2, 110}, "ZAR": {2, 2000},
}

// money is an amount in minor units of a currency, as the simulator keeps it.
type money struct {
	currency string
	minor    int64
}

var (
	errAmountSyntax  = errors.New("the amount contains an invalid value")
	errAmountNotPos  = errors.New("the amount is lower than the minimum")
	errAmountTooHigh = errors.New("the amount is higher than the maximum")
)

// parseValue reads Mollie's value string for cur: digits, and exactly the
// currency's decimals after a point. A leading minus parses so that the
// caller can tell "negative" from "garbage".
func parseValue(cur string, value string) (int64, error) {
	c, ok := currencies[cur]
	if !ok {
		return 0, errAmountSyntax
	}
	neg := strings.HasPrefix(value, "-")
	value = strings.TrimPrefix(value, "-")
	whole, frac, hasPoint := strings.Cut(value, ".")
	if hasPoint != (c.decimals > 0) || len(frac) != c.decimals {
		return 0, errAmountSyntax
	}
	if !allDigits(whole) || (c.decimals > 0 && !allDigits(frac)) || len(whole) > 12 {
		return 0, errAmountSyntax
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, errAmountSyntax
	}
	if neg {
		n = -n
	}
	return n, nil
}

// checkRange refuses zero, negative and over-the-maximum amounts.
func checkRange(m money) error {
	if m.minor <= 0 {
		return errAmountNotPos
	}
	c := currencies[m.currency]
	limit := maxEUR * c.perHundredEUR / 100
	for range c.decimals {
		limit *= 10
	}
	if m.minor > limit {
		return errAmountTooHigh
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// value formats m the way Mollie writes it: "10.00", "1500" for JPY.
func (m money) value() string {
	d := currencies[m.currency].decimals
	n := m.minor
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	if d == 0 {
		return sign + s
	}
	for len(s) <= d {
		s = "0" + s
	}
	return sign + s[:len(s)-d] + "." + s[len(s)-d:]
}

// String is the human form used on the hosted pages: "EUR 60.00".
func (m money) String() string { return m.currency + " " + m.value() }

func (m money) json() amountJSON { return amountJSON{Currency: m.currency, Value: m.value()} }

// amountJSON is Mollie's amount object.
type amountJSON struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}
