-- Times are Unix nanoseconds in UTC (INTEGER); NULL is "not set".
-- Money is INTEGER minor units in the currency of the invoice it belongs to.

CREATE TABLE invoices (
    id                      INTEGER PRIMARY KEY,
    number                  TEXT    NOT NULL UNIQUE,
    customer                TEXT    NOT NULL DEFAULT '',
    email                   TEXT    NOT NULL DEFAULT '',
    currency                TEXT    NOT NULL CHECK (length(currency) = 3),
    total_minor             INTEGER NOT NULL,
    -- What the document itself says was prepaid; kept apart so that a
    -- re-import never wipes payments recorded by hand.
    prepaid_minor           INTEGER NOT NULL DEFAULT 0,
    -- prepaid_minor plus every external_payments row of the invoice.
    paid_outside_minor      INTEGER NOT NULL DEFAULT 0,
    issue_date              INTEGER,
    due_date                INTEGER,
    kind                    TEXT    NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    source_file             TEXT    NOT NULL DEFAULT '',
    source_line             INTEGER NOT NULL DEFAULT 0,
    imported_at             INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    -- Settlement per mode, recomputed from the payments whenever one changes,
    -- so that listing invoices never has to visit their payments.
    live_paid_minor         INTEGER NOT NULL DEFAULT 0,
    live_refunded_minor     INTEGER NOT NULL DEFAULT 0,
    live_charged_back_minor INTEGER NOT NULL DEFAULT 0,
    test_paid_minor         INTEGER NOT NULL DEFAULT 0,
    test_refunded_minor     INTEGER NOT NULL DEFAULT 0,
    test_charged_back_minor INTEGER NOT NULL DEFAULT 0,
    last_payment_id         INTEGER REFERENCES payments (id) ON DELETE SET NULL
);

CREATE TABLE external_payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
    amount_minor INTEGER NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    actor        TEXT    NOT NULL DEFAULT '',
    at           INTEGER NOT NULL
);
CREATE INDEX external_payments_invoice ON external_payments (invoice_id);

CREATE TABLE payments (
    id                 INTEGER PRIMARY KEY,
    invoice_id         INTEGER NOT NULL REFERENCES invoices (id),
    kind               TEXT    NOT NULL CHECK (kind IN ('link', 'checkout')),
    mode               TEXT    NOT NULL CHECK (mode IN ('test', 'live')),
    mollie_id          TEXT    UNIQUE, -- NULL while creating
    idempotency_key    TEXT    NOT NULL DEFAULT '',
    description        TEXT    NOT NULL DEFAULT '',
    amount_minor       INTEGER NOT NULL,
    url                TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL,
    method             TEXT    NOT NULL DEFAULT '',
    actor              TEXT    NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER,
    paid_at            INTEGER,
    canceled_at        INTEGER,
    expired_at         INTEGER,
    failed_at          INTEGER,
    refunded_minor     INTEGER NOT NULL DEFAULT 0,
    charged_back_minor INTEGER NOT NULL DEFAULT 0,
    checked_at         INTEGER
);
CREATE INDEX payments_invoice ON payments (invoice_id, created_at);
CREATE INDEX payments_created ON payments (created_at);
-- The one-active-payment rule: per invoice and mode, at most one row that is
-- not final. Code checks it too; this makes a second row impossible even when
-- two processes race.
CREATE UNIQUE INDEX payments_one_active ON payments (invoice_id, mode)
    WHERE status NOT IN ('paid', 'canceled', 'expired', 'failed', 'archived');

CREATE TABLE payment_attempts (
    id                 INTEGER PRIMARY KEY,
    payment_id         INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    mollie_id          TEXT    NOT NULL UNIQUE,
    status             TEXT    NOT NULL,
    method             TEXT    NOT NULL DEFAULT '',
    amount_minor       INTEGER NOT NULL DEFAULT 0,
    refunded_minor     INTEGER NOT NULL DEFAULT 0,
    charged_back_minor INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER,
    paid_at            INTEGER,
    canceled_at        INTEGER,
    expired_at         INTEGER,
    failed_at          INTEGER
);
CREATE INDEX payment_attempts_payment ON payment_attempts (payment_id);

-- AUTOINCREMENT: ids are never reused after pruning, so a reader following
-- the log by id never misses an entry.
CREATE TABLE log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    level          TEXT    NOT NULL CHECK (level IN ('info', 'warn', 'error')),
    actor          TEXT    NOT NULL DEFAULT '',
    invoice_number TEXT    NOT NULL DEFAULT '',
    mollie_id      TEXT    NOT NULL DEFAULT '',
    event          TEXT    NOT NULL,
    message        TEXT    NOT NULL DEFAULT '',
    http_status    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX log_invoice ON log (invoice_number, id);
CREATE INDEX log_at ON log (at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE leases (
    name   TEXT    PRIMARY KEY,
    holder TEXT    NOT NULL,
    until  INTEGER NOT NULL
) WITHOUT ROWID;
