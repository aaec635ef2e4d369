-- A unit's list of dossiers in its default order (the most urgent first:
-- by appointment, then the newest, then id): a page of the list
-- (store.DossierPage, the API's GET /dossiers) reads the unit's dossiers
-- along these and stops after a page's rows, where it sorted all of the
-- unit's dossiers for every page (docs/performance.md, "The API's list").
-- On PostgreSQL: the dossiers a unit received, by receiving unit ...
CREATE INDEX dossiers_list_receiving ON dossiers (receiving_unit_id, appointment_at, created_at DESC, id);
-- ... and those it resolves having been received by another unit, by
-- resolving unit (partial: in a commune the same unit receives and
-- resolves, and a whole index by resolving unit would be read through to
-- find none). SQLite's indexes are three partial ones; a partial index of
-- the dossiers received and resolved by the same unit cannot serve
-- PostgreSQL, which folds "resolving_unit_id = $1 AND receiving_unit_id =
-- resolving_unit_id" into two comparisons with $1 and then cannot prove the
-- index's condition.
CREATE INDEX dossiers_list_resolving ON dossiers (resolving_unit_id, appointment_at, created_at DESC, id)
    WHERE receiving_unit_id <> resolving_unit_id;
