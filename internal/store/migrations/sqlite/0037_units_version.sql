-- Every write to units raises units_version.n (common/0037).
CREATE TRIGGER units_version_insert AFTER INSERT ON units BEGIN UPDATE units_version SET n = n + 1; END;
CREATE TRIGGER units_version_update AFTER UPDATE ON units BEGIN UPDATE units_version SET n = n + 1; END;
CREATE TRIGGER units_version_delete AFTER DELETE ON units BEGIN UPDATE units_version SET n = n + 1; END;
