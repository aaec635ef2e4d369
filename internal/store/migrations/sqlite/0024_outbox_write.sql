-- The outbox's indexes (see common/0024). SQLite cannot drop the table's
-- UNIQUE (topic, key, seq) constraint, so the table is rebuilt, as its
-- documentation's "making other kinds of table schema changes" says; nothing
-- refers to it by a foreign key.
CREATE TABLE outbox_new (
    id              TEXT PRIMARY KEY,
    unit_id         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    key             TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    queued_at       BIGINT NOT NULL,
    sent_at         BIGINT,
    discarded_by    TEXT NOT NULL DEFAULT '',
    discard_reason  TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_new (id, unit_id, topic, key, seq, payload, state, attempts, next_attempt_at, locked_until,
    last_error, created_at, queued_at, sent_at, discarded_by, discard_reason)
    SELECT id, unit_id, topic, key, seq, payload, state, attempts, next_attempt_at, locked_until,
    last_error, created_at, queued_at, sent_at, discarded_by, discard_reason FROM outbox ORDER BY rowid;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

-- 1. One key's messages in order, the key first: a change's portal message
--    and its notices (same dossier, other topic) share the index's page.
CREATE UNIQUE INDEX outbox_key ON outbox (key, topic, seq);
-- 2. The claims' partial indexes, which also carry the unit, the queue time
--    and the state, and one for the failed messages: the backlog, its oldest
--    message and a unit's summary are read from them alone ("USING COVERING
--    INDEX"; queries name one state with =, see store.outboxWhere), never
--    from the sent rows. Gone: outbox_by_unit (every message by unit) and
--    outbox_unsent (every unsent message), one page each for every new
--    message.
CREATE INDEX outbox_queued ON outbox (topic, next_attempt_at, id, unit_id, queued_at, state) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox (topic, locked_until, id, unit_id, queued_at, state) WHERE state = 'sending';
CREATE INDEX outbox_failed ON outbox (topic, unit_id, queued_at, state) WHERE state = 'failed';
