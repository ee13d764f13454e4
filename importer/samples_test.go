package importer

import (
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// samplesDir holds every standard case of the KoSIT XRechnung test suite,
// copied unchanged with its licence.
const samplesDir = "testdata/xrechnung"

// payableAmount finds what a document says is due, without the importer.
var payableAmount = regexp.MustCompile(`<(?:cbc:PayableAmount|ram:DuePayableAmount)(?:\s[^>]*)?>\s*([^<]*?)\s*</`)

// minorUnits reads a decimal string as cents, independently of the domain.
func minorUnits(t *testing.T, s string) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a decimal", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		t.Fatalf("%q is not a whole number of cents", s)
	}
	return r.Num().Int64()
}

func TestSamplesImportWithTheirPayableAmount(t *testing.T) {
	checkSamples(t, samplesDir)
}

// checkSamples imports every XML file in dir alone and compares what is
// outstanding with what the document says is due.
func checkSamples(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample invoices in %s (err %v)", dir, err)
	}
	formats := map[string]int{}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := payableAmount.FindSubmatch(data)
			if m == nil {
				t.Fatal("the sample has no PayableAmount or DuePayableAmount")
			}
			want := domain.NewMoney(minorUnits(t, string(m[1])), "EUR")
			invs, err := Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(invs) != 1 {
				t.Fatalf("got %d invoices from one document", len(invs))
			}
			inv := invs[0]
			if got := inv.Outstanding(domain.ModeLive); got != want {
				t.Errorf("outstanding %v, the document says %v is due (total %v, prepaid %v)", got, want, inv.Total, inv.PaidOutside)
			}
			if inv.Number == "" || inv.Customer == "" || inv.IssueDate.IsZero() || inv.SourceFile != name || inv.SourceLine < 1 {
				t.Errorf("incomplete invoice: %+v", inv)
			}
			if strings.Contains(string(data), "<cbc:DueDate>") && inv.DueDate.IsZero() {
				t.Error("the document's cbc:DueDate was not read")
			}
			formats[strings.TrimSuffix(name[strings.LastIndexByte(name, '_')+1:], ".xml")]++
		})
	}
	if formats["ubl"] == 0 || formats["uncefact"] == 0 {
		t.Errorf("want both UBL and CII samples, got %v", formats)
	}
}

func sampleInvoice(t *testing.T, name string) domain.Invoice {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatalf("sample %s is missing: %v", name, err)
	}
	invs, err := Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return invs[0]
}

func TestSampleCases(t *testing.T) {
	tests := []struct {
		name          string
		total, paid   int64
		due           string
		email         string
		payable       bool
		sourceLineMin int
	}{
		{"01.01a-INVOICE_ubl.xml", 33690, 0, "", "buyer@info.de", true, 2},
		{"01.17a-INVOICE_ubl.xml", 33691, 0, "", "buyer@info.de", true, 2},      // 336.90 + rounding 0.01
		{"01.17a-INVOICE_uncefact.xml", 33691, 0, "", "buyer@info.de", true, 2}, // the same in CII
		{"02.03a-INVOICE_ubl.xml", 1282969, 1282969, "2018-04-13", "tester@test.de", false, 2},
		{"02.04a-INVOICE_uncefact.xml", 0, 0, "2018-04-13", "tester@test.de", false, 2},
		{"03.01a-INVOICE_ubl.xml", 80486, 103000, "2019-03-14", "buyer@info.de", false, 2},
		{"03.01a-INVOICE_uncefact.xml", 80486, 103000, "2019-03-14", "buyer@info.de", false, 2},
		{"03.04a-INVOICE_uncefact.xml", 4183662, 3983900, "2019-03-14", "buyer@info.de", true, 2},
		{"01.15a-INVOICE_ubl.xml", 1068620, 0, "2018-01-10", "buyer@contact.com", true, 2}, // embedded PDF
		{"01.15a-INVOICE_uncefact.xml", 1068620, 0, "2018-01-10", "buyer@contact.com", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := sampleInvoice(t, tt.name)
			if inv.Total != eur(tt.total) || inv.PaidOutside != eur(tt.paid) {
				t.Errorf("total %v paid %v, want %d and %d cents", inv.Total, inv.PaidOutside, tt.total, tt.paid)
			}
			if got := inv.DueDate.Format("2006-01-02"); tt.due != "" && got != tt.due || tt.due == "" && !inv.DueDate.IsZero() {
				t.Errorf("due date %s, want %q", got, tt.due)
			}
			if inv.Email != tt.email || inv.Payable(domain.ModeLive) != tt.payable || inv.Kind != domain.KindInvoice {
				t.Errorf("email %q payable %v kind %s", inv.Email, inv.Payable(domain.ModeLive), inv.Kind)
			}
		})
	}
}
