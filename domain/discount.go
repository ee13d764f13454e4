package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Discount is an early-payment discount (Skonto) a document grants: the
// customer may take Hundredths/100 percent off when paying by Until. It is
// kept to be shown beside the invoice; the amount asked through Mollie stays
// the document's, and the net due date is the invoice's DueDate.
type Discount struct {
	Hundredths int       // of a percent: 200 is 2.00 %
	Until      time.Time // the last day the discount may be taken
}

// MaxDiscountHundredths bounds a discount: 100 % and more is no discount.
const MaxDiscountHundredths = 9999

// Percent is the rate as written on documents, "2.00".
func (d Discount) Percent() string {
	return fmt.Sprintf("%d.%02d", d.Hundredths/100, d.Hundredths%100)
}

// FormatDiscounts writes discounts as one text value for a store column:
// "200@2026-11-09;300@2026-11-02", "" for none.
func FormatDiscounts(ds []Discount) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.Itoa(d.Hundredths) + "@" + d.Until.Format(time.DateOnly)
	}
	return strings.Join(parts, ";")
}

// ParseDiscounts reads what FormatDiscounts wrote.
func ParseDiscounts(s string) ([]Discount, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	ds := make([]Discount, 0, len(parts))
	for _, p := range parts {
		rate, day, ok := strings.Cut(p, "@")
		h, err := strconv.Atoi(rate)
		if !ok || err != nil || h < 1 || h > MaxDiscountHundredths {
			return nil, Fail(WhyStoredDiscount, p)
		}
		until, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, Fail(WhyStoredDiscount, p).Because(err)
		}
		ds = append(ds, Discount{Hundredths: h, Until: until})
	}
	return ds, nil
}

// SameDiscounts reports whether two lists grant the same discounts.
func SameDiscounts(a, b []Discount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Hundredths != b[i].Hundredths || !a[i].Until.Equal(b[i].Until) {
			return false
		}
	}
	return true
}
