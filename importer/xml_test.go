package importer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// creditNoteDoc fills ublCreditNoteText: a small Peppol BIS 3 credit note; {{totals}} and
// {{currency}} are filled in per test.
const ublCreditNoteText = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a credit note for a returned order -->
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>CN-2026-007</cbc:ID>
  <cbc:IssueDate>2026-11-20</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>{{currency}}</cbc:DocumentCurrencyCode>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cac:PartyName><cbc:Name>Houtzagerij   Bos
        B.V.</cbc:Name></cac:PartyName>
      <cac:Contact><cbc:ElectronicMail>admin@houtzagerijbos.nl</cbc:ElectronicMail></cac:Contact>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
    <cbc:PaymentDueDate>2026-12-20</cbc:PaymentDueDate>
  </cac:PaymentMeans>
  <cac:LegalMonetaryTotal>
{{totals}}
  </cac:LegalMonetaryTotal>
</CreditNote>
`

func creditNoteDoc(currency, totals string) string {
	return strings.NewReplacer("{{currency}}", currency, "{{totals}}", totals).Replace(ublCreditNoteText)
}

const ciiText = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>RE-2026-0815</ram:ID>
    <ram:TypeCode>{{type}}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20261102</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerTradeParty>
        <ram:Name>Weinhandlung Berger KG</ram:Name>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@berger-wein.de</ram:URIID></ram:URIUniversalCommunication>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="{{format}}">20261202</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:GrandTotalAmount>2380.00</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>380</ram:TotalPrepaidAmount>
        <ram:RoundingAmount>0.004</ram:RoundingAmount>
        <ram:DuePayableAmount>2000.004</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`

func ciiDoc(typeCode, format string, replace ...string) string {
	r := strings.NewReplacer(append([]string{"{{type}}", typeCode, "{{format}}", format}, replace...)...)
	return r.Replace(ciiText)
}

func TestUBLCreditNote(t *testing.T) {
	doc := creditNoteDoc("EUR", `<cbc:TaxInclusiveAmount currencyID="EUR">121</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="EUR">21.0</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount>`)
	invs := mustParse(t, "cn.xml", doc)
	inv := invs[0]
	want := domain.Invoice{
		Number: "CN-2026-007", Customer: "Houtzagerij Bos B.V.", Email: "admin@houtzagerijbos.nl", Currency: "EUR",
		Total: eur(12100), PaidOutside: eur(2100), IssueDate: date(2026, 11, 20), DueDate: date(2026, 12, 20),
		Kind: domain.KindCreditNote, SourceFile: "cn.xml", SourceLine: 3,
	}
	if !reflect.DeepEqual(inv, want) {
		t.Errorf("\n got %+v\nwant %+v", inv, want)
	}
	if inv.Outstanding(domain.ModeLive) != eur(10000) || inv.Payable(domain.ModeLive) {
		t.Errorf("a credit note is never payable: outstanding %v", inv.Outstanding(domain.ModeLive))
	}
}

func TestCIICreditNoteAndDates(t *testing.T) {
	doc := ciiDoc("381", "102", "0.004", "0", "2000.004", "2000")
	inv := mustParse(t, "cii.xml", doc)[0]
	if inv.Kind != domain.KindCreditNote || inv.Number != "RE-2026-0815" || inv.Customer != "Weinhandlung Berger KG" {
		t.Errorf("got %+v", inv)
	}
	if inv.Email != "rechnung@berger-wein.de" || inv.IssueDate != date(2026, 11, 2) || inv.DueDate != date(2026, 12, 2) {
		t.Errorf("email %q issued %v due %v", inv.Email, inv.IssueDate, inv.DueDate)
	}
	if inv.Total != eur(238000) || inv.PaidOutside != eur(38000) || inv.Outstanding(domain.ModeLive) != eur(200000) {
		t.Errorf("total %v paid %v", inv.Total, inv.PaidOutside)
	}
	if inv := mustParse(t, "cii.xml", ciiDoc("380", "102", "0.004", "0", "2000.004", "2000"))[0]; inv.Kind != domain.KindInvoice {
		t.Errorf("type 380 is an invoice, got %s", inv.Kind)
	}
	probs := problemsOf(t, "cii.xml", ciiDoc("380", "610", "0.004", "0", "2000.004", "2000"))
	wantProblems(t, probs, `cii.xml:20: due date: "20261202" is in date format 610; paydesk reads format 102`)
}

func TestXMLAmounts(t *testing.T) {
	tests := []struct {
		currency, payable string
		want              int64
		problem           string
	}{
		{"EUR", "100", 10000, ""},
		{"EUR", "12.5", 1250, ""},
		{"EUR", "12.500", 1250, ""},
		{"EUR", "+0012.34", 1234, ""},
		{"EUR", ".5", 50, ""},
		{"EUR", "-225.14", -22514, ""},
		{"JPY", "1500", 1500, ""},
		{"JPY", "1500.0", 1500, ""},
		{"EUR", "12.345", 0, `cn.xml:22: total: PayableAmount "12.345" has more decimals than EUR allows (2)`},
		{"JPY", "1500.5", 0, `cn.xml:22: total: PayableAmount "1500.5" has more decimals than JPY allows (0)`},
		{"EUR", "1e3", 0, `cn.xml:22: total: PayableAmount "1e3" is not a decimal number`},
		{"EUR", "1,50", 0, `cn.xml:22: total: PayableAmount "1,50" is not a decimal number`},
		{"EUR", "99999999999999999999", 0, `cn.xml:22: total: PayableAmount "99999999999999999999" is too large`},
		{"EUR", "", 0, "cn.xml:3: total: the document has no PayableAmount"},
	}
	for _, tt := range tests {
		t.Run(tt.currency+" "+tt.payable, func(t *testing.T) {
			doc := creditNoteDoc(tt.currency, `<cbc:PayableAmount currencyID="`+tt.currency+`">`+tt.payable+`</cbc:PayableAmount>`)
			if tt.problem != "" {
				wantProblems(t, problemsOf(t, "cn.xml", doc), tt.problem)
				return
			}
			inv := mustParse(t, "cn.xml", doc)[0]
			if want := domain.NewMoney(tt.want, tt.currency); inv.Total != want || inv.Outstanding(domain.ModeLive) != want {
				t.Errorf("total %v, want %v", inv.Total, want)
			}
		})
	}
}

func TestXMLInconsistentDocuments(t *testing.T) {
	probs := problemsOf(t, "cn.xml", creditNoteDoc("EUR", `<cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount>`))
	wantProblems(t, probs, "cn.xml:23: total: the document's totals do not add up: TaxInclusiveAmount 121.00 + PayableRoundingAmount 0.00 − PrepaidAmount 0.00 = 121.00, but PayableAmount is 100.00")

	probs = problemsOf(t, "cn.xml", creditNoteDoc("EUR", `<cbc:PayableAmount currencyID="USD">100.00</cbc:PayableAmount>`))
	wantProblems(t, probs, "cn.xml:22: total: PayableAmount is in USD but the document is in EUR")

	probs = problemsOf(t, "cn.xml", creditNoteDoc("", `<cbc:PayableAmount>100.00</cbc:PayableAmount>`))
	wantProblems(t, probs, "cn.xml:3: currency: the document has no currency (DocumentCurrencyCode)")

	noBuyer := strings.Replace(creditNoteDoc("EUR", `<cbc:PayableAmount>1</cbc:PayableAmount>`), "PartyName", "PartyIdentification", 2)
	wantProblems(t, problemsOf(t, "cn.xml", noBuyer), "cn.xml:3: customer: the document names no buyer (RegistrationName)")
}

func TestXMLDocumentProblems(t *testing.T) {
	wrongNS := `<?xml version="1.0"?>
<Invoice xmlns="urn:example:invoice"><ID>1</ID></Invoice>`
	wantProblems(t, problemsOf(t, "x.xml", wrongNS), "x.xml:2: the XML document element is <Invoice> in the namespace urn:example:invoice, which is not an invoice paydesk reads")

	truncated := creditNoteDoc("EUR", "")[:400]
	wantProblems(t, problemsOf(t, "t.xml", truncated), "t.xml:")

	broken := "<?xml version=\"1.0\"?>\n<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\">\n<ID>1</Id>\n</CreditNote>"
	wantProblems(t, problemsOf(t, "b.xml", broken), "b.xml:3: is not well-formed XML: element <ID> closed by </Id>")

	win := strings.Replace(creditNoteDoc("EUR", "<cbc:PayableAmount>1</cbc:PayableAmount>"), "UTF-8", "windows-1252", 1)
	wantProblems(t, problemsOf(t, "w.xml", win), `w.xml:1: declares the encoding "windows-1252", which paydesk does not read; save the file as UTF-8`)
}

func TestXMLLatin1AndEnvelope(t *testing.T) {
	latin1 := strings.Replace(creditNoteDoc("EUR", "<cbc:PayableAmount>1</cbc:PayableAmount>"), "UTF-8", "ISO-8859-1", 1)
	latin1 = strings.Replace(latin1, "Houtzagerij", "M\xfcller", 1)
	if inv := mustParse(t, "l.xml", latin1)[0]; inv.Customer != "Müller Bos B.V." {
		t.Errorf("customer %q", inv.Customer)
	}

	body := strings.TrimPrefix(creditNoteDoc("EUR", "<cbc:PayableAmount>1</cbc:PayableAmount>"), `<?xml version="1.0" encoding="UTF-8"?>`)
	envelope := "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
		`<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>` + body + "</StandardBusinessDocument>\n"
	inv := mustParse(t, "sbd.xml", envelope)[0]
	if inv.Number != "CN-2026-007" || inv.SourceLine != 5 {
		t.Errorf("number %q at line %d", inv.Number, inv.SourceLine)
	}
}

// TestXMLLargeAttachment: an embedded PDF of several megabytes is skipped,
// not kept, and does not hide the totals after it.
func TestXMLLargeAttachment(t *testing.T) {
	attachment := `<cac:AdditionalDocumentReference><cbc:ID>Anlage</cbc:ID><cac:Attachment>
<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">` +
		strings.Repeat("JVBERi0xLjUNCiW1tbW1DQoxIDAgb2JqDQo8PC9UeXBlL0NhdGFsb2cv\n", 100_000) +
		`</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`
	doc := strings.Replace(creditNoteDoc("EUR", "<cbc:PayableAmount>10.00</cbc:PayableAmount>"),
		"<cac:AccountingCustomerParty>", attachment+"<cac:AccountingCustomerParty>", 1)
	inv := mustParse(t, "big.xml", doc)[0]
	if inv.Total != eur(1000) || inv.Customer != "Houtzagerij Bos B.V." {
		t.Errorf("got %+v", inv)
	}
}
