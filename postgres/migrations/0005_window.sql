-- The invoice list reads one window at a time, through an index for every
-- order it offers (domain.InvoiceKey says what each holds); text keys
-- compare byte by byte (COLLATE "C"), as in SQLite.
--
-- The folded number and customer are written by paydesk with domain.Fold;
-- NULL until written, which opening the database makes up for.
ALTER TABLE invoices
    ADD COLUMN number_fold   text COLLATE "C",
    ADD COLUMN customer_fold text COLLATE "C",
    -- The due date with undated invoices last, and minus what is owed per
    -- mode (ascending order puts the largest amount first), computed from
    -- the settlement columns, so right wherever settlement is.
    ADD COLUMN due_key   bigint GENERATED ALWAYS AS (coalesce(due_date, 9223372036854775807)) STORED,
    ADD COLUMN live_rank bigint GENERATED ALWAYS AS
        (live_paid_minor - live_refunded_minor - live_charged_back_minor + paid_outside_minor - total_minor) STORED,
    ADD COLUMN test_rank bigint GENERATED ALWAYS AS
        (test_paid_minor - test_refunded_minor - test_charged_back_minor + paid_outside_minor - total_minor) STORED;
CREATE INDEX invoices_unfolded ON invoices (id) WHERE number_fold IS NULL OR customer_fold IS NULL;
CREATE INDEX invoices_due ON invoices (due_key, number);
CREATE INDEX invoices_live_owed ON invoices ((currency COLLATE "C"), live_rank, number);
CREATE INDEX invoices_test_owed ON invoices ((currency COLLATE "C"), test_rank, number);
CREATE INDEX invoices_customer ON invoices (customer_fold, number);

-- Search as you type: substrings through trigrams. pg_trgm ships with the
-- server (Debian's postgresql package) and is a trusted extension, so the
-- database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX invoices_number_trgm ON invoices USING gin (number_fold gin_trgm_ops);
CREATE INDEX invoices_customer_trgm ON invoices USING gin (customer_fold gin_trgm_ops);
