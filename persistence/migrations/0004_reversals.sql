-- A manual payment is corrected by a counter-entry that names the entry it
-- reverses; rows are never edited or deleted. An entry is reversed once.
ALTER TABLE external_payments ADD COLUMN reverses INTEGER REFERENCES external_payments (id);
CREATE UNIQUE INDEX external_payments_reverses ON external_payments (reverses) WHERE reverses IS NOT NULL;
