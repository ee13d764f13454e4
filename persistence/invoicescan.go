package persistence

import (
	"database/sql"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

// invoiceSelect reads invoices with their newest payment in one pass; the
// settlement columns are kept up to date by every payment write, so no
// payment row beyond the newest is visited.
//
// Reading all 100,000 invoices at once is what sizes the terminal's memory,
// and the driver allocates for every value it hands over except NULL and
// integers below 256: a text value costs its string and the interface
// that carries it. So the text columns of a row come as one value, with
// the byte lengths that cut it apart again, and the strings of an invoice
// share one allocation; updated_at comes back NULL while it equals
// imported_at.
const invoiceSelect = `
SELECT i.id, i.total_minor, i.paid_outside_minor, i.issue_date, i.due_date, i.source_line,
       i.imported_at, nullif(i.updated_at, i.imported_at),
       i.live_paid_minor, i.live_refunded_minor, i.live_charged_back_minor,
       i.test_paid_minor, i.test_refunded_minor, i.test_charged_back_minor,
       octet_length(i.number), octet_length(i.customer), octet_length(i.email), octet_length(i.currency),
       octet_length(i.kind), octet_length(i.discounts),
       i.number || i.customer || i.email || i.currency || i.kind || i.discounts || i.source_file,
       p.id, ifnull(octet_length(p.mollie_id), 0), ifnull(octet_length(p.kind), 0), ifnull(octet_length(p.mode), 0),
       ifnull(octet_length(p.status), 0),
       ifnull(p.mollie_id, '') || p.kind || p.mode || p.status || p.url
FROM invoices i
LEFT JOIN payments p ON p.id = i.last_payment_id`

// invoiceScanner turns rows of invoiceSelect into invoices, scanning every
// row into the same destinations.
type invoiceScanner struct {
	dest []any
	row  invoiceRow
}

type invoiceRow struct {
	inv                domain.Invoice
	total, paidOutside int64
	line               int64
	live, test         [3]int64 // paid, refunded, charged back
	lengths            [6]int64
	text               string
	payID              sql.NullInt64
	payLengths         [4]int64
	payText            string
}

func (sc *invoiceScanner) scan(rows *sql.Rows) (domain.Invoice, error) {
	r := &sc.row
	if sc.dest == nil {
		sc.dest = []any{
			intCol{&r.inv.ID}, intCol{&r.total}, intCol{&r.paidOutside},
			timeCol{&r.inv.IssueDate}, timeCol{&r.inv.DueDate}, intCol{&r.line},
			timeCol{&r.inv.ImportedAt}, timeCol{&r.inv.UpdatedAt},
			intCol{&r.live[0]}, intCol{&r.live[1]}, intCol{&r.live[2]},
			intCol{&r.test[0]}, intCol{&r.test[1]}, intCol{&r.test[2]},
			intCol{&r.lengths[0]}, intCol{&r.lengths[1]}, intCol{&r.lengths[2]}, intCol{&r.lengths[3]},
			intCol{&r.lengths[4]}, intCol{&r.lengths[5]}, &r.text,
			&r.payID, intCol{&r.payLengths[0]}, intCol{&r.payLengths[1]}, intCol{&r.payLengths[2]},
			intCol{&r.payLengths[3]}, textCol{&r.payText},
		}
	}
	if err := rows.Scan(sc.dest...); err != nil {
		return domain.Invoice{}, fmt.Errorf("read invoice: %w", err)
	}
	inv := r.inv
	var kind, discounts string
	if !cut(r.text, r.lengths[:], &inv.Number, &inv.Customer, &inv.Email, &inv.Currency, &kind, &discounts, &inv.SourceFile) {
		return domain.Invoice{}, fmt.Errorf("read invoice %d: its text columns do not add up to their lengths", inv.ID)
	}
	if discounts != "" {
		ds, err := domain.ParseDiscounts(discounts)
		if err != nil {
			return domain.Invoice{}, fmt.Errorf("read invoice %d: %w", inv.ID, err)
		}
		inv.Discounts = ds
	}
	inv.Kind = domain.InvoiceKind(kind)
	inv.SourceLine = int(r.line)
	if inv.UpdatedAt.IsZero() {
		inv.UpdatedAt = inv.ImportedAt
	}
	cur := inv.Currency
	inv.Total = domain.NewMoney(r.total, cur)
	inv.PaidOutside = domain.NewMoney(r.paidOutside, cur)
	inv.Live = settlement(cur, r.live)
	inv.Test = settlement(cur, r.test)
	if r.payID.Valid {
		var kind, mode, status string
		ref := &domain.PaymentRef{ID: r.payID.Int64}
		if !cut(r.payText, r.payLengths[:], &ref.MollieID, &kind, &mode, &status, &ref.URL) {
			return domain.Invoice{}, fmt.Errorf("read invoice %d: the text columns of payment %d do not add up to their lengths", inv.ID, ref.ID)
		}
		ref.Kind, ref.Mode, ref.Status = domain.PaymentKind(kind), domain.Mode(mode), domain.Status(status)
		inv.LastPayment = ref
	}
	return inv, nil
}

// cut splits s into fields of the given byte lengths, the last field taking
// the rest. The fields share s's memory.
func cut(s string, lengths []int64, fields ...*string) bool {
	for i, n := range lengths {
		if n < 0 || n > int64(len(s)) {
			return false
		}
		*fields[i], s = s[:n], s[n:]
	}
	*fields[len(lengths)] = s
	return true
}

func settlement(currency string, minor [3]int64) domain.Settlement {
	return domain.Settlement{
		Paid:        domain.NewMoney(minor[0], currency),
		Refunded:    domain.NewMoney(minor[1], currency),
		ChargedBack: domain.NewMoney(minor[2], currency),
	}
}
