-- Bumped whenever a unit's working time or calendar additions change, so that
-- cached calendars are rebuilt (on every instance).
ALTER TABLE units ADD COLUMN calendar_rev INTEGER NOT NULL DEFAULT 0;

-- A dossier: the columns that lists, queues, lookups and reports filter on,
-- and doc, the JSON of the whole dossier.Dossier, which is the current state.
CREATE TABLE dossiers (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    receiving_unit_id  TEXT NOT NULL REFERENCES units (id),
    resolving_unit_id  TEXT NOT NULL REFERENCES units (id),
    procedure_id       TEXT NOT NULL REFERENCES procedures (id),
    procedure_version  INTEGER NOT NULL,
    procedure_code     TEXT NOT NULL,
    field_code         TEXT NOT NULL,
    channel            INTEGER NOT NULL,
    status             INTEGER NOT NULL,
    applicant_name     TEXT NOT NULL,
    -- the last four digits of the applicant's phone and ID, the second factor of the public lookup
    lookup_phone       TEXT NOT NULL DEFAULT '',
    lookup_id          TEXT NOT NULL DEFAULT '',
    search_text        TEXT NOT NULL,
    submitted_at       BIGINT,
    received_at        BIGINT,
    appointment_at     BIGINT,
    ended_at           BIGINT,
    returned_at        BIGINT,
    assignee_id        TEXT,
    lead_id            TEXT,
    step_due_at        BIGINT,
    idempotency_key    TEXT UNIQUE,
    version            INTEGER NOT NULL,
    doc                TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX dossiers_by_unit_status ON dossiers (resolving_unit_id, status, appointment_at);
CREATE INDEX dossiers_by_receiving ON dossiers (receiving_unit_id, status, created_at);
CREATE INDEX dossiers_by_assignee ON dossiers (assignee_id, status, step_due_at);
CREATE INDEX dossiers_by_received ON dossiers (receiving_unit_id, received_at);

-- The event log: every change appends a row in the same transaction; rows are
-- never updated or deleted. It is the process control slip and the audit trail.
CREATE TABLE dossier_events (
    id           TEXT PRIMARY KEY,
    dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
    seq          INTEGER NOT NULL,
    at           BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     TEXT NOT NULL DEFAULT '',
    from_status  INTEGER NOT NULL,
    to_status    INTEGER NOT NULL,
    from_officer TEXT NOT NULL DEFAULT '',
    to_officer   TEXT NOT NULL DEFAULT '',
    step_due_at  BIGINT,
    note         TEXT NOT NULL DEFAULT '',
    public       BOOLEAN NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    UNIQUE (dossier_id, seq)
);

-- The day's sequence of dossier codes per receiving unit: incremented in the
-- intake transaction, so codes are unique and gap-free.
CREATE TABLE dossier_counters (
    unit_id TEXT NOT NULL REFERENCES units (id),
    day     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
);

-- Consultations between officers on a dossier, each with its own due date.
CREATE TABLE consultations (
    id           TEXT PRIMARY KEY,
    dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
    from_officer TEXT NOT NULL,
    to_officer   TEXT NOT NULL,
    question     TEXT NOT NULL,
    due_at       BIGINT NOT NULL,
    answer       TEXT NOT NULL DEFAULT '',
    answered_at  BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX consultations_by_officer ON consultations (to_officer, answered_at);
CREATE INDEX consultations_by_dossier ON consultations (dossier_id);

-- Background jobs (letters, notifications, portal sync), enqueued in the same
-- transaction as the change that needs them. key makes enqueueing idempotent.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL UNIQUE,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       BIGINT NOT NULL,
    locked_until BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    done_at      BIGINT
);
CREATE INDEX jobs_due ON jobs (state, run_at);
