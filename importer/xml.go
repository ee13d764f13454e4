package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// The namespaces of the document elements paydesk reads.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsSBDH          = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
	nsZUGFeRD1      = "urn:ferd:CrossIndustryDocument:invoice:1p0"
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
	case root.Local == "CrossIndustryDocument" && root.Space == nsZUGFeRD1:
		schema = zugferd1
	default:
		r.fail(Problem{File: name, Line: line, Says: domain.Say("import.xml.not_invoice", describeName(root))})
		return
	}
	values, terms, err := collect(d, schema)
	if err != nil {
		r.fail(xmlProblem(name, err))
		return
	}
	doc := xmlDoc{file: name, line: line, schema: schema, values: values, terms: terms}
	inv, probs := doc.invoice()
	r.format(name, domain.Say("import.format.xml", schema.name))
	r.warn(doc.warnings...)
	r.add(inv, probs)
}

func describeName(n xml.Name) domain.Text {
	if n.Space == "" {
		return domain.Say("import.xml.element", n.Local)
	}
	return domain.Say("import.xml.element_ns", n.Local, n.Space)
}

func xmlProblem(name string, err error) Problem {
	var se *xml.SyntaxError
	var ee encodingError
	switch {
	case errors.As(err, &se):
		return Problem{File: name, Line: se.Line, Says: domain.Say("import.xml.syntax", se.Msg)}
	case errors.As(err, &ee):
		return Problem{File: name, Line: 1, Says: domain.Say("import.xml.encoding", string(ee))}
	}
	return Problem{File: name, Says: domain.Say("import.xml.unreadable", textOf(err))}
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
			return xml.Name{}, 0, refuse("import.xml.no_element")
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
// first non-empty element at each path the schema wants ("A/B/C" of local
// names below the document element). Payment terms repeat: each occurrence
// of the schema's terms element gets its own map, keyed by the path below
// it. Branches that lead to no wanted path, such as embedded attachments and
// invoice lines, are skipped whole.
func collect(d *xml.Decoder, s *xmlSchema) (map[string]xmlValue, []map[string]xmlValue, error) {
	got := make(map[string]xmlValue, len(s.wanted))
	var terms []map[string]xmlValue
	var open []string // paths of the open elements below the document element
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = refuse("import.xml.ends_early")
			}
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p := t.Name.Local
			if len(open) > 0 {
				p = open[len(open)-1] + "/" + p
			}
			dest, key := got, p
			if rel, ok := strings.CutPrefix(p, s.terms+"/"); ok && len(terms) > 0 {
				dest, key = terms[len(terms)-1], rel
			}
			if _, seen := dest[key]; s.wanted[p] && !seen {
				text, err := readText(d)
				if err != nil {
					return nil, nil, err
				}
				if text != "" { // an empty element says nothing; a later one may
					dest[key] = xmlValue{text: text, attrs: t.Copy().Attr, line: line}
				}
				continue
			}
			if !s.onTheWay[p] {
				if err := d.Skip(); err != nil {
					return nil, nil, err
				}
				continue
			}
			if p == s.terms {
				terms = append(terms, make(map[string]xmlValue))
			}
			open = append(open, p)
		case xml.EndElement:
			if len(open) == 0 {
				return got, terms, nil // the document element is closed
			}
			open = open[:len(open)-1]
		}
	}
}

// readText returns the character data up to the end of the current element,
// with surrounding white space removed.
func readText(d *xml.Decoder) (string, error) {
	var b []byte
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = refuse("import.xml.ends_inside")
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
	return nil, encodingError(label)
}

// encodingError is a declared encoding paydesk cannot read.
type encodingError string

func (e encodingError) Error() string { return "unreadable encoding " + string(e) }

func latin1ToUTF8(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	for _, c := range raw {
		b.WriteRune(rune(c))
	}
	return b.String()
}
