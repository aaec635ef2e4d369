-- Every write to units raises units_version.n (common/0037), once per
-- statement.
CREATE FUNCTION motcua_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE units_version SET n = n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER units_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_units_changed();
