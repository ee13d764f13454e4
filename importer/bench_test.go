package importer

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseCSV100k parses an export of 100,000 invoices in the German
// form: semicolons, comma decimals with grouping, dd.mm.yyyy dates.
func BenchmarkParseCSV100k(b *testing.B) {
	const rows = 100_000
	var sb strings.Builder
	sb.WriteString("Rechnungsnummer;Kunde;E-Mail;Währung;Betrag;Bezahlt;Rechnungsdatum;Fälligkeitsdatum\n")
	for i := range rows {
		fmt.Fprintf(&sb, "2026-%06d;\"Kunde %d GmbH; Niederlassung Nord\";buchhaltung%d@example.de;EUR;%d.%03d,%02d;%d,00;%02d.11.2026;%02d.12.2026\n",
			i, i, i, 1+i%9, i%1000, i%100, i%50, 1+i%28, 1+i%28)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		invs, err := Parse("bench.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(invs) != rows {
			b.Fatalf("got %d invoices", len(invs))
		}
	}
}
