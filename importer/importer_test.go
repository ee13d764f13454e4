package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

const goodCSV = "number;customer;total\n2026-0101;Acme;10,00\n2026-0102;Globex;20,00\n"

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFormatIsToldByContent(t *testing.T) {
	xmlDoc := creditNoteDoc("EUR", "<cbc:PayableAmount>5.00</cbc:PayableAmount>")
	if inv := mustParse(t, "export.csv", xmlDoc)[0]; inv.Number != "CN-2026-007" || inv.Kind != domain.KindCreditNote {
		t.Errorf("XML named .csv: %+v", inv)
	}
	if invs := mustParse(t, "invoice.xml", goodCSV); len(invs) != 2 || invs[1].Total != eur(2000) {
		t.Errorf("CSV named .xml: %+v", invs)
	}
	if invs := mustParse(t, "noextension", "\n  "+ciiDoc("380", "102", "0.004", "0", "2000.004", "2000")); invs[0].SourceLine != 3 {
		t.Errorf("CII after blank lines: root at line %d, want 3", invs[0].SourceLine)
	}
	wantProblems(t, problemsOf(t, "scan.csv", "%PDF-1.7\n..."), "scan.csv: cannot be read as a PDF (")
	wantProblems(t, problemsOf(t, "book.csv", "PK\x03\x04\x14\x00"), "book.csv: is a ZIP archive or an Excel workbook")
}

func TestParseFilesIsAllOrNothing(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.csv": goodCSV,
		"b.csv": "number,customer,total\n2026-0201,Initech,5.00\n2026-0202,Initech,five\n",
		"c.xml": creditNoteDoc("EUR", "<cbc:PayableAmount>1.001</cbc:PayableAmount>"),
		"d.xml": creditNoteDoc("EUR", "<cbc:PayableAmount>7.00</cbc:PayableAmount>"),
	})
	paths := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.xml"), filepath.Join(dir, "d.xml")}
	invs, err := ParseFiles(paths)
	probs := refused(t, invs, err)
	wantProblems(t, probs,
		paths[1]+`:3: total: "five" contains "f"`,
		paths[2]+`:22: total: PayableAmount "1.001" has more decimals than EUR allows (2)`,
		paths[3]+":3: number: CN-2026-007 appears twice: it is already at "+paths[2]+":3",
	)

	good := []string{paths[0], paths[3]}
	invs, err = ParseFiles(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 3 || invs[0].SourceFile != paths[0] || invs[2].SourceFile != paths[3] || invs[2].SourceLine != 3 {
		t.Errorf("got %+v", invs)
	}
}

func TestParseFilesDuplicatesAcrossFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"nov.csv":   goodCSV,
		"dec.csv":   "Rechnungsnummer;Kunde;Betrag\n2026-0301;Hooli;1,00\n2026-0102;Globex;21,00\n",
		"again.csv": "number,customer,total\n2026-0102,Globex,20.00\n",
	})
	nov, dec, again := filepath.Join(dir, "nov.csv"), filepath.Join(dir, "dec.csv"), filepath.Join(dir, "again.csv")
	invs, err := ParseFiles([]string{nov, dec})
	wantProblems(t, refused(t, invs, err), dec+":3: number: 2026-0102 appears twice and the two disagree (total 21.00 here, 20.00 there): it is already at "+nov+":3")

	// The same invoice in two files agreeing to the cent is one invoice.
	invs, err = ParseFiles([]string{nov, again})
	if err != nil || len(invs) != 2 || invs[1].SourceFile != nov {
		t.Errorf("an identical repeat: %v, %+v", err, invs)
	}
}

func TestParseFilesReportsUnreadableFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.csv": goodCSV})
	missing := filepath.Join(dir, "missing.csv")
	invs, err := ParseFiles([]string{filepath.Join(dir, "a.csv"), missing, dir})
	probs := refused(t, invs, err)
	wantProblems(t, probs, missing+": cannot be read: it does not exist", dir+": cannot be read: it is a folder, not a file")
	if !strings.Contains(err.Error(), "import refused [2]") {
		t.Errorf("headline: %v", err)
	}
}

// fixedDate reads what time.Parse reads for the two common forms, and
// leaves to it what it refuses.
func TestFixedDateAgreesWithTimeParse(t *testing.T) {
	cases := map[string][]string{
		"2006-1-2": {"2026-11-02", "2024-02-29", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "2026-1-020", "2026-+1-02", "2026-11x02"},
		"2.1.2006": {"02.11.2026", "29.02.2024", "29.02.2026", "31.04.2026", "00.01.2026", "01.13.2026", "1.1.20260", "01.01.-026", "01-01.2026"},
	}
	for layout, inputs := range cases {
		for _, s := range inputs {
			got, ok := fixedDate(s, layout)
			want, err := time.Parse(layout, s)
			if ok && (err != nil || !got.Equal(want)) {
				t.Errorf("fixedDate(%q) = %v, time.Parse: %v, %v", s, got, want, err)
			}
			if !ok && err == nil && (s == "2026-11-02" || s == "02.11.2026") {
				t.Errorf("fixedDate(%q) left a plain date to time.Parse", s)
			}
		}
	}
}
