package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are the queries that every webhook, status change, log line
// and screen refresh runs. SQLite parses and plans SQL text each time it is
// given, which for these costs more than running them, so they are
// prepared once when the store opens. Inside a transaction they are used
// through tx.StmtContext: database/sql keeps every statement prepared on
// each connection it ran on and hands that back instead of preparing again.
//
// Statements run once per command or built per call (imports, migrations,
// the filters of Payments and Log) stay SQL text.
type statements struct {
	invoiceByNumber, allInvoices, countInvoices, invoicesByNumbers *sql.Stmt

	paymentByID, paymentByMollieID, invoicePayments, attempts   *sql.Stmt
	insertPayment, updatePayment, upsertAttempt, deleteAttempts *sql.Stmt
	settle                                                      *sql.Stmt

	appendLog                       *sql.Stmt
	setting, putSetting, delSetting *sql.Stmt
	lease, putLease                 *sql.Stmt

	all []*sql.Stmt // every statement above, for close
}

// prepareStatements prepares every statement on db; the schema must be up
// to date, since SQLite checks the statements against it.
func prepareStatements(ctx context.Context, db *sql.DB) (*statements, error) {
	st := &statements{}
	for _, q := range []struct {
		stmt  **sql.Stmt
		name  string
		query string
	}{
		{&st.invoiceByNumber, "invoice by number", invoiceByNumberSQL},
		{&st.allInvoices, "all invoices", allInvoicesSQL},
		{&st.countInvoices, "count invoices", countInvoicesSQL},
		{&st.invoicesByNumbers, "invoices by numbers", invoicesByNumbersSQL},
		{&st.paymentByID, "payment by id", paymentByIDSQL},
		{&st.paymentByMollieID, "payment by Mollie id", paymentByMollieIDSQL},
		{&st.invoicePayments, "payments of an invoice", invoicePaymentsSQL},
		{&st.attempts, "attempts", attemptsSQL},
		{&st.insertPayment, "insert payment", insertPaymentSQL},
		{&st.updatePayment, "update payment", updatePaymentSQL},
		{&st.upsertAttempt, "upsert attempt", upsertAttemptSQL},
		{&st.deleteAttempts, "delete attempts", deleteAttemptsSQL},
		{&st.settle, "settle invoice", settleSQL},
		{&st.appendLog, "append log", appendLogSQL},
		{&st.setting, "read setting", settingSQL},
		{&st.putSetting, "store setting", putSettingSQL},
		{&st.delSetting, "remove setting", delSettingSQL},
		{&st.lease, "read lease", leaseSQL},
		{&st.putLease, "store lease", putLeaseSQL},
	} {
		s, err := db.PrepareContext(ctx, q.query)
		if err != nil {
			st.close()
			return nil, fmt.Errorf("prepare %s: %w", q.name, err)
		}
		*q.stmt = s
		st.all = append(st.all, s)
	}
	return st, nil
}

// close closes the statements prepared so far.
func (st *statements) close() error {
	var errs []error
	for _, s := range st.all {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}
