-- Assisted online submission (issue 18 point 4): dossiers an officer helped
-- the citizen submit online at the counter, a subset of received_online,
-- dated by reception like the other channel counts (report.Counts).
ALTER TABLE stats_daily ADD COLUMN received_assisted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stats_unit_daily ADD COLUMN received_assisted BIGINT NOT NULL DEFAULT 0;
