-- The tab counts without a search: the number of invoices is kept by
-- triggers (counting a million rows takes a quarter of a second), and the
-- rest come from partial indexes as large as what they count: invoices
-- still owed per mode (by due date, so that the overdue ones are a range
-- of it; kind and rank included so that counting never visits the
-- table), credit notes, and invoices of zero or less, which are neither
-- owed nor paid. The terms of each WHERE are those of the queries in
-- persistence/window.go, so SQLite uses them.
CREATE TABLE invoice_count (n INTEGER NOT NULL);
INSERT INTO invoice_count SELECT count(*) FROM invoices;
CREATE TRIGGER invoice_count_insert AFTER INSERT ON invoices BEGIN UPDATE invoice_count SET n = n + 1; END;
CREATE TRIGGER invoice_count_delete AFTER DELETE ON invoices BEGIN UPDATE invoice_count SET n = n - 1; END;

CREATE INDEX invoices_live_owing ON invoices (due_key, kind, live_rank) WHERE kind = 'invoice' AND live_rank < 0;
CREATE INDEX invoices_test_owing ON invoices (due_key, kind, test_rank) WHERE kind = 'invoice' AND test_rank < 0;
CREATE INDEX invoices_credit_notes ON invoices (id) WHERE kind = 'credit_note';
CREATE INDEX invoices_not_positive ON invoices (id) WHERE kind = 'invoice' AND total_minor <= 0;
