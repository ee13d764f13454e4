package importer

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCSVDelimiters(t *testing.T) {
	rows := [][]string{
		{"number", "customer", "email", "currency", "total", "paid", "issue date", "due date"},
		{"2026-0101", "Bakkerij De Gouden Korst", "admin@goudenkorst.nl", "EUR", "1250.00", "250.00", "2026-11-02", "2026-12-02"},
		{"2026-0102", "Schreinerei Vogel", "", "EUR", "89.5", "", "2026-11-03", ""},
	}
	for name, delim := range map[string]string{"comma": ",", "semicolon": ";", "tab": "\t"} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			for _, r := range rows {
				b.WriteString(strings.Join(r, delim) + "\n")
			}
			invs := mustParse(t, "export.csv", b.String())
			if len(invs) != 2 {
				t.Fatalf("got %d invoices, want 2", len(invs))
			}
			first := invs[0]
			want := domain.Invoice{
				Number: "2026-0101", Customer: "Bakkerij De Gouden Korst", Email: "admin@goudenkorst.nl", Currency: "EUR",
				Total: eur(125000), PaidOutside: eur(25000), IssueDate: date(2026, 11, 2), DueDate: date(2026, 12, 2),
				Kind: domain.KindInvoice, SourceFile: "export.csv", SourceLine: 2,
			}
			if !reflect.DeepEqual(first, want) {
				t.Errorf("first invoice:\n got %+v\nwant %+v", first, want)
			}
			second := invs[1]
			if second.Total != eur(8950) || !second.PaidOutside.IsZero() || !second.DueDate.IsZero() || second.SourceLine != 3 {
				t.Errorf("second invoice: %+v", second)
			}
		})
	}
}

func TestCSVByteOrderMark(t *testing.T) {
	invs := mustParse(t, "bom.csv", "\uFEFFNumber;Customer;Total\r\nA-1;Café Noir;12,50\r\n")
	if len(invs) != 1 || invs[0].Number != "A-1" || invs[0].Total != eur(1250) || invs[0].Currency != "EUR" {
		t.Fatalf("got %+v", invs)
	}
}

func TestCSVQuotedFields(t *testing.T) {
	text := "number;customer;total;issue date\n" +
		"\"2026-0101\";\"Müller; Söhne GmbH\";\"1.234,56\";26.11.2026\n" +
		"2026-0102;\"Studio \"\"Licht\"\"\nAfdeling Noord\";99,00;27.11.2026\n" +
		"2026-0103;Plain;10,00;28.11.2026\n"
	invs := mustParse(t, "quoted.csv", text)
	if len(invs) != 3 {
		t.Fatalf("got %d invoices", len(invs))
	}
	if invs[0].Customer != "Müller; Söhne GmbH" || invs[0].Total != eur(123456) {
		t.Errorf("first: %+v", invs[0])
	}
	if invs[1].Customer != "Studio \"Licht\" Afdeling Noord" || invs[1].SourceLine != 3 {
		t.Errorf("second: %q at line %d", invs[1].Customer, invs[1].SourceLine)
	}
	if invs[2].SourceLine != 5 {
		t.Errorf("the row after a two-line record is at line %d, want 5", invs[2].SourceLine)
	}
}

func TestCSVGermanHeaders(t *testing.T) {
	text := "Rechnungsnr.;Kunde;E-Mail;Währung;Gesamtbetrag;Bezahlt;Rechnungsdatum;Fälligkeitsdatum;Art\n" +
		"RE-2026-311;Weinhandlung Berger KG;buchhaltung@berger-wein.de;EUR;2.380,00;1.000,00;01.11.2026;01.12.2026;Rechnung\n" +
		"RE-2026-312;Praxis Dr. Schulz;;EUR;-119,00;;15.11.2026;;Gutschrift\n" +
		"RE-2026-313;Zahnarztpraxis Lang;;CHF;540,5;;15.11.2026;15/12/2026;\n"
	invs := mustParse(t, "rechnungen.csv", text)
	if len(invs) != 3 {
		t.Fatalf("got %d invoices", len(invs))
	}
	a := invs[0]
	if a.Number != "RE-2026-311" || a.Total != eur(238000) || a.PaidOutside != eur(100000) ||
		a.IssueDate != date(2026, 11, 1) || a.DueDate != date(2026, 12, 1) || a.Email != "buchhaltung@berger-wein.de" {
		t.Errorf("first: %+v", a)
	}
	b := invs[1]
	if b.Kind != domain.KindCreditNote || b.Total != eur(11900) || !b.PaidOutside.IsZero() || b.Payable(domain.ModeLive) {
		t.Errorf("credit note: %+v", b)
	}
	c := invs[2]
	if c.Currency != "CHF" || c.Total != domain.NewMoney(54050, "CHF") || c.DueDate != date(2026, 12, 15) {
		t.Errorf("third: %+v", c)
	}
}

func TestCSVDutchHeaders(t *testing.T) {
	text := "Factuurnummer,Klant,E-mailadres,Valuta,Bedrag,Betaald,Factuurdatum,Vervaldatum,Soort\n" +
		"F2026-044,Fietsenmaker Jansen,info@jansenfietsen.nl,EUR,\"1.089,00\",,02-11-2026,02-12-2026,factuur\n" +
		"F2026-045,Bloemenhuis Flora,,EUR,\"45,00\",,03-11-2026,,creditnota\n"
	invs := mustParse(t, "facturen.csv", text)
	if len(invs) != 2 {
		t.Fatalf("got %d invoices", len(invs))
	}
	if invs[0].Total != eur(108900) || invs[0].IssueDate != date(2026, 11, 2) || invs[0].Email != "info@jansenfietsen.nl" {
		t.Errorf("first: %+v", invs[0])
	}
	if invs[1].Kind != domain.KindCreditNote || invs[1].Total != eur(4500) {
		t.Errorf("creditnota: %+v", invs[1])
	}
}

func TestCSVCurrency(t *testing.T) {
	invs := mustParse(t, "a.csv", "number,customer,total\nX1,Acme,10.00\n")
	if invs[0].Currency != "EUR" || invs[0].Total.Currency != "EUR" {
		t.Errorf("an absent currency column means EUR, got %+v", invs[0])
	}
	invs = mustParse(t, "jpy.csv", "number,customer,currency,total\nJ1,Tanaka Shoten,jpy,185000\nJ2,Tanaka Shoten,JPY,¥ 1500\n")
	if invs[0].Total != domain.NewMoney(185000, "JPY") || invs[1].Total != domain.NewMoney(1500, "JPY") {
		t.Errorf("yen: %+v %+v", invs[0].Total, invs[1].Total)
	}
	probs := problemsOf(t, "b.csv", "number,customer,currency,total\nX1,Acme,,10.00\nX2,Acme,Euro,10.00\n")
	wantProblems(t, probs, "b.csv:2: currency: is empty", `b.csv:3: currency: "Euro" is not`)
}

func TestCSVCurrencySymbols(t *testing.T) {
	invs := mustParse(t, "s.csv", "number;customer;currency;total;paid\nA;X;EUR;€ 1.234,56;-0\nB;Y;GBP;-£12.50;\nC;Z;USD;99.00 USD;\n")
	if invs[0].Total != eur(123456) {
		t.Errorf("euro sign: %v", invs[0].Total)
	}
	if invs[1].Total != domain.NewMoney(1250, "GBP") || invs[1].Kind != domain.KindCreditNote {
		t.Errorf("pound credit: %+v", invs[1])
	}
	if invs[2].Total != domain.NewMoney(9900, "USD") {
		t.Errorf("USD code: %v", invs[2].Total)
	}
	probs := problemsOf(t, "s.csv", "number;customer;currency;total\nA;X;EUR;$ 12.00\n")
	wantProblems(t, probs, `s.csv:2: total: "$ 12.00" contains "$"`)
}

func TestCSVCreditNotes(t *testing.T) {
	text := "number,customer,total,paid,kind\n" +
		"C1,Acme,-50.00,-20.00,\n" + // negative: a credit note, paid follows the sign
		"C2,Acme,50.00,,credit note\n" +
		"C3,Acme,50.00,,credit_note\n" +
		"C4,Acme,50.00,,Credit-Note\n"
	invs := mustParse(t, "c.csv", text)
	for _, inv := range invs {
		if inv.Kind != domain.KindCreditNote || inv.Total != eur(5000) {
			t.Errorf("%s: kind %s total %v", inv.Number, inv.Kind, inv.Total)
		}
	}
	if invs[0].PaidOutside != eur(2000) || invs[0].Outstanding(domain.ModeLive) != eur(3000) {
		t.Errorf("C1 paid %v", invs[0].PaidOutside)
	}
	probs := problemsOf(t, "c.csv", "number,customer,total,paid,kind\nC5,Acme,-50.00,20.00,\nC6,Acme,50.00,-5.00,\nC7,Acme,50.00,,refund\n")
	wantProblems(t, probs,
		"c.csv:2: paid: 20.00 is positive but the total -50.00 is negative",
		"c.csv:3: paid: -5.00 is negative",
		`c.csv:4: kind: "refund" is neither an invoice nor a credit note`)
}

func TestCSVDates(t *testing.T) {
	text := "number,customer,total,date,due\n" +
		"D1,X,1.00,2026-11-26,26.12.2026\n" +
		"D2,X,1.00,26-11-2026,26/12/2026\n" +
		"D3,X,1.00,1.2.2026,2026-03-01 00:00:00\n"
	invs := mustParse(t, "d.csv", text)
	for _, inv := range invs[:2] {
		if inv.IssueDate != date(2026, 11, 26) || inv.DueDate != date(2026, 12, 26) {
			t.Errorf("%s: %v %v", inv.Number, inv.IssueDate, inv.DueDate)
		}
	}
	if invs[2].IssueDate != date(2026, 2, 1) || invs[2].DueDate != date(2026, 3, 1) {
		t.Errorf("D3: %v %v", invs[2].IssueDate, invs[2].DueDate)
	}
	probs := problemsOf(t, "d.csv", "number,customer,total,date,due\nD4,X,1.00,11/26/2026,\nD5,X,1.00,26.11.26,\nD6,X,1.00,0001-01-01,\nD7,X,1.00,2026-11-26,2026-11-01\n")
	wantProblems(t, probs,
		`d.csv:3: issue date: "26.11.26" is not a date`,
		`d.csv:4: issue date: "0001-01-01": the year 1 is not a plausible invoice year`)

	// A due date before the issue date is the document's word: a warning.
	res, err := ReadData("d.csv", []byte("number,customer,total,date,due\nD7,X,1.00,2026-11-26,2026-11-01\n"), Options{})
	if err != nil || len(res.Invoices) != 1 || res.Invoices[0].DueDate != date(2026, 11, 1) {
		t.Fatalf("due before issue: %v, %+v", err, res)
	}
	wantProblems(t, res.Warnings, "d.csv:2: due date: 2026-11-01 is before the issue date 2026-11-26; the document's date is kept")
}

func TestCSVMissingColumns(t *testing.T) {
	probs := problemsOf(t, "m.csv", "number,customer,email\nA,B,c@d.nl\nE,F,\n")
	wantProblems(t, probs, "m.csv:1: total: the header has no total column; call it total, Betrag or bedrag")

	probs = problemsOf(t, "m.csv", "Betrag\n12,00\n")
	wantProblems(t, probs, "m.csv:1: number: the header has no number column", "m.csv:1: customer: the header has no customer column")

	probs = problemsOf(t, "m.csv", "A-1;Acme;12,00\nA-2;Acme;13,00\n")
	wantProblems(t, probs, `m.csv:1: this line should name the columns, but none of ["A-1" "Acme" "12,00"] is known`)

	probs = problemsOf(t, "m.csv", "number;customer;amount;total\nA;B;1;2\n")
	wantProblems(t, probs, `m.csv:1: total: both the columns "amount" and "total" could hold the total`)
}

func TestCSVEveryBadRowIsReported(t *testing.T) {
	text := "number;customer;email;currency;total;paid;issue date;due date\n" + // 1
		"2026-0101;Acme;;EUR;100,00;;2026-11-01;2026-12-01\n" + // 2 fine
		";Acme;;EUR;100,00;;;\n" + // 3 no number
		"\n" + // 4 blank
		"2026-0103;;not-an-email;EUR;abc;x;2026-13-01;\n" + // 5 many problems
		";;;;;;;\n" + // 6 a row of empty cells counts as blank
		"2026-0105;Acme;;EUR;1.234;;;\n" + // 7 ambiguous
		"2026-0106;Acme;;EUR;10,00\n" + // 8 too few fields
		"2026-0101;Acme;;EUR;10,00;;;\n" // 9 duplicate of line 2
	probs := problemsOf(t, "bad.csv", text)
	wantProblems(t, probs,
		"bad.csv:3: number: The invoice number is empty",
		"bad.csv:5: customer: is empty",
		`bad.csv:5: email: "not-an-email" is not an e-mail address`,
		`bad.csv:5: issue date: "2026-13-01" is not a date`,
		`bad.csv:5: total: "abc" contains "a"`,
		`bad.csv:5: paid: "x" contains "x"`,
		`bad.csv:7: total: "1.234" is ambiguous`,
		"bad.csv:8: has 5 fields but the header has 8; a value that contains ';' must be put in double quotes",
		"bad.csv:9: number: 2026-0101 appears twice and the two disagree (total 10.00 here, 100.00 there, due never here, 2026-12-01 there): it is already at bad.csv:2",
	)
}

// TestCSVLineSeven is the case a bookkeeper meets first: one mistyped amount
// keeps the whole file out and names the line.
func TestCSVLineSeven(t *testing.T) {
	text := "number,customer,total\n" +
		"2026-0101,Acme,10.00\n2026-0102,Acme,11.00\n2026-0103,Acme,12.00\n2026-0104,Acme,13.00\n2026-0105,Acme,14.00\n" +
		"2026-0106,Acme,15..00\n" +
		"2026-0107,Acme,16.00\n"
	invs, err := Parse("file.csv", []byte(text))
	if invs != nil {
		t.Errorf("imported %d invoices", len(invs))
	}
	if err == nil || !strings.Contains(err.Error(), "file.csv:7: total: ") {
		t.Fatalf("error %v does not point at file.csv:7: total", err)
	}
	probs := refused(t, invs, err)
	wantProblems(t, probs, `file.csv:7: total: "15..00" has misplaced thousands separators`)
	if !strings.HasPrefix(err.Error(), "import refused [1]\n") {
		t.Errorf("headline: %q", err.Error())
	}
}

func TestCSVRowShapes(t *testing.T) {
	invs := mustParse(t, "w.csv", "number,customer,total\n\nA,B,1.00,,\n\n\nC,D,2.00\n")
	if len(invs) != 2 || invs[0].SourceLine != 3 || invs[1].SourceLine != 6 {
		t.Fatalf("blank lines and trailing empty cells: %+v", invs)
	}
	probs := problemsOf(t, "w.csv", "number,customer,total\nA,B,1.00,extra\n")
	wantProblems(t, probs, "w.csv:2: has 4 fields but the header has 3; a value that contains ',' must be put in double quotes")
}

func TestCSVSyntaxErrors(t *testing.T) {
	probs := problemsOf(t, "q.csv", "number;customer;total\nA;Studio \"Licht\";1,00\nB;C;2,00\n")
	wantProblems(t, probs, "q.csv:2: column 10: a double quote inside a value that does not start with one")
	if !strings.HasSuffix(message(probs[0]), "the rest of the file was not read") {
		t.Errorf("message %q does not say the rest was not read", message(probs[0]))
	}
	probs = problemsOf(t, "q.csv", "number;customer;total\nA;B;1,00\nB;\"never closed;2,00\nC;D;3,00\n")
	wantProblems(t, probs, "q.csv:3: line 4, column 10: a quoted value is not closed properly")
}

func TestCSVExcelSeparatorLine(t *testing.T) {
	invs := mustParse(t, "excel.csv", "sep=;\r\nnumber;customer;total\r\nA, B;Acme, Inc.;1,50\r\n")
	if len(invs) != 1 || invs[0].Number != "A, B" || invs[0].Total != eur(150) || invs[0].SourceLine != 3 {
		t.Fatalf("got %+v", invs)
	}
}

func TestCSVOtherEncodings(t *testing.T) {
	tests := []struct {
		name, data, format string
	}{
		{"latin1.csv", "number;customer;total\nA;Acme;1,00\nB;M\xfcller;2,00\n", "Latin-1"},
		{"cp1252.csv", "number;customer;total\nA;Acme;\x801,00\nB;M\xfcller \x96 S\xf6hne;2,00\n", "Windows-1252"},
		{"utf16le.csv", "\xff\xfe" + utf16LE("number;customer;total\r\nA;Acme;1,00\r\nB;Müller;2,00\r\n"), "UTF-16LE"},
		{"utf16-nobom.csv", utf16LE("number;customer;total\nA;Acme;1,00\nB;Müller;2,00\n"), "UTF-16LE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadData(tt.name, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Invoices) != 2 || !strings.HasPrefix(res.Invoices[1].Customer, "Müller") || res.Invoices[1].Total != eur(200) {
				t.Fatalf("got %+v", res.Invoices)
			}
			if !strings.Contains(english.Text(res.Files[0].Format), tt.format) {
				t.Errorf("format %q does not name %s", english.Text(res.Files[0].Format), tt.format)
			}
		})
	}
	if got := mustParse(t, "cp1252.csv", tests[1].data)[1].Customer; got != "Müller – Söhne" {
		t.Errorf("Windows-1252 customer %q", got)
	}
}

// utf16LE writes s as UTF-16 little-endian without a byte order mark.
func utf16LE(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

func TestCSVEmptyFiles(t *testing.T) {
	wantProblems(t, problemsOf(t, "e.csv", ""), "e.csv:1: is empty")
	wantProblems(t, problemsOf(t, "e.csv", "\n\n"), "e.csv:1: is empty")
	wantProblems(t, problemsOf(t, "h.csv", "number,customer,total\n"), "h.csv:1: has a header but no invoices below it")
}
