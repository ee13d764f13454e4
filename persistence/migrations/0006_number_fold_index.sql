-- An import finds numbers that differ only by letter case through this
-- index on the folded number instead of reading every number.
CREATE INDEX invoices_number_fold ON invoices (number_fold);
