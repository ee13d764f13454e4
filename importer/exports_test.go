package importer

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// TestToolExports reads an export of each invoicing tool, laid out as the
// tool writes it (header titles, delimiter, decimals, dates, encoding).
func TestToolExports(t *testing.T) {
	inv, cn := domain.KindInvoice, domain.KindCreditNote
	tests := []struct {
		file, format string
		want         []want
	}{
		{"invoiceninja.csv", "Invoice Ninja (UTF-8, separated by ',')", []want{
			{"0042", "Acme Corporation", "USD", 125000, 25000, 100000, "2026-12-02", inv, ""},
			{"0043", "Globex Ltd", "USD", 8950, 0, 8950, "2026-12-05", inv, ""}}},
		// One row per invoice line: INV-0107 is one invoice.
		{"xero.csv", "Xero", []want{
			{"INV-0107", "Brightside Bakery", "GBP", 54000, 10000, 44000, "2026-12-13", inv, ""},
			{"CN-0012", "Northwind Traders", "GBP", 6000, 0, 6000, "", cn, ""}}},
		// A report with a title above the header, US dates, (150.00).
		{"quickbooks.csv", "QuickBooks", []want{
			{"1038", "Amy's Bird Sanctuary", "EUR", 127500, 25000, 102500, "2026-12-03", inv, ""},
			{"1039", "Bill's Windsurf Shop", "EUR", 8500, 0, 8500, "2026-12-17", inv, ""},
			{"1040", "Cool Cars", "EUR", 15000, 0, 15000, "2026-12-18", cn, ""}}},
		{"zoho-invoice.csv", "Zoho Invoice", []want{
			{"INV-000021", "Zylker Design Studio", "EUR", 119000, 50000, 69000, "2026-11-19", inv, ""},
			{"INV-000022", "Hopper & Co", "EUR", 42840, 0, 42840, "2026-11-21", inv, ""}}},
		{"moneybird.csv", "Moneybird (UTF-8, separated by ';')", []want{
			{"2026-0311", "Bakkerij De Gouden Korst", "EUR", 151250, 0, 151250, "2026-11-18", inv, ""},
			{"2026-0312", "Fietsenmaker Jansen", "EUR", 24200, 20000, 4200, "2026-11-19", inv, ""}}},
		{"exact-online.csv", "Exact Online (Windows-1252", []want{
			{"25100017", "Café Zonneveld", "EUR", 108900, 0, 108900, "2026-12-03", inv, ""},
			{"25100018", "Groothandel Peters", "EUR", 21000, 0, 21000, "2026-12-04", cn, ""}}},
		{"lexoffice.csv", "lexoffice (UTF-8", []want{
			{"RE1027", "Weinhandlung Berger KG", "EUR", 119000, 0, 119000, "2026-11-16", inv, ""},
			{"RE1028", "Schreinerei Vogel", "EUR", 11900, 0, 11900, "2026-11-17", cn, ""}}},
		{"sevdesk.csv", "sevDesk (Latin-1", []want{
			{"RE-2026-1001", "Müller & Söhne GmbH", "EUR", 29750, 20000, 9750, "2026-12-02", inv, ""},
			{"GS-2026-0004", "Bäckerei Hofmann", "EUR", 5950, 0, 5950, "", cn, ""}}},
		{"wefact.csv", "WeFact (UTF-8, separated by ';')", []want{
			{"F2026-0088", "Hotel Oranje B.V.", "EUR", 61575, 0, 61575, "2026-11-20", inv, ""},
			{"F2026-0089", "Jachthaven Noord", "EUR", 9801, 9801, 0, "2026-11-21", inv, ""}}},
		{"excel-unicode.txt", "CSV (UTF-16LE, separated by a tab)", []want{
			{"US-3001", "Alpine Ski Rentals", "USD", 240000, 40000, 200000, "2026-12-20", inv, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "exports", tt.file)
			res, err := Read([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Invoices) != len(tt.want) {
				t.Fatalf("got %d invoices, want %d: %+v", len(res.Invoices), len(tt.want), res.Invoices)
			}
			for i, w := range tt.want {
				w.check(t, res.Invoices[i])
			}
			if f := res.Files[0]; !strings.Contains(english.Text(f.Format), tt.format) || len(f.Mapping) < 3 {
				t.Errorf("format %q (want it to contain %q), mapping %v", english.Text(f.Format), tt.format, f.Mapping)
			}
		})
	}
}

func TestAmbiguousDatesNeedDateOrder(t *testing.T) {
	text := "Invoice Number,Customer,Invoice Date,Due Date,Total\n" +
		"A-1,Acme,03/04/2026,05/04/2026,10.00\n" +
		"A-2,Acme,04/04/2026,06/04/2026,20.00\n"
	probs := problemsOf(t, "us.csv", text)
	wantProblems(t, probs, `us.csv:2: date: "03/04/2026" in the column "Invoice Date" could be day/month or month/day`)
	if !strings.Contains(message(probs[0]), "--date-order") {
		t.Errorf("the message does not name --date-order: %s", message(probs[0]))
	}
	for order, due := range map[string]string{MonthFirst: "2026-05-04", DayFirst: "2026-04-05"} {
		res, err := ReadData("us.csv", []byte(text), Options{DateOrder: order})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Invoices[0].DueDate.Format("2006-01-02"); got != due {
			t.Errorf("%s: due %s, want %s", order, got, due)
		}
	}
	mixed := "number,customer,date,total\nA-1,Acme,25/03/2026,1.00\nA-2,Acme,03/25/2026,1.00\n"
	wantProblems(t, problemsOf(t, "mixed.csv", mixed),
		`mixed.csv:3: date: "03/25/2026" puts the month first but "25/03/2026" at line 2 puts the day first`,
		`mixed.csv:3: issue date: "03/25/2026" is not a date`)
}

// Rows whose dates read the same in either order are read before the
// order is settled; the rows after them still wait for the whole column,
// and what is wrong with the order is said before what is wrong in a row.
func TestDateOrderSettledAfterRowsReadAlready(t *testing.T) {
	text := "number,customer,date,total\nA-1,Acme,2026-03-01,1.00\nA-2,Acme,04/05/2026,1.00\nA-3,Acme,01.02.2026,1.00\nA-4,Acme,03/25/2026,1.00\n"
	invs := mustParse(t, "us.csv", text)
	want := []string{"2026-03-01", "2026-04-05", "2026-02-01", "2026-03-25"}
	if len(invs) != len(want) {
		t.Fatalf("got %d invoices, want %d", len(invs), len(want))
	}
	for i, inv := range invs {
		if got := inv.IssueDate.Format(time.DateOnly); got != want[i] {
			t.Errorf("%s issued %s, want %s", inv.Number, got, want[i])
		}
	}
	bad := "number,customer,date,total\nA-1,Acme,2026-03-01,x\nA-2,Acme,25/03/2026,1.00\nA-3,Acme,03/25/2026,y\n"
	wantProblems(t, problemsOf(t, "bad.csv", bad),
		`bad.csv:4: date: "03/25/2026" puts the month first but "25/03/2026" at line 3 puts the day first`,
		`bad.csv:2: total: "x"`,
		`bad.csv:4: issue date: "03/25/2026" is not a date`,
		`bad.csv:4: total: "y"`)
}

// A file is read a second time only from a row whose dates wait for the
// order, and never when --date-order gives it.
func TestDateOrderGivenReadsOnce(t *testing.T) {
	text := []byte("number,customer,date,total\nA-1,Acme,2026-03-01,1.00\nA-2,Acme,04/05/2026,1.00\nA-3,Acme,05/25/2026,1.00\n")
	read := func(order string) (int, string) {
		src := bytesSource(text)
		opens, open := 0, src.open
		src.open = func() (io.ReadCloser, error) { opens++; return open() }
		r := newRun(Options{DateOrder: order}, keepAll)
		parseCSV(r, "us.csv", src)
		res, err := r.result()
		if err != nil || len(res.Invoices) != 3 {
			t.Fatalf("order %q: %v", order, err)
		}
		return opens, res.Invoices[1].IssueDate.Format(time.DateOnly)
	}
	settledOpens, settledDate := read("")
	givenOpens, givenDate := read(MonthFirst)
	if settledDate != "2026-04-05" || givenDate != "2026-04-05" {
		t.Errorf("A-2 issued %s when the file settles the order, %s by --date-order mdy", settledDate, givenDate)
	}
	if givenOpens != settledOpens-1 {
		t.Errorf("the file was opened %d times with --date-order, %d without: want one reading less", givenOpens, settledOpens)
	}
}

func TestNegativeAmountsAsAccountantsWriteThem(t *testing.T) {
	for _, amount := range []string{"(100.00)", "100.00-", "\"(1,00)\"", "-100.00"} {
		text := "number,customer,total\nC-1,Acme," + amount + "\n"
		inv := mustParse(t, "c.csv", text)[0]
		if inv.Kind != domain.KindCreditNote || !inv.Total.IsPositive() {
			t.Errorf("%s: kind %s total %v", amount, inv.Kind, inv.Total)
		}
	}
}

func TestOpenAmountDisagreeingWithPaid(t *testing.T) {
	probs := problemsOf(t, "o.csv", "number,customer,total,paid,balance\nA-1,Acme,100.00,30.00,50.00\n")
	wantProblems(t, probs, "o.csv:2: outstanding: 50.00 is open but the total 100.00 less the paid 30.00 leaves 70.00")
}

func TestMapNamesColumnsByHand(t *testing.T) {
	text := "Beleg;Auftraggeber;Endsumme;Eingang;Datum\nB-77;Kanzlei Roth;1.190,00;190,00;15.11.2026\n"
	wantProblems(t, problemsOf(t, "own.csv", text), "own.csv:1: number: the header has no number column",
		"own.csv:1: customer: the header has no customer column", "own.csv:1: total: the header has no total column")

	m, err := ParseMap("number=Beleg, customer=Auftraggeber,total=Endsumme,paid=Eingang")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadData("own.csv", []byte(text), Options{Map: m})
	if err != nil {
		t.Fatal(err)
	}
	want{"B-77", "Kanzlei Roth", "EUR", 119000, 19000, 100000, "", domain.KindInvoice, ""}.check(t, res.Invoices[0])
	if res.Invoices[0].IssueDate != date(2026, 11, 15) {
		t.Errorf("the Datum column was not read beside the map: %v", res.Invoices[0].IssueDate)
	}
	if res.Files[0].Header != "beleg,auftraggeber,endsumme,eingang,datum" {
		t.Errorf("header set %q", res.Files[0].Header)
	}

	// A mapping remembered for the header set is used without --map.
	remembered := func(set string) map[string]string {
		if set == res.Files[0].Header {
			return m
		}
		return nil
	}
	res, err = ReadData("own.csv", []byte(text), Options{Remembered: remembered})
	if err != nil || res.Invoices[0].Number != "B-77" {
		t.Fatalf("remembered mapping: %v %+v", err, res)
	}

	bad := map[string]string{"number": "Belegnummer"}
	probs := refused(t, nil, func() error { _, err := ReadData("own.csv", []byte(text), Options{Map: bad}); return err }())
	if !strings.Contains(message(probs[0]), `--map puts the number in the column "Belegnummer", but the header has no such column`) {
		t.Errorf("problems %v", problemLines(probs))
	}
	for _, s := range []string{"", "number", "amount=Summe", "number=A,number=B"} {
		if _, err := ParseMap(s); err == nil {
			t.Errorf("ParseMap(%q) accepted it", s)
		}
	}
	if got := FormatMap(m); got != "number=Beleg,customer=Auftraggeber,total=Endsumme,paid=Eingang" {
		t.Errorf("FormatMap = %q", got)
	}
}
