-- Dossiers that arrived from the national portal: the portal's code is
-- unique, so a second delivery of the same portal dossier (a retried push,
-- the next pull, both at once) finds the first one's dossier and changes
-- nothing. The row is written in the transaction of the dossier's intake.
CREATE TABLE portal_inbound (
    portal_code TEXT PRIMARY KEY,
    dossier_id  TEXT NOT NULL,   -- '' only inside the intake's own transaction
    source      TEXT NOT NULL,   -- 'push' or 'pull'
    received_at BIGINT NOT NULL
);
CREATE INDEX portal_inbound_by_dossier ON portal_inbound (dossier_id);

-- What the portal sent that motcua refused, with why, for an officer to see
-- on the sync page (and settle with the portal by hand).
CREATE TABLE portal_rejected (
    id          TEXT PRIMARY KEY,
    portal_code TEXT NOT NULL DEFAULT '',
    unit_code   TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,   -- 'push' or 'pull'
    field       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '',  -- the first 4 KB of what came
    received_at BIGINT NOT NULL
);
CREATE INDEX portal_rejected_by_time ON portal_rejected (received_at);
