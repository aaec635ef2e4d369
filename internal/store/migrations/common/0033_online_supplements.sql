-- What an applicant sent online in answer to a supplement request (issue 19,
-- docs/ux.md): one row per answered request (request_no is the dossier's
-- supplement request count when it was answered), so a request is answered
-- once; idem_key is the form's secret key, so a double click or a retried
-- form returns the first answer and stores nothing. The files are rows of
-- files (the dossier's, with no component) named here with the item of the
-- request each answers.
CREATE TABLE online_supplements (
    id         TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    request_no INTEGER NOT NULL,
    idem_key   TEXT NOT NULL UNIQUE,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (dossier_id, request_no)
);
CREATE TABLE online_supplement_files (
    supplement_id TEXT NOT NULL REFERENCES online_supplements (id),
    file_id       TEXT NOT NULL REFERENCES files (id),
    item          INTEGER NOT NULL,
    PRIMARY KEY (supplement_id, file_id)
);
