-- Tamper-evident audit: every dossier event and every settings change joins
-- its unit's hash chain. unit_id is the chain ('' is the system-wide chain of
-- catalogue changes), chain_seq the position in it (1, 2, ...), hash the
-- SHA-256 of the row's canonical encoding and the previous link's hash (see
-- internal/store/audit.go). Rows that existed before this version are chained
-- by a Go step of this migration (store.backfillAuditChain), in the same
-- transaction, before the engine's file adds the unique indexes and the
-- triggers that refuse UPDATE and DELETE. After it, a row with chain_seq 0 was
-- inserted behind motcua's back.
ALTER TABLE dossier_events ADD COLUMN unit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_events ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE admin_events ADD COLUMN unit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE admin_events ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE admin_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The last link of each unit's chain. On PostgreSQL an append locks its row
-- FOR UPDATE, so each chain stays linear under concurrent writers; SQLite's
-- single writer serialises them anyway.
CREATE TABLE audit_heads (
    unit_id TEXT PRIMARY KEY,
    seq     BIGINT NOT NULL,
    hash    TEXT NOT NULL
);

-- Checkpoints: the head of each chain at an instant, written periodically by
-- serve (and by `motcua audit checkpoint`). Verification checks the chain
-- still passes through each; a chain shorter than a checkpoint was truncated.
-- Append-only like the events.
CREATE TABLE audit_checkpoints (
    unit_id TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    hash    TEXT NOT NULL,
    at      BIGINT NOT NULL,
    PRIMARY KEY (unit_id, seq)
);
