-- Letter templates per unit and kind, versioned: a save adds a version, the
-- highest is in force, older ones stay for the letters that used them. A unit
-- with no row for a kind uses the default text shipped in internal/letter
-- (recorded as template version 0).
CREATE TABLE letter_templates (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    kind       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, kind, version)
);

-- The letter register: one row per letter produced, at most one per dossier
-- and kind (the unique key makes producing idempotent). recipients is the
-- JSON of []letter.Recipient, content of letter.Content, sender of
-- letter.Sender (who signed, as it stood when the letter was produced, so a
-- reprint is the same letter after the chairman changes).
CREATE TABLE letters (
    id               TEXT PRIMARY KEY,
    dossier_id       TEXT NOT NULL REFERENCES dossiers (id),
    kind             TEXT NOT NULL,
    unit_id          TEXT NOT NULL REFERENCES units (id),
    template_version INTEGER NOT NULL,
    recipients       TEXT NOT NULL,
    content          TEXT NOT NULL,
    sender           TEXT NOT NULL,
    produced_at      BIGINT NOT NULL,
    printed_at       BIGINT,
    sent_at          BIGINT,
    UNIQUE (dossier_id, kind)
);
CREATE INDEX letters_by_unit ON letters (unit_id, produced_at);

-- Jobs the runner looks for: due queued ones and expired leases.
CREATE INDEX jobs_by_lease ON jobs (state, locked_until);
