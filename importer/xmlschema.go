package importer

// xmlSchema says where an invoice syntax keeps what paydesk needs, as paths
// of local names below the document element. Where a list is given, the
// first path the document has wins.
type xmlSchema struct {
	name       string // the syntax, as a preview names it
	creditNote bool   // the document element itself is a credit note
	number     string
	typeCode   string
	docName    string // the document's title, such as "AVOIR"
	guideline  string // the specification identifier (profile)
	currency   string
	issueDate  string
	dueDate    []string // invoice-level due dates; payment terms come after them
	meansDue   string   // UBL's PaymentMeans/PaymentDueDate, the last resort
	customer   []string
	email      []string
	// endpoint is the buyer's electronic address: an email only when its
	// schemeID is EM.
	endpoint string
	// compactDates: dates are DateTimeString elements with a format
	// attribute (CII), not xs:date (UBL).
	compactDates bool

	grandTotal string // before rounding and prepayment
	prepaid    string
	rounding   string
	payable    string

	// terms is the repeating payment terms element; termFields are paths
	// below it.
	terms      string
	termFields termPaths

	wanted   map[string]bool // every path above
	onTheWay map[string]bool // the paths of their ancestors
}

// termPaths say where one payment term keeps its parts, below the terms
// element; "" where the syntax has no such part.
type termPaths struct {
	due        string // the date this term asks payment by
	note       string // free text, where XRechnung writes #SKONTO#TAGE=…#PROZENT=…#
	percent    string // the discount rate
	basisDate  string // the discount period starts here (else the issue date)
	periodDays string // the discount period's length
	until      string // the discount period's last day
}

func (t termPaths) all() []string {
	return []string{t.due, t.note, t.percent, t.basisDate, t.periodDays, t.until}
}

func (s *xmlSchema) withPaths() *xmlSchema {
	paths := append([]string{s.number, s.typeCode, s.docName, s.guideline, s.meansDue, s.currency, s.issueDate, s.endpoint,
		s.grandTotal, s.prepaid, s.rounding, s.payable}, s.dueDate...)
	paths = append(paths, s.customer...)
	paths = append(paths, s.email...)
	for _, t := range s.termFields.all() {
		if t != "" {
			paths = append(paths, s.terms+"/"+t)
		}
	}
	s.wanted, s.onTheWay = make(map[string]bool), make(map[string]bool)
	for _, p := range paths {
		if p == "" {
			continue
		}
		s.wanted[p] = true
		for i, c := range p {
			if c == '/' {
				s.onTheWay[p[:i]] = true
			}
		}
	}
	return s
}

const (
	ublBuyer    = "AccountingCustomerParty/Party/"
	ublTotals   = "LegalMonetaryTotal/"
	ciiBuyer    = "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/BuyerTradeParty/"
	ciiSettle   = "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/"
	ciiSummary  = ciiSettle + "SpecifiedTradeSettlementHeaderMonetarySummation/"
	ublDueDate  = "DueDate"
	ublMeansDue = "PaymentMeans/PaymentDueDate"
)

func ublSchema(name string, creditNote bool, typeCode string) *xmlSchema {
	return (&xmlSchema{
		name:       name,
		creditNote: creditNote,
		number:     "ID",
		typeCode:   typeCode,
		guideline:  "CustomizationID",
		currency:   "DocumentCurrencyCode",
		issueDate:  "IssueDate",
		dueDate:    []string{ublDueDate},
		meansDue:   ublMeansDue,
		customer:   []string{ublBuyer + "PartyLegalEntity/RegistrationName", ublBuyer + "PartyName/Name"},
		email:      []string{ublBuyer + "Contact/ElectronicMail"},
		endpoint:   ublBuyer + "EndpointID",
		grandTotal: ublTotals + "TaxInclusiveAmount",
		prepaid:    ublTotals + "PrepaidAmount",
		rounding:   ublTotals + "PayableRoundingAmount",
		payable:    ublTotals + "PayableAmount",
		terms:      "PaymentTerms",
		termFields: termPaths{due: "PaymentDueDate", note: "Note", percent: "SettlementDiscountPercent", until: "SettlementPeriod/EndDate"},
	}).withPaths()
}

// ciiTerms is where CII (2.x and ZUGFeRD 1.0 alike) keeps a payment term's parts.
var ciiTerms = termPaths{
	due:        "DueDateDateTime/DateTimeString",
	note:       "Description",
	percent:    "ApplicableTradePaymentDiscountTerms/CalculationPercent",
	basisDate:  "ApplicableTradePaymentDiscountTerms/BasisDateTime/DateTimeString",
	periodDays: "ApplicableTradePaymentDiscountTerms/BasisPeriodMeasure",
}

var (
	ublInvoice    = ublSchema("UBL 2.1 Invoice", false, "InvoiceTypeCode")
	ublCreditNote = ublSchema("UBL 2.1 CreditNote", true, "CreditNoteTypeCode")
	cii           = (&xmlSchema{
		name:         "UN/CEFACT CII (Factur-X, ZUGFeRD 2, XRechnung)",
		number:       "ExchangedDocument/ID",
		typeCode:     "ExchangedDocument/TypeCode",
		docName:      "ExchangedDocument/Name",
		guideline:    "ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID",
		currency:     ciiSettle + "InvoiceCurrencyCode",
		issueDate:    "ExchangedDocument/IssueDateTime/DateTimeString",
		customer:     []string{ciiBuyer + "Name"},
		email:        []string{ciiBuyer + "DefinedTradeContact/EmailURIUniversalCommunication/URIID"},
		endpoint:     ciiBuyer + "URIUniversalCommunication/URIID",
		compactDates: true,
		grandTotal:   ciiSummary + "GrandTotalAmount",
		prepaid:      ciiSummary + "TotalPrepaidAmount",
		rounding:     ciiSummary + "RoundingAmount",
		payable:      ciiSummary + "DuePayableAmount",
		terms:        ciiSettle + "SpecifiedTradePaymentTerms",
		termFields:   ciiTerms,
	}).withPaths()
	// zugferd1 is ZUGFeRD 1.0's CrossIndustryDocument: CII of 2013 with
	// other element names above the same parts.
	zugferd1 = (&xmlSchema{
		name:         "ZUGFeRD 1.0",
		number:       "HeaderExchangedDocument/ID",
		typeCode:     "HeaderExchangedDocument/TypeCode",
		docName:      "HeaderExchangedDocument/Name",
		guideline:    "SpecifiedExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID",
		currency:     zf1Settle + "InvoiceCurrencyCode",
		issueDate:    "HeaderExchangedDocument/IssueDateTime/DateTimeString",
		customer:     []string{zf1Buyer + "Name"},
		email:        []string{zf1Buyer + "DefinedTradeContact/EmailURIUniversalCommunication/URIID", zf1Buyer + "DefinedTradeContact/EmailURICommunication/URIID"},
		endpoint:     zf1Buyer + "URIUniversalCommunication/URIID",
		compactDates: true,
		grandTotal:   zf1Summary + "GrandTotalAmount",
		prepaid:      zf1Summary + "TotalPrepaidAmount",
		rounding:     zf1Summary + "RoundingAmount",
		payable:      zf1Summary + "DuePayableAmount",
		terms:        zf1Settle + "SpecifiedTradePaymentTerms",
		termFields:   ciiTerms,
	}).withPaths()
)

const (
	zf1Buyer   = "SpecifiedSupplyChainTradeTransaction/ApplicableSupplyChainTradeAgreement/BuyerTradeParty/"
	zf1Settle  = "SpecifiedSupplyChainTradeTransaction/ApplicableSupplyChainTradeSettlement/"
	zf1Summary = zf1Settle + "SpecifiedTradeSettlementMonetarySummation/"
)

// creditNoteCodes are the UNTDID 1001 document types EN 16931 counts as
// credit notes.
var creditNoteCodes = map[string]bool{
	"81": true, "83": true, "261": true, "262": true, "296": true, "308": true,
	"381": true, "396": true, "420": true, "458": true, "532": true,
}
