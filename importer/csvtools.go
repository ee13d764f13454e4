package importer

import "strings"

// exportTools tell the invoicing tools apart by titles only their exports
// carry together (folded as compact folds them). The name is shown in a
// preview; reading does not depend on it, since every title is in the
// header vocabulary.
var exportTools = []struct {
	name   string
	titles []string
}{
	{"Xero", []string{"contactname", "invoicenumber", "invoiceamountdue"}},
	{"Zoho Invoice", []string{"invoicenumber", "customername", "currencycode", "balance"}},
	{"QuickBooks", []string{"customer", "openbalance"}},
	{"Invoice Ninja", []string{"paidtodate", "balance"}},
	{"Moneybird", []string{"factuurnummer", "contact", "openstaand"}},
	{"Exact Online", []string{"relatie", "openstaand"}},
	{"WeFact", []string{"factuurnummer", "debiteurnummer", "bedraginclbtw"}},
	{"lexoffice", []string{"brutto", "offenerbetrag"}},
	{"sevDesk", []string{"renr", "brutto"}},
}

// exportTool names the tool whose export the header is, "" when unknown.
func exportTool(h *header) string {
	set := make(map[string]bool, len(h.titles))
	for _, t := range h.titles {
		set[compact(t)] = true
	}
	for _, tool := range exportTools {
		all := true
		for _, t := range tool.titles {
			all = all && set[t]
		}
		if all {
			return tool.name
		}
	}
	return ""
}

// normaliseSign turns the accountants' ways of writing a negative amount
// into a leading minus: "(100.00)", "100,00-", "- 100".
func normaliseSign(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case len(s) > 2 && s[0] == '(' && s[len(s)-1] == ')':
		return "-" + strings.TrimSpace(s[1:len(s)-1])
	case len(s) > 1 && s[len(s)-1] == '-' && s[0] != '-':
		return "-" + strings.TrimSpace(s[:len(s)-1])
	}
	return s
}
