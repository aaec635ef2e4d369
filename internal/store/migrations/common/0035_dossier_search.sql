-- The dossier search reads a unit's newest dossiers first (search.go): by
-- time of storing, from either unit of the dossier.
CREATE INDEX dossiers_by_receiving_created ON dossiers (receiving_unit_id, created_at);
CREATE INDEX dossiers_by_resolving_created ON dossiers (resolving_unit_id, created_at);
