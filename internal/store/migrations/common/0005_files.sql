-- Uploaded files: the components of online dossiers and the images of news
-- articles. The bytes live in the database itself (the data column, added per
-- engine below: BLOB in SQLite, BYTEA in PostgreSQL) rather than on a disk
-- beside it, so that a commune's single SQLite file, or a province's
-- PostgreSQL, holds everything: one backup restores dossiers with their files,
-- a file is stored in the same transaction as the dossier that acknowledges it,
-- and several instances behind a load balancer need no shared disk.
--
-- A component file has its dossier and the component's index in the
-- dossier's components; a news image has neither.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    dossier_id   TEXT REFERENCES dossiers (id),
    component    INTEGER,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX files_by_dossier ON files (dossier_id, component);
