-- The result paper of a dossier (docs/files.md): what the specialist
-- uploads (a PDF, its bytes in the file store at sha256) or generates (the
-- result notice, rendered from the dossier when read: sha256 empty), for the
-- leader to see before approving and, when the result is electronic, for
-- the applicant to download. Replaceable until approval: a replaced paper
-- keeps its row with replaced_at set, so the history shows every version;
-- at most one current paper per dossier.
CREATE TABLE result_papers (
    id           TEXT PRIMARY KEY,
    dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
    source       TEXT NOT NULL CHECK (source IN ('upload', 'generated')),
    sha256       TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size         BIGINT NOT NULL DEFAULT 0,
    pages        INTEGER NOT NULL DEFAULT 0,
    officer_id   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    replaced_at  BIGINT
);
CREATE UNIQUE INDEX result_papers_current ON result_papers (dossier_id) WHERE replaced_at IS NULL;
