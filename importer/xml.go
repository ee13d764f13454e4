package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The namespaces of the document elements paydesk reads.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsSBDH          = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
)

// parseXML reads one e-invoice: UBL 2.1 Invoice or CreditNote, or a CII
// CrossIndustryInvoice, optionally inside a Peppol business document
// envelope. The document is streamed: only the few elements paydesk needs are
// kept, and everything else (embedded PDF attachments, invoice lines) is
// skipped without being held.
func parseXML(r *run, name string, data []byte) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	d.CharsetReader = charsetReader
	root, line, err := findDocument(d)
	if err != nil {
		r.fail(xmlProblem(name, err))
		return
	}
	var schema *xmlSchema
	switch {
	case root.Local == "Invoice" && root.Space == nsUBLInvoice:
		schema = ublInvoice
	case root.Local == "CreditNote" && root.Space == nsUBLCreditNote:
		schema = ublCreditNote
	case root.Local == "CrossIndustryInvoice" && root.Space == nsCII:
		schema = cii
	default:
		r.fail(Problem{File: name, Line: line, Message: fmt.Sprintf(
			"the XML document element is %s, which is not an invoice paydesk reads (UBL 2.1 Invoice or CreditNote, UN/CEFACT CrossIndustryInvoice)", describeName(root))})
		return
	}
	values, err := collect(d, schema.paths)
	if err != nil {
		r.fail(xmlProblem(name, err))
		return
	}
	doc := xmlDoc{file: name, line: line, schema: schema, values: values}
	r.add(doc.invoice())
}

func describeName(n xml.Name) string {
	if n.Space == "" {
		return fmt.Sprintf("<%s> without a namespace", n.Local)
	}
	return fmt.Sprintf("<%s> in the namespace %s", n.Local, n.Space)
}

func xmlProblem(name string, err error) Problem {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return Problem{File: name, Line: se.Line, Message: "is not well-formed XML: " + se.Msg}
	}
	return Problem{File: name, Message: "cannot be read as XML: " + err.Error()}
}

// findDocument reads up to the document element and returns its name and
// line. A Peppol StandardBusinessDocument is an envelope: the invoice is the
// element after its header.
func findDocument(d *xml.Decoder) (xml.Name, int, error) {
	inEnvelope := false
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return xml.Name{}, 0, errors.New("the file holds no XML element")
		}
		if err != nil {
			return xml.Name{}, 0, err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case start.Name.Space == nsSBDH && start.Name.Local == "StandardBusinessDocument" && !inEnvelope:
			inEnvelope = true
		case start.Name.Space == nsSBDH && start.Name.Local == "StandardBusinessDocumentHeader" && inEnvelope:
			if err := d.Skip(); err != nil {
				return xml.Name{}, 0, err
			}
		default:
			return start.Name, line, nil
		}
	}
}

// xmlValue is the text of one element with its attributes and line.
type xmlValue struct {
	text  string
	attrs []xml.Attr
	line  int
}

func (v xmlValue) attr(local string) string {
	for _, a := range v.attrs {
		if a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// collect reads the rest of the document element and keeps the text of the
// first element at each wanted path ("A/B/C" of local names below the
// document element). Branches that lead to no wanted path are skipped whole.
func collect(d *xml.Decoder, paths []string) (map[string]xmlValue, error) {
	wanted := make(map[string]bool, len(paths))
	onTheWay := make(map[string]bool)
	for _, p := range paths {
		wanted[p] = true
		for i := strings.IndexByte(p, '/'); i >= 0; i = nextSlash(p, i) {
			onTheWay[p[:i]] = true
		}
	}
	got := make(map[string]xmlValue, len(paths))
	var open []string // paths of the open elements below the document element
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the file ends before the document is complete")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p := t.Name.Local
			if len(open) > 0 {
				p = open[len(open)-1] + "/" + p
			}
			if _, seen := got[p]; wanted[p] && !seen {
				text, err := readText(d)
				if err != nil {
					return nil, err
				}
				got[p] = xmlValue{text: text, attrs: t.Copy().Attr, line: line}
				continue
			}
			if !onTheWay[p] {
				if err := d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			open = append(open, p)
		case xml.EndElement:
			if len(open) == 0 {
				return got, nil // the document element is closed
			}
			open = open[:len(open)-1]
		}
	}
}

func nextSlash(p string, i int) int {
	j := strings.IndexByte(p[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// readText returns the character data up to the end of the current element,
// with surrounding white space removed.
func readText(d *xml.Decoder) (string, error) {
	var b []byte
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the file ends inside an element")
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return strings.TrimSpace(string(b)), nil
		}
	}
}

// charsetReader lets documents declared as ASCII or Latin-1 through;
// encoding/xml reads only UTF-8 on its own.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		raw, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(latin1ToUTF8(raw)), nil
	}
	return nil, fmt.Errorf("the file declares the encoding %q; save it as UTF-8", label)
}

func latin1ToUTF8(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	for _, c := range raw {
		b.WriteRune(rune(c))
	}
	return b.String()
}
