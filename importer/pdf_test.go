package importer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/paydesk/paydesk/domain"
)

// blankPDF is a one-page PDF with nothing on it, written by hand with a
// correct cross-reference table.
func blankPDF() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// hybridPDF writes a PDF with the given files attached, as the invoicing
// tools that write Factur-X and ZUGFeRD do, and returns its path.
func hybridPDF(t *testing.T, name string, attachments map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.pdf")
	if err := os.WriteFile(blank, blankPDF(), 0o600); err != nil {
		t.Fatal(err)
	}
	var files []string
	for n, data := range attachments {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out := filepath.Join(dir, name)
	if len(files) == 0 {
		return blank
	}
	disablePDFConfig()
	if err := api.AddAttachmentsFile(blank, out, files, false, nil); err != nil {
		t.Fatalf("attach %v: %v", files, err)
	}
	return out
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "en16931", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestHybridPDFs(t *testing.T) {
	tests := []struct {
		attachment, fixture string
		want                want
		format              string
	}{
		{"factur-x.xml", "cii-skonto-two-terms.xml",
			want{"RE-2026-1101", kiel, "", 119000, 0, 119000, "2026-12-02", domain.KindInvoice, "300@2026-11-12"}, "UN/CEFACT CII"},
		{"ZUGFeRD-invoice.xml", "zugferd1-comfort.xml",
			want{"RE-2014-0815", "Kunden AG Mitte", "", 23562, 3562, 20000, "2014-12-03", domain.KindInvoice, "300@2014-11-13"}, "ZUGFeRD 1.0"},
		{"xrechnung.xml", "ubl-skonto-due-date.xml",
			want{"RE-2026-1103", kiel, "", 23800, 0, 23800, "2026-12-04", domain.KindInvoice, "250@2026-11-14"}, "UBL 2.1 Invoice"},
		// An XML attachment under a name of its own is found by its content.
		{"rechnung-1105.xml", "ubl-380-negative.xml",
			want{"RE-2026-1105", kiel, "", 11900, 0, 11900, "", domain.KindCreditNote, ""}, "UBL 2.1 Invoice"},
	}
	for _, tt := range tests {
		t.Run(tt.attachment, func(t *testing.T) {
			path := hybridPDF(t, "invoice.pdf", map[string][]byte{
				tt.attachment: readFixture(t, tt.fixture),
				"terms.txt":   []byte("Allgemeine Geschäftsbedingungen"),
			})
			res, err := Read([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Invoices) != 1 {
				t.Fatalf("got %d invoices", len(res.Invoices))
			}
			tt.want.check(t, res.Invoices[0])
			if res.Invoices[0].SourceFile != path {
				t.Errorf("source %q, want the PDF %q", res.Invoices[0].SourceFile, path)
			}
			if len(res.Files) != 1 || !strings.HasPrefix(english.Text(res.Files[0].Format), "PDF with "+tt.format) || !strings.Contains(english.Text(res.Files[0].Format), tt.attachment) {
				t.Errorf("files %+v", res.Files)
			}
		})
	}
}

func TestPDFWithoutAnInvoice(t *testing.T) {
	for name, attachments := range map[string]map[string][]byte{
		"no attachments":   nil,
		"only other files": {"notes.xml": []byte(`<?xml version="1.0"?><notes><note>call back</note></notes>`), "logo.txt": []byte("ACME")},
	} {
		t.Run(name, func(t *testing.T) {
			path := hybridPDF(t, "scan.pdf", attachments)
			invs, err := ParseFiles([]string{path})
			wantProblems(t, refused(t, invs, err), path+": is a PDF without an e-invoice inside: it has no Factur-X, ZUGFeRD or XRechnung XML attached")
		})
	}
	invs, err := Parse("broken.pdf", []byte("%PDF-1.7\nthis is not really a PDF\n"))
	wantProblems(t, refused(t, invs, err), "broken.pdf: cannot be read as a PDF (")
}

func TestPDFWithABrokenInvoiceNamesTheAttachment(t *testing.T) {
	bad := bytes.Replace(readFixture(t, "pair-ubl.xml"), []byte("833.00</cbc:PayableAmount>"), []byte("833.001</cbc:PayableAmount>"), 1)
	path := hybridPDF(t, "invoice.pdf", map[string][]byte{"factur-x.xml": bad})
	invs, err := ParseFiles([]string{path})
	wantProblems(t, refused(t, invs, err), path+" › factur-x.xml:23: total: PayableAmount \"833.001\" has more decimals than EUR allows (2)")
}

var update = flag.Bool("update", false, "rewrite the hybrid PDF in testdata/pdf")

// TestCommittedHybridPDF keeps a Factur-X PDF in testdata for the command's
// end-to-end test; -update writes it again with pdfcpu.
func TestCommittedHybridPDF(t *testing.T) {
	committed := filepath.Join("testdata", "pdf", "RE-2026-1101.pdf")
	if *update {
		path := hybridPDF(t, "RE-2026-1101.pdf", map[string][]byte{"factur-x.xml": readFixture(t, "cii-skonto-two-terms.xml")})
		data, err := os.ReadFile(path)
		if err == nil {
			err = os.WriteFile(committed, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := Read([]string{committed}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want{"RE-2026-1101", kiel, "", 119000, 0, 119000, "2026-12-02", domain.KindInvoice, "300@2026-11-12"}.check(t, res.Invoices[0])
}
