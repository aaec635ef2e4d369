-- The units' version (units_cache.go): a counter the database itself raises
-- on every write to units (the triggers are in each engine's 0037), so that
-- a process keeping the units in memory learns with one read of one row
-- whether they changed, whichever node or command wrote them.
CREATE TABLE units_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO units_version (id, n) VALUES (1, 0);
