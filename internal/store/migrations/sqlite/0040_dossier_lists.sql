-- A unit's list of dossiers in its default order (the most urgent first:
-- by appointment, then the newest, then id): a page of the list
-- (store.DossierPage, the API's GET /dossiers) reads the unit's dossiers
-- along these and stops after a page's rows, where it sorted all of the
-- unit's dossiers for every page (docs/performance.md, "The API's list").
-- On SQLite all three are partial, each read only by a query that names its
-- condition (SQLite plans without statistics, and an index of all of a
-- unit's received dossiers by appointment drew other queries to it; the
-- PostgreSQL file says why PostgreSQL's differ):
-- the dossiers a unit both receives and resolves (nearly all of a
-- commune's), by unit ...
CREATE INDEX dossiers_list_same ON dossiers (resolving_unit_id, appointment_at, created_at DESC, id)
    WHERE receiving_unit_id = resolving_unit_id;
-- ... and those received by another unit than the one resolving them, by
-- the resolving unit.
CREATE INDEX dossiers_list_resolving ON dossiers (resolving_unit_id, appointment_at, created_at DESC, id)
    WHERE receiving_unit_id <> resolving_unit_id;
-- And those a unit received for another, by the receiving unit. Its
-- condition is spelled the other way round from dossiers_by_receiving_due's
-- on purpose: SQLite takes a partial index for a query only when the query
-- spells its condition, and spelled alike this one drew the dashboard's
-- overdue list away from dossiers_by_receiving_due (its statuses) to read
-- every dossier the unit received for others before the instant
-- (store.TestOverdueListKeepsItsIndexes).
CREATE INDEX dossiers_list_sent ON dossiers (receiving_unit_id, appointment_at, created_at DESC, id)
    WHERE resolving_unit_id <> receiving_unit_id;
