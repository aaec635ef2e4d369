-- The pending dossiers of each competent unit, counted by appointment day,
-- kept by every change of a dossier in its own transaction
-- (store/pending.go): a province's page counts its communes' overdue,
-- due-soon and in-time dossiers from these rows and from the few dossiers
-- due around now, where it read every pending dossier of the province
-- (docs/performance.md, "A province on PostgreSQL"). waiting is 1 for the
-- dossiers waiting for a supplement (status 5), whatever their appointment,
-- with due_day 0; the others (status 2, 4 and 6 with an appointment) count
-- on the day of their appointment, in whole days since 1970-01-01 UTC.
-- Rows whose count falls to 0 are deleted. The rows are filled from the
-- dossiers by the version's Go step (store.PendingRecount).
CREATE TABLE stats_pending (
    unit_id TEXT    NOT NULL,
    waiting INTEGER NOT NULL,
    due_day BIGINT  NOT NULL,
    n       BIGINT  NOT NULL,
    PRIMARY KEY (unit_id, waiting, due_day)
);

-- The dossiers counted there by day, in order of appointment: the counts
-- read the few due around now from it (store.pendingByUnit) and a
-- province's overdue list its first rows (store.OverdueDossiers), where the
-- index by unit, status and appointment was walked once per unit and
-- status (three times 124 walks for a province of 124 communes).
CREATE INDEX dossiers_pending_due ON dossiers (appointment_at, resolving_unit_id) WHERE status IN (2, 4, 6);
