-- How the applicant wants the result: at the counter or by post, with the
-- postal address. One row per dossier, replaced when the applicant changes
-- their mind before the result is handed over.
CREATE TABLE return_choices (
    dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id),
    channel    TEXT NOT NULL CHECK (channel IN ('counter', 'post')),
    address    TEXT NOT NULL DEFAULT '',
    chosen_at  BIGINT NOT NULL
);
