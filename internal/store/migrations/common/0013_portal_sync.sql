-- The national portal sync, second part (issue 10).
--
-- 1. The outbox's claim indexes cover only the rows a claim can take: a
--    queued message (by when it is due) and a sending one (by when its lease
--    ends). Sent messages, millions of them after a few years, are in
--    neither, so a claim walks only the live rows and settling a message
--    removes an index entry instead of moving it.
DROP INDEX outbox_due;
DROP INDEX outbox_leases;
CREATE INDEX outbox_queued ON outbox (topic, next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox (topic, locked_until, id) WHERE state = 'sending';
CREATE INDEX outbox_unsent ON outbox (topic, unit_id, queued_at) WHERE state IN ('queued', 'sending', 'failed');

-- 2. The mapping from our codes to the portal's, edited by an administrator
--    (/can-bo/dong-bo/anh-xa). A row overrides the file given as
--    --portal-mapping and the default (the same code). kind: 'procedure'
--    (our procedure code -> MaTTHC), 'status' (1-10 -> TrangThaiHoSo),
--    'unit' (our unit code -> madonvi), 'action' (an action -> its step text).
CREATE TABLE portal_mapping (
    kind       TEXT NOT NULL,
    ours       TEXT NOT NULL,
    theirs     TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, ours)
);

-- 3. The national list of procedures as LayDanhSachTTHC last returned it:
--    the report of unmapped procedures compares our catalogue with it.
CREATE TABLE portal_procedures (
    code       TEXT PRIMARY KEY,   -- MaTTHC
    name       TEXT NOT NULL,
    field_code TEXT NOT NULL DEFAULT '',
    fetched_at BIGINT NOT NULL
);

-- 4. Reconciliation: a run compares a unit's dossiers of a period with what
--    the portal holds (TraCuuHoSo) and lists each difference; the ones a
--    message can fix are queued again.
CREATE TABLE portal_reconciliations (
    id          TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL,
    period_from BIGINT NOT NULL,
    period_to   BIGINT NOT NULL,
    started_by  TEXT NOT NULL,     -- an officer's id, or 'schedule'
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    checked     INTEGER NOT NULL DEFAULT 0,
    differences INTEGER NOT NULL DEFAULT 0,
    requeued    INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX portal_reconciliations_by_unit ON portal_reconciliations (unit_id, started_at);

CREATE TABLE portal_differences (
    reconciliation_id TEXT NOT NULL,
    dossier_id        TEXT NOT NULL,
    code              TEXT NOT NULL,
    kind              TEXT NOT NULL,  -- 'missing', 'status', 'appointment'
    ours              TEXT NOT NULL DEFAULT '',
    theirs            TEXT NOT NULL DEFAULT '',
    requeued          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (reconciliation_id, dossier_id, kind)
);
