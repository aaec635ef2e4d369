-- The outbox: every message motcua owes an outside system (the national
-- portal, later notifications...), written in the transaction of the change
-- it reports, delivered by internal/outbox. One key's messages (a dossier's)
-- are delivered in seq order; different keys in parallel.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    unit_id         TEXT NOT NULL,
    topic           TEXT NOT NULL,               -- the adapter: 'portal', ...
    key             TEXT NOT NULL,               -- ordering key: the dossier id
    seq             INTEGER NOT NULL,            -- 1, 2, ... per (topic, key)
    payload         TEXT NOT NULL,               -- JSON, in our own terms
    state           TEXT NOT NULL,               -- queued, sending, sent, failed, discarded
    attempts        INTEGER NOT NULL DEFAULT 0,  -- claims so far; the claim's fencing token
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    queued_at       BIGINT NOT NULL,             -- created, or resent: the age limit counts from here
    sent_at         BIGINT,
    discarded_by    TEXT NOT NULL DEFAULT '',
    discard_reason  TEXT NOT NULL DEFAULT '',
    UNIQUE (topic, key, seq)
);
CREATE INDEX outbox_due ON outbox (topic, state, next_attempt_at, id);
CREATE INDEX outbox_leases ON outbox (topic, state, locked_until, id);
CREATE INDEX outbox_by_unit ON outbox (unit_id, state);

-- The dossiers whose record reached the national portal after reception:
-- the first such delivery adds 1 to ReceivedSynced on the reception day.
CREATE TABLE portal_synced (
    dossier_id TEXT PRIMARY KEY,
    synced_at  BIGINT NOT NULL
);
