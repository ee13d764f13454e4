// Command gencsv writes a large invoice export for the benchmarks: a CSV
// with paydesk's English column names whose rows look like a real book
// (customers from several countries, mixed currencies, partly paid
// invoices, credit notes, due dates in the past and the future). The same
// seed always gives the same file.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"
)

func main() {
	rows := flag.Int("rows", 100_000, "number of invoice rows")
	out := flag.String("out", "-", "file to write (- for stdout)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := run(*out, *rows, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
}

func run(path string, rows int, seed uint64) error {
	if rows < 1 {
		return fmt.Errorf("-rows must be at least 1, not %d", rows)
	}
	if path == "-" {
		return generate(os.Stdout, rows, seed)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := generate(f, rows, seed); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func generate(w io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	write(bw, rows, seed)
	return bw.Flush()
}

// currency is a currency with the share of rows that use it and the
// range of its totals in major units.
type currency struct {
	code     string
	decimals int
	weight   int
	min, max int64
}

// Most of a European book is in euros. Only currencies Mollie takes: an
// import with any other is refused as a whole.
var currencies = []currency{
	{"EUR", 2, 71, 15, 25_000},
	{"GBP", 2, 8, 15, 20_000},
	{"USD", 2, 7, 15, 30_000},
	{"CHF", 2, 5, 20, 20_000},
	{"SEK", 2, 3, 150, 200_000},
	{"PLN", 2, 2, 60, 90_000},
	{"DKK", 2, 2, 100, 150_000},
	{"JPY", 0, 2, 2_000, 3_000_000},
}

var (
	firstParts = []string{"Bakkerij", "Schreinerei", "Brasserie", "Fietsenmakerij", "Hotel", "Café", "Groothandel",
		"Atelier", "Tandartspraktijk", "Autohaus", "Boulangerie", "Drukkerij", "Kanzlei", "Studio", "Garage", "Apotheke"}
	lastParts = []string{"Van der Linden", "Hofmann", "Le Marronnier", "De Spaak", "Oranje", "Müller & Söhne", "Zonneveld",
		"Janssens", "Peeters", "Dubois", "Schäfer", "De Vries", "Bakker", "O'Brien", "Nordlicht", "Smit"}
	legal = []string{"B.V.", "GmbH", "SARL", "Ltd", "AG", "bvba", "", "", "V.O.F.", "e.K."}
	tlds  = []string{"nl", "de", "be", "fr", "co.uk", "ch", "se", "com"}
)

// write emits the header and rows invoices; errors surface at Flush.
func write(w *bufio.Writer, rows int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x696e766f69636573))
	total := 0
	for _, c := range currencies {
		total += c.weight
	}
	start := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	w.WriteString("number,customer,email,currency,total,paid,issue date,due date,kind\n")
	for i := range rows {
		c := pick(rng, total)
		name := fmt.Sprintf("%s %s", firstParts[rng.IntN(len(firstParts))], lastParts[rng.IntN(len(lastParts))])
		if l := legal[rng.IntN(len(legal))]; l != "" {
			name += " " + l
		}
		if rng.IntN(10) == 0 {
			name += ", " + []string{"Filiale Nord", "afd. Inkoop", "Accounts Payable", "Zweigstelle Süd"}[rng.IntN(4)]
		}
		email := fmt.Sprintf("%s@%s.%s", []string{"billing", "administratie", "buchhaltung", "compta", "ap"}[rng.IntN(5)],
			slug(name), tlds[rng.IntN(len(tlds))])
		scale := int64(1)
		for range c.decimals {
			scale *= 10
		}
		minor := (c.min + rng.Int64N(c.max-c.min)) * scale
		if c.decimals > 0 {
			minor += rng.Int64N(scale)
		}
		paid := ""
		kind := "invoice"
		switch r := rng.IntN(100); {
		case r < 2:
			kind = "credit note"
		case r < 12:
			paid = amount(minor*int64(1+rng.IntN(3))/4, c.decimals)
		}
		issue := start.AddDate(0, 0, i*730/rows)
		due := issue.AddDate(0, 0, []int{14, 30, 30, 45, 60}[rng.IntN(5)])
		fmt.Fprintf(w, "INV-%07d,%s,%s,%s,%s,%s,%s,%s,%s\n", i+1, csvField(name), email, c.code, amount(minor, c.decimals), paid,
			issue.Format(time.DateOnly), due.Format(time.DateOnly), kind)
	}
}

func pick(rng *rand.Rand, total int) currency {
	n := rng.IntN(total)
	for _, c := range currencies {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return currencies[0]
}

// amount writes minor units with a point before the decimals, the form
// every paydesk import reads without doubt.
func amount(minor int64, decimals int) string {
	if decimals == 0 {
		return fmt.Sprint(minor)
	}
	return fmt.Sprintf("%d.%02d", minor/100, minor%100)
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// slug makes a mail domain out of a company name.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'é':
			b.WriteRune('e')
		}
		if b.Len() >= 24 {
			break
		}
	}
	return b.String()
}
