package importer

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/paydesk/paydesk/domain"
)

// maxEmbeddedXML bounds an attached invoice: real ones are kilobytes, and a
// PDF must not make paydesk hold gigabytes.
const maxEmbeddedXML = 64 << 20

// invoiceAttachments are the names the hybrid formats give their XML, in
// the order they are tried: Factur-X and ZUGFeRD 2.1+, ZUGFeRD 1 and 2.0,
// XRechnung.
var invoiceAttachments = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"}

// pdfcpu reads a configuration directory unless told not to; paydesk needs
// none, and must not create one in the user's home.
var disablePDFConfig = sync.OnceFunc(api.DisableConfigDir)

// parsePDF reads a hybrid invoice (Factur-X, ZUGFeRD, XRechnung in a PDF/A-3):
// the XML attached to the PDF is the invoice, and the PDF's path is its
// source. The attachments are read through pdfcpu's document model, so the
// PDF's compression and object streams are handled as a PDF reader would.
func parsePDF(r *run, name string, data []byte) {
	r.format(name, domain.Say("import.format.pdf"))
	xmlName, xmlData, err := embeddedInvoice(data)
	switch {
	case err != nil:
		r.fail(Problem{File: name, Says: domain.Say("import.pdf.unreadable", err)})
		return
	case xmlData == nil:
		r.fail(Problem{File: name, Says: domain.Say("import.pdf.no_invoice")})
		return
	}
	r.container = name
	defer func() { r.container = "" }()
	parseXML(r, name+" › "+xmlName, xmlData)
}

// embeddedInvoice returns the attached XML that holds the invoice: one of
// the names the standards give it, else any XML attachment whose document
// element is an invoice. It returns nil data when there is none.
func embeddedInvoice(data []byte) (_ string, _ []byte, err error) {
	defer func() {
		// A PDF is outside input; whatever it does to the reader is a
		// refusal of that file, never a crash of the import.
		if p := recover(); p != nil {
			err = refuse("import.pdf.broken", fmt.Sprint(p))
		}
	}()
	disablePDFConfig()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		return "", nil, err
	}
	listed, err := ctx.ListAttachments()
	if err != nil || len(listed) == 0 {
		return "", nil, err
	}
	all, err := ctx.ExtractAttachments(nil)
	if err != nil {
		return "", nil, err
	}
	slices.SortStableFunc(all, func(a, b model.Attachment) int { return rank(a.FileName) - rank(b.FileName) })
	for _, a := range all {
		body, err := io.ReadAll(io.LimitReader(a.Reader, maxEmbeddedXML+1))
		if err != nil {
			return "", nil, err
		}
		if len(body) > maxEmbeddedXML || sniff(body) != docXML {
			continue
		}
		if rank(a.FileName) < len(invoiceAttachments) || isInvoiceXML(body) {
			return a.FileName, body, nil
		}
	}
	return "", nil, nil
}

// rank orders attachments by how surely their name says "invoice".
func rank(fileName string) int {
	if i := slices.Index(invoiceAttachments, strings.ToLower(fileName)); i >= 0 {
		return i
	}
	return len(invoiceAttachments)
}

// isInvoiceXML reports whether the document element is one paydesk reads.
func isInvoiceXML(data []byte) bool {
	r := newRun(Options{}, keepAll)
	parseXML(r, "", data)
	for _, p := range r.problems {
		if p.Says.Key == "import.xml.not_invoice" {
			return false
		}
	}
	return true
}
