-- The outbox's indexes (see common/0024 and sqlite/0024, which says why
-- each is as it is).
ALTER TABLE outbox DROP CONSTRAINT outbox_topic_key_seq_key;
CREATE UNIQUE INDEX outbox_key ON outbox (key, topic, seq);
DROP INDEX outbox_by_unit;
DROP INDEX outbox_unsent;
DROP INDEX outbox_queued;
DROP INDEX outbox_sending;
CREATE INDEX outbox_queued ON outbox (topic, next_attempt_at, id, unit_id, queued_at, state) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox (topic, locked_until, id, unit_id, queued_at, state) WHERE state = 'sending';
CREATE INDEX outbox_failed ON outbox (topic, unit_id, queued_at, state) WHERE state = 'failed';
