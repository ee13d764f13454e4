-- Rows written before migration 0005 reach the search index only when
-- opening the database folds them (their folded columns are NULL until
-- then). An external-content FTS5 index breaks when told to delete a row
-- it never held, so the triggers delete from it only rows that were
-- folded, and so indexed, before.
DROP TRIGGER invoices_search_delete;
DROP TRIGGER invoices_search_update;
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
    INSERT INTO invoices_search (invoices_search, rowid, number_fold, customer_fold)
    SELECT 'delete', old.id, old.number_fold, old.customer_fold
    WHERE old.number_fold IS NOT NULL AND old.customer_fold IS NOT NULL;
END;
CREATE TRIGGER invoices_search_update AFTER UPDATE OF number_fold, customer_fold ON invoices BEGIN
    INSERT INTO invoices_search (invoices_search, rowid, number_fold, customer_fold)
    SELECT 'delete', old.id, old.number_fold, old.customer_fold
    WHERE old.number_fold IS NOT NULL AND old.customer_fold IS NOT NULL;
    INSERT INTO invoices_search (rowid, number_fold, customer_fold) VALUES (new.id, new.number_fold, new.customer_fold);
END;
