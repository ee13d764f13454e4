// Package assets holds the files paydesk carries inside its binary, so that
// a single file is all there is to install.
package assets

import _ "embed"

// DemoInvoices is a CSV export of thirty invoices of a small agency with
// customers in the Netherlands, Germany, Belgium, the United Kingdom, the
// United States and Japan, dated around 26 November 2026: some overdue, some
// partly paid, one fully paid, one credit note. 'paydesk demo' imports it.
//
//go:embed demo/invoices.csv
var DemoInvoices []byte
