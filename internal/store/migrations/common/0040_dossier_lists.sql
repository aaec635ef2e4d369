-- A unit's list of dossiers in its default order (the most urgent first:
-- by appointment, then the newest, then id), along each unit column: a
-- page of the list (store.DossierPage, the API's GET /dossiers) reads the
-- dossiers the unit received and those it resolves along these, and stops
-- after a page's rows, where it sorted all of the unit's dossiers for
-- every page (docs/performance.md, "The API's list").
CREATE INDEX dossiers_list_receiving ON dossiers (receiving_unit_id, appointment_at, created_at DESC, id);
-- The second holds only the dossiers received by another unit than the one
-- resolving them: those the first does not list under the resolving unit.
CREATE INDEX dossiers_list_resolving ON dossiers (resolving_unit_id, appointment_at, created_at DESC, id)
    WHERE receiving_unit_id <> resolving_unit_id;
