-- After the Go backfill of version 8: one event per chain position, and the
-- event tables and checkpoints append-only, refused by the database itself
-- (TRUNCATE too, which row triggers do not see).
CREATE UNIQUE INDEX dossier_events_chain ON dossier_events (unit_id, chain_seq);
CREATE UNIQUE INDEX admin_events_chain ON admin_events (unit_id, chain_seq);

CREATE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events
    FOR EACH ROW EXECUTE FUNCTION motcua_append_only();
CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only();
CREATE TRIGGER admin_events_append_only BEFORE UPDATE OR DELETE ON admin_events
    FOR EACH ROW EXECUTE FUNCTION motcua_append_only();
CREATE TRIGGER admin_events_no_truncate BEFORE TRUNCATE ON admin_events
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION motcua_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only();
