-- Files a citizen chose in an online form that came back with errors, kept
-- under the form's secret key so they need not be chosen again. One per
-- component of a draft; removed when the dossier is submitted, and after a
-- day (store.SaveDraftFile purges them).
CREATE TABLE draft_files (
    draft_key    TEXT NOT NULL,
    component    INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (draft_key, component)
);
CREATE INDEX draft_files_by_time ON draft_files (created_at);
