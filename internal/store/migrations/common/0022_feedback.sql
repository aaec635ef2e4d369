-- Citizens' feedback and petitions (phản ánh, kiến nghị): internal/feedback.
-- Texts are the feedback package's names (kind, subject, channel, status,
-- rating); instants are Unix milliseconds, as everywhere.
CREATE TABLE feedback (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    unit_id          TEXT NOT NULL REFERENCES units (id),
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    about            TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL,
    title            TEXT NOT NULL,
    content          TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    -- the last four digits of the phone: the second factor of the public lookup
    lookup_phone     TEXT NOT NULL DEFAULT '',
    publish_consent  INTEGER NOT NULL DEFAULT 0,
    published        INTEGER NOT NULL DEFAULT 0,
    published_at     BIGINT,
    status           TEXT NOT NULL,
    handler_id       TEXT REFERENCES officers (id),
    received_at      BIGINT NOT NULL,
    due_at           BIGINT NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_at      BIGINT,
    answered_by      TEXT REFERENCES officers (id),
    rating           TEXT NOT NULL DEFAULT '',
    rated_at         BIGINT,
    created_by       TEXT REFERENCES officers (id),
    -- folded title, content, code and name, for the queue's search
    search_text      TEXT NOT NULL,
    -- a repeated submission (double click, retry) carries the same key
    idem_key         TEXT UNIQUE
);
CREATE INDEX feedback_queue ON feedback (unit_id, status, due_at);
CREATE INDEX feedback_handler ON feedback (handler_id, status, due_at);
CREATE INDEX feedback_answered ON feedback (unit_id, answered_at);
CREATE INDEX feedback_public ON feedback (published, published_at);

-- Every step of an item: received, assigned, answered, published,
-- unpublished, rated.
CREATE TABLE feedback_events (
    id          TEXT PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback (id),
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    actor_id    TEXT REFERENCES officers (id),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_by_item ON feedback_events (feedback_id, at);

-- The day's last feedback number, across the deployment (unit_id '*').
CREATE TABLE feedback_counters (
    unit_id TEXT NOT NULL,
    day     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
);
