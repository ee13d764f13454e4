package main

import (
	"strconv"
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/spf13/cobra"
)

// bucketNames are the ageing buckets as --json names them.
var bucketNames = [domain.AgeBuckets]string{"not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_over_90"}

type summaryJSON struct {
	At         *string               `json:"at"`
	Mode       string                `json:"mode"`
	OpenLinks  int                   `json:"open_links"`
	Currencies []currencySummaryJSON `json:"currencies"`
}

type currencySummaryJSON struct {
	Currency string       `json:"currency"`
	Owed     moneyJSON    `json:"owed"`
	Invoices int          `json:"invoices"`
	Ageing   []ageingJSON `json:"ageing"`
	Received receivedJSON `json:"received"`
}

type ageingJSON struct {
	Bucket   string    `json:"bucket"`
	Owed     moneyJSON `json:"owed"`
	Invoices int       `json:"invoices"`
}

type receivedJSON struct {
	Today     moneyJSON `json:"today"`
	ThisWeek  moneyJSON `json:"this_week"`
	ThisMonth moneyJSON `json:"this_month"`
}

func newSummaryJSON(r domain.Receivables) summaryJSON {
	j := summaryJSON{At: momentJSON(r.At), Mode: string(r.Mode), OpenLinks: r.OpenLinks, Currencies: []currencySummaryJSON{}}
	for _, c := range r.Currencies {
		cj := currencySummaryJSON{Currency: c.Currency, Owed: moneyOr(c.TotalOwed(), c.Currency), Ageing: []ageingJSON{},
			Received: receivedJSON{
				Today:     moneyOr(c.Received[domain.ReceivedToday], c.Currency),
				ThisWeek:  moneyOr(c.Received[domain.ReceivedThisWeek], c.Currency),
				ThisMonth: moneyOr(c.Received[domain.ReceivedThisMonth], c.Currency),
			}}
		for b, owed := range c.Owed {
			cj.Invoices += c.Invoices[b]
			cj.Ageing = append(cj.Ageing, ageingJSON{Bucket: bucketNames[b], Owed: moneyOr(owed, c.Currency), Invoices: c.Invoices[b]})
		}
		j.Currencies = append(j.Currencies, cj)
	}
	return j
}

func newSummaryCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "summary",
		Example: "  paydesk summary\n  paydesk summary --json | jq '.currencies[] | {currency, owed}'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.read(cmd, func(s *session) error {
				r, err := s.svc.Receivables(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return s.out.json(newSummaryJSON(r))
				}
				printSummary(s.out, r)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "")
	return cmd
}

// summaryBar is the width of the longest bar.
const summaryBar = 24

func printSummary(o *output, r domain.Receivables) {
	o.printf("%s  (%s)\n", o.bold.Render(o.p.T("cli.summary.title", o.p.Date(r.At))), modeBadge(o, r.Mode))
	if len(r.Currencies) == 0 {
		o.println("\n" + o.p.T("cli.summary.empty"))
	}
	for _, c := range r.Currencies {
		o.println()
		t := &table{header: append([]string{c.Currency}, append(o.headers("cli.summary.col.", "owed", "invoices"), "")...), right: map[int]bool{1: true, 2: true}}
		var most int64
		for _, m := range c.Owed {
			most = max(most, m.Minor)
		}
		for b, owed := range c.Owed {
			bar := ""
			if most > 0 && owed.Minor > 0 {
				bar = strings.Repeat("█", barWidth(owed.Minor, most, summaryBar))
			}
			if domain.AgeBucket(b) > domain.NotYetDue && bar != "" {
				bar = o.bad.Render(bar)
			}
			t.add(o.p.T("cli.summary.bucket."+bucketNames[b]), o.p.Amount(owed), strconv.Itoa(c.Invoices[b]), bar)
		}
		var n int
		for _, k := range c.Invoices {
			n += k
		}
		t.add(o.p.T("cli.summary.total"), o.bold.Render(o.p.Amount(c.TotalOwed())), strconv.Itoa(n), "")
		o.table(t)
		o.println(o.p.T("cli.summary.received",
			o.p.Money(c.Received[domain.ReceivedToday]), o.p.Money(c.Received[domain.ReceivedThisWeek]), o.p.Money(c.Received[domain.ReceivedThisMonth])))
	}
	o.println()
	o.println(count(o.p, "cli.summary.open_links", r.OpenLinks))
}

// barWidth scales part of whole to at most width cells, at least one for
// anything above zero. The ratio is only a length on screen, so a float is
// fine here; amounts themselves stay integers.
func barWidth(part, whole int64, width int) int {
	if part <= 0 || whole <= 0 {
		return 0
	}
	return max(1, int(float64(part)/float64(whole)*float64(width)+0.5))
}
