-- Payments of a dossier's fees (internal/payment): one row per attempt.
-- txn_ref is the order reference sent to the gateway; it is unique, so a
-- gateway message finds exactly one payment. Amounts are integer VND.
CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
    dossier_code TEXT NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES units (id),
    provider     TEXT NOT NULL,
    txn_ref      TEXT NOT NULL UNIQUE,
    amount       BIGINT NOT NULL,
    state        TEXT NOT NULL,
    gateway_txn  TEXT NOT NULL DEFAULT '',
    bank_code    TEXT NOT NULL DEFAULT '',
    -- the fee lines, beneficiary, payer and reasons, as JSON
    doc          TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    paid_at      BIGINT,
    confirmed_at BIGINT,
    confirmed_by TEXT NOT NULL DEFAULT '',
    refunded_at  BIGINT,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX payments_by_dossier ON payments (dossier_id, created_at);
CREATE INDEX payments_open ON payments (state, created_at);
CREATE INDEX payments_by_unit_paid ON payments (unit_id, provider, paid_at);
-- A dossier has at most one payment that is open or paid: a double click,
-- two tabs or a retried request cannot start a second charge.
CREATE UNIQUE INDEX payments_one_live ON payments (dossier_id) WHERE state IN ('created', 'pending', 'paid');

-- The account that receives a unit's fees, and the gateway it uses: per
-- procedure, or for all its procedures when procedure_code is ''.
CREATE TABLE payment_accounts (
    unit_id        TEXT NOT NULL REFERENCES units (id),
    procedure_code TEXT NOT NULL DEFAULT '',
    provider       TEXT NOT NULL,
    account_no     TEXT NOT NULL,
    account_name   TEXT NOT NULL,
    bank           TEXT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (unit_id, procedure_code)
);
