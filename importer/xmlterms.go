package importer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// paymentTerms finds the net due date and the early-payment discounts. The
// net due date is the invoice-level due date, else the latest date of a
// term without a discount, else the latest date of any term: a discount
// deadline comes before the date the whole amount is due, and a link that
// expired on it would shut out a customer paying on time.
func (doc *xmlDoc) paymentTerms(issued time.Time) (time.Time, []domain.Discount) {
	s := doc.schema
	var discounts []domain.Discount
	var net, any time.Time
	for _, term := range doc.terms {
		due := doc.termDate(term, s.termFields.due, domain.FieldDueDate)
		ds := doc.termDiscounts(term, issued, due)
		discounts = append(discounts, ds...)
		if due.After(any) {
			any = due
		}
		if len(ds) == 0 && due.After(net) {
			net = due
		}
	}
	slices.SortFunc(discounts, func(a, b domain.Discount) int { return a.Until.Compare(b.Until) })
	if d := doc.date(domain.FieldDueDate, s.dueDate...); !d.IsZero() {
		return d, discounts
	}
	switch {
	case !net.IsZero():
		return net, discounts
	case !any.IsZero():
		return any, discounts
	}
	if s.meansDue != "" {
		return doc.date(domain.FieldDueDate, s.meansDue), discounts
	}
	return time.Time{}, discounts
}

func (doc *xmlDoc) termDate(term map[string]xmlValue, rel, field string) time.Time {
	v, ok := term[rel]
	if rel == "" || !ok {
		return time.Time{}
	}
	return doc.dateOf(v, field)
}

// skontoNote is XRechnung's way of writing a discount into the terms'
// text: "#SKONTO#TAGE=14#PROZENT=2.00#", one line per discount.
var skontoNote = regexp.MustCompile(`#SKONTO#TAGE=(\d{1,4})#PROZENT=(\d{1,2}(?:\.\d+)?)#`)

// termDiscounts reads the discounts of one term: the structured ones
// (a rate with a period or a last day) and those written in XRechnung's
// text convention. A discount that cannot be read is a warning, never a
// refusal: the amount due does not depend on it.
func (doc *xmlDoc) termDiscounts(term map[string]xmlValue, issued, due time.Time) []domain.Discount {
	f := doc.schema.termFields
	var ds []domain.Discount
	if v, ok := term[f.percent]; ok {
		until := doc.termDate(term, f.until, domain.FieldDiscount)
		if until.IsZero() {
			base := doc.termDate(term, f.basisDate, domain.FieldDiscount)
			if base.IsZero() {
				base = issued
			}
			if p, ok := term[f.periodDays]; ok && !base.IsZero() {
				days, err := strconv.Atoi(p.text)
				if u := p.attr("unitCode"); err == nil && (u == "" || u == "DAY") && days >= 0 && days < 3650 {
					until = base.AddDate(0, 0, days)
				}
			}
		}
		if until.IsZero() {
			until = due
		}
		if d, ok := doc.discount(v, v.text, until); ok {
			ds = append(ds, d)
		}
	}
	if v, ok := term[f.note]; ok {
		for _, m := range skontoNote.FindAllStringSubmatch(v.text, -1) {
			days, _ := strconv.Atoi(m[1])
			if issued.IsZero() {
				doc.warn(v.line, domain.FieldDiscount, domain.Say("import.discount.no_issue_date", m[0]))
				continue
			}
			if d, ok := doc.discount(v, m[2], issued.AddDate(0, 0, days)); ok {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

func (doc *xmlDoc) discount(v xmlValue, rate string, until time.Time) (domain.Discount, bool) {
	h, err := parseHundredths(rate)
	switch {
	case err != nil:
		doc.warn(v.line, domain.FieldDiscount, domain.Say("import.discount.left_out", textOf(err)))
		return domain.Discount{}, false
	case h == 0:
		return domain.Discount{}, false // "0 % discount" is no discount
	case until.IsZero():
		doc.warn(v.line, domain.FieldDiscount, domain.Say("import.discount.no_last_day", rate))
		return domain.Discount{}, false
	}
	return domain.Discount{Hundredths: h, Until: until}, true
}

// parseHundredths reads a percentage such as "2", "2.5" or "2.00" as
// hundredths of a percent.
func parseHundredths(s string) (int, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	frac = strings.TrimRight(frac, "0")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || len(frac) > 2 || len(whole) > 2 {
		return 0, refuse("import.discount.rate", s)
	}
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	return w*100 + f, nil
}
