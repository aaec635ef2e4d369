-- Digitised papers and signed results (docs/files.md).
--
-- blobs: the database backend of internal/filestore, for a deployment of
-- several servers with no shared disk. Bytes are addressed by their SHA-256
-- and written once; the data column is added per engine (BLOB, BYTEA).
CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

-- digitised_papers: one row per component of a dossier digitised at
-- reception (Circular 01/2023/TT-VPCP). The bytes are in the file store at
-- sha256; qr is the text of the TCVN 7322 QR printed on the paper copy.
-- The digitisation rate is computed from these rows.
CREATE TABLE digitised_papers (
    id              TEXT PRIMARY KEY,
    dossier_id      TEXT NOT NULL REFERENCES dossiers (id),
    component       INTEGER NOT NULL,
    component_name  TEXT NOT NULL,
    dossier_code    TEXT NOT NULL,
    procedure_code  TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    sha256          TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    pages           INTEGER NOT NULL,
    qr              TEXT NOT NULL,
    officer_id      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (dossier_id, component)
);
CREATE INDEX digitised_papers_by_unit ON digitised_papers (unit_id, created_at);

-- signed_documents: a result paper or receipt slip to sign, then signed.
-- A row is created 'pending' with the signing job in one transaction; the
-- job fills in the signed file (sha256 in the file store) or the error.
-- id is the verification code printed in the QR of the signed document.
CREATE TABLE signed_documents (
    id            TEXT PRIMARY KEY,
    dossier_id    TEXT NOT NULL REFERENCES dossiers (id),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    state         TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    signer        TEXT NOT NULL DEFAULT '',
    signer_title  TEXT NOT NULL DEFAULT '',
    method        TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT '',
    size          BIGINT NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    signed_at     BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX signed_documents_by_dossier ON signed_documents (dossier_id, kind, created_at);
-- At most one live (pending or signed) document of a kind per dossier: a
-- double click or a retried request finds the first one.
CREATE UNIQUE INDEX signed_documents_live ON signed_documents (dossier_id, kind) WHERE state <> 'failed';
CREATE INDEX signed_documents_by_sha ON signed_documents (sha256);
