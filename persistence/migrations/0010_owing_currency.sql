-- The receivables summary sums what the owing invoices owe per currency and
-- ageing bucket. With the currency in the owing invoices' partial indexes
-- (migration 0007) it reads them alone: the amount owed is minus the rank
-- and the bucket follows from the due date, both in the index, where it
-- visited the table for each owing invoice (seconds at a million).
DROP INDEX invoices_live_owing;
DROP INDEX invoices_test_owing;
CREATE INDEX invoices_live_owing ON invoices (due_key, kind, live_rank, currency) WHERE kind = 'invoice' AND live_rank < 0;
CREATE INDEX invoices_test_owing ON invoices (due_key, kind, test_rank, currency) WHERE kind = 'invoice' AND test_rank < 0;
