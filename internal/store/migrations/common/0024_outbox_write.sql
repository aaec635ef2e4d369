-- What a message costs the change that writes it (issue 10). Every index of
-- the outbox is one more page the change's commit writes: a new message now
-- enters the table, its two unique indexes (id; key, topic, seq) and
-- outbox_queued, and nothing else (docs/portal.md, "What the outbox costs a
-- change"). The indexes differ by engine only in how the old ones go:
-- sqlite/0024 and postgres/0024.
--
-- Sent messages are counted per topic and unit as they are settled, in the
-- settling transaction (store.SettleOutbox): the sync page reads its "sent"
-- figure here instead of counting every sent message at each load, and no
-- index over every message by unit (outbox_by_unit) is needed for it.
CREATE TABLE outbox_sent (
    topic   TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (topic, unit_id)
);
INSERT INTO outbox_sent (topic, unit_id, n)
    SELECT topic, unit_id, COUNT(*) FROM outbox WHERE state = 'sent' GROUP BY topic, unit_id;
