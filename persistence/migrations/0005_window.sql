-- The invoice list reads one window at a time, through an index for every
-- order it offers (domain.InvoiceKey says what each holds).
--
-- The folded number and customer are written by paydesk with domain.Fold
-- (SQL's lower() knows only ASCII); NULL until written, which opening the
-- database makes up for (the index below finds such rows at once).
ALTER TABLE invoices ADD COLUMN number_fold TEXT;
ALTER TABLE invoices ADD COLUMN customer_fold TEXT;
CREATE INDEX invoices_unfolded ON invoices (id) WHERE number_fold IS NULL OR customer_fold IS NULL;

-- The due date with undated invoices last, and minus what is owed per mode
-- (so that ascending order puts the largest amount first). Virtual columns
-- are computed from the settlement columns, so they are right wherever
-- settlement is.
ALTER TABLE invoices ADD COLUMN due_key INTEGER GENERATED ALWAYS AS (ifnull(due_date, 9223372036854775807)) VIRTUAL;
ALTER TABLE invoices ADD COLUMN live_rank INTEGER GENERATED ALWAYS AS
    (live_paid_minor - live_refunded_minor - live_charged_back_minor + paid_outside_minor - total_minor) VIRTUAL;
ALTER TABLE invoices ADD COLUMN test_rank INTEGER GENERATED ALWAYS AS
    (test_paid_minor - test_refunded_minor - test_charged_back_minor + paid_outside_minor - total_minor) VIRTUAL;

CREATE INDEX invoices_due ON invoices (due_key, number);
CREATE INDEX invoices_live_owed ON invoices (currency, live_rank, number);
CREATE INDEX invoices_test_owed ON invoices (currency, test_rank, number);
CREATE INDEX invoices_customer ON invoices (customer_fold, number);

-- Search as you type: substrings of the folded number and customer through
-- trigrams. The table holds only the index; triggers keep it in step.
CREATE VIRTUAL TABLE invoices_search USING fts5 (number_fold, customer_fold,
    content = 'invoices', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoices_search (rowid, number_fold, customer_fold) VALUES (new.id, new.number_fold, new.customer_fold);
END;
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
    INSERT INTO invoices_search (invoices_search, rowid, number_fold, customer_fold)
    VALUES ('delete', old.id, old.number_fold, old.customer_fold);
END;
CREATE TRIGGER invoices_search_update AFTER UPDATE OF number_fold, customer_fold ON invoices BEGIN
    INSERT INTO invoices_search (invoices_search, rowid, number_fold, customer_fold)
    VALUES ('delete', old.id, old.number_fold, old.customer_fold);
    INSERT INTO invoices_search (rowid, number_fold, customer_fold) VALUES (new.id, new.number_fold, new.customer_fold);
END;
