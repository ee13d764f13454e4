package importer

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// The fuzz targets call the format parsers directly, so that each sees every
// input whatever its first byte; the kept seeds are in testdata/fuzz.

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("number,customer,currency,total,paid,kind\nA,B,JPY,-1500,-500,credit note\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newRun(Options{}, keepAll)
		parseCSV(r, "fuzz.csv", bytesSource(data))
		res, err := r.result()
		checkResult(t, "fuzz.csv", res.Invoices, err)
	})
}

func FuzzParseXML(f *testing.F) {
	f.Add([]byte(creditNoteDoc("EUR", "<cbc:PayableAmount>1.50</cbc:PayableAmount>")))
	f.Add([]byte(ciiDoc("381", "102", "0.004", "0", "2000.004", "2000")))
	for _, name := range []string{"01.17a-INVOICE_ubl.xml", "01.17a-INVOICE_uncefact.xml", "03.01a-INVOICE_ubl.xml"} {
		data, err := os.ReadFile(filepath.Join(samplesDir, name))
		if err != nil {
			f.Fatalf("sample seed: %v", err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newRun(Options{}, keepAll)
		parseXML(r, "fuzz.xml", data)
		res, err := r.result()
		checkResult(t, "fuzz.xml", res.Invoices, err)
	})
}

// checkResult holds what every parse must keep: either invoices that all
// pass the domain's checks, or a refusal that explains itself and returns
// nothing.
func checkResult(t *testing.T, name string, invs []domain.Invoice, err error) {
	t.Helper()
	if err != nil {
		var ie *Error
		if !errors.As(err, &ie) || len(ie.Problems) == 0 {
			t.Fatalf("error %v is not an *Error with problems", err)
		}
		if invs != nil {
			t.Fatalf("%d invoices returned beside an error", len(invs))
		}
		for _, p := range ie.Problems {
			if p.File != name || message(p) == "" {
				t.Fatalf("problem %+v does not name %s or says nothing", p, name)
			}
		}
		return
	}
	numbers := make(map[string]bool, len(invs))
	for _, inv := range invs {
		if errs := inv.Validate(); len(errs) > 0 {
			t.Fatalf("invoice %+v does not validate: %v", inv, errs)
		}
		if inv.SourceFile != name || inv.SourceLine < 1 {
			t.Fatalf("invoice %q has source %s:%d", inv.Number, inv.SourceFile, inv.SourceLine)
		}
		if inv.PaidOutside.Currency != inv.Currency || inv.Customer == "" || numbers[inv.Number] {
			t.Fatalf("invoice %+v: paid currency, customer or a duplicate number", inv)
		}
		numbers[inv.Number] = true
		inv.Outstanding(domain.ModeLive) // must not panic on mixed currencies
	}
}
