package importer

// xmlSchema says where an invoice syntax keeps what paydesk needs, as paths
// of local names below the document element. Where a list is given, the
// first path the document has wins.
type xmlSchema struct {
	creditNote bool // the document element itself is a credit note
	number     string
	typeCode   string
	currency   string
	issueDate  string
	dueDate    []string
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

	wanted   map[string]bool // every path above
	onTheWay map[string]bool // the paths of their ancestors
}

func (s *xmlSchema) withPaths() *xmlSchema {
	paths := append([]string{s.number, s.typeCode, s.currency, s.issueDate, s.endpoint,
		s.grandTotal, s.prepaid, s.rounding, s.payable}, s.dueDate...)
	paths = append(paths, s.customer...)
	paths = append(paths, s.email...)
	s.wanted, s.onTheWay = make(map[string]bool), make(map[string]bool)
	for _, p := range paths {
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

func ublSchema(creditNote bool, typeCode string) *xmlSchema {
	return (&xmlSchema{
		creditNote: creditNote,
		number:     "ID",
		typeCode:   typeCode,
		currency:   "DocumentCurrencyCode",
		issueDate:  "IssueDate",
		dueDate:    []string{ublDueDate, ublMeansDue},
		customer:   []string{ublBuyer + "PartyLegalEntity/RegistrationName", ublBuyer + "PartyName/Name"},
		email:      []string{ublBuyer + "Contact/ElectronicMail"},
		endpoint:   ublBuyer + "EndpointID",
		grandTotal: ublTotals + "TaxInclusiveAmount",
		prepaid:    ublTotals + "PrepaidAmount",
		rounding:   ublTotals + "PayableRoundingAmount",
		payable:    ublTotals + "PayableAmount",
	}).withPaths()
}

var (
	ublInvoice    = ublSchema(false, "InvoiceTypeCode")
	ublCreditNote = ublSchema(true, "CreditNoteTypeCode")
	cii           = (&xmlSchema{
		number:       "ExchangedDocument/ID",
		typeCode:     "ExchangedDocument/TypeCode",
		currency:     ciiSettle + "InvoiceCurrencyCode",
		issueDate:    "ExchangedDocument/IssueDateTime/DateTimeString",
		dueDate:      []string{ciiSettle + "SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString"},
		customer:     []string{ciiBuyer + "Name"},
		email:        []string{ciiBuyer + "DefinedTradeContact/EmailURIUniversalCommunication/URIID"},
		endpoint:     ciiBuyer + "URIUniversalCommunication/URIID",
		compactDates: true,
		grandTotal:   ciiSummary + "GrandTotalAmount",
		prepaid:      ciiSummary + "TotalPrepaidAmount",
		rounding:     ciiSummary + "RoundingAmount",
		payable:      ciiSummary + "DuePayableAmount",
	}).withPaths()
)

// creditNoteCodes are the UNTDID 1001 document types EN 16931 counts as
// credit notes.
var creditNoteCodes = map[string]bool{
	"81": true, "83": true, "261": true, "262": true, "296": true, "308": true,
	"381": true, "396": true, "420": true, "458": true, "532": true,
}
