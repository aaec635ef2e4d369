-- After the Go backfill of version 8: one event per chain position, and the
-- event tables and checkpoints append-only, refused by the database itself.
CREATE UNIQUE INDEX dossier_events_chain ON dossier_events (unit_id, chain_seq);
CREATE UNIQUE INDEX admin_events_chain ON admin_events (unit_id, chain_seq);

CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: UPDATE refused'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: DELETE refused'); END;
CREATE TRIGGER admin_events_no_update BEFORE UPDATE ON admin_events
BEGIN SELECT RAISE(ABORT, 'admin_events is append-only: UPDATE refused'); END;
CREATE TRIGGER admin_events_no_delete BEFORE DELETE ON admin_events
BEGIN SELECT RAISE(ABORT, 'admin_events is append-only: DELETE refused'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused'); END;
