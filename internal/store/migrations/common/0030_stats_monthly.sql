-- Monthly roll-ups of the indicators by unit, field and officer: the sums of
-- stats_daily over (unit, month, field, officer), kept in the same
-- transaction by the same deltas (store.addStats). The dashboard's
-- breakdowns by field, by officer and by month read whole months here and
-- only the days of a partial month at either end of the period from
-- stats_daily, so a year reads a few hundred rows where it read every
-- detailed row of the year (procedure x officer x channel x day).
CREATE TABLE stats_monthly (
    unit_id    TEXT NOT NULL,
    month      TEXT NOT NULL,
    field_code TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    received                         BIGINT NOT NULL DEFAULT 0,
    received_counter                 BIGINT NOT NULL DEFAULT 0,
    received_online                  BIGINT NOT NULL DEFAULT 0,
    received_post                    BIGINT NOT NULL DEFAULT 0,
    refused                          BIGINT NOT NULL DEFAULT 0,
    withdrawn                        BIGINT NOT NULL DEFAULT 0,
    stopped                          BIGINT NOT NULL DEFAULT 0,
    resolved                         BIGINT NOT NULL DEFAULT 0,
    resolved_before                  BIGINT NOT NULL DEFAULT 0,
    resolved_on_time                 BIGINT NOT NULL DEFAULT 0,
    resolved_overdue                 BIGINT NOT NULL DEFAULT 0,
    returned                         BIGINT NOT NULL DEFAULT 0,
    received_with_digitised          BIGINT NOT NULL DEFAULT 0,
    received_reusing_data            BIGINT NOT NULL DEFAULT 0,
    resolved_with_electronic_result  BIGINT NOT NULL DEFAULT 0,
    received_synced                  BIGINT NOT NULL DEFAULT 0,
    fee_bearing                      BIGINT NOT NULL DEFAULT 0,
    paid_online                      BIGINT NOT NULL DEFAULT 0,
    rated                            BIGINT NOT NULL DEFAULT 0,
    rated_very_satisfied             BIGINT NOT NULL DEFAULT 0,
    rated_satisfied                  BIGINT NOT NULL DEFAULT 0,
    rated_not_satisfied              BIGINT NOT NULL DEFAULT 0,
    complaints                       BIGINT NOT NULL DEFAULT 0,
    not_satisfied_or_complained      BIGINT NOT NULL DEFAULT 0,
    letters                          BIGINT NOT NULL DEFAULT 0,
    under_competence                 BIGINT NOT NULL DEFAULT 0,
    resolved_per_rules               BIGINT NOT NULL DEFAULT 0,
    received_assisted                BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, field_code, officer_id)
);

INSERT INTO stats_monthly (unit_id, month, field_code, officer_id, received, received_counter, received_online, received_post, refused, withdrawn, stopped, resolved, resolved_before, resolved_on_time, resolved_overdue, returned, received_with_digitised, received_reusing_data, resolved_with_electronic_result, received_synced, fee_bearing, paid_online, rated, rated_very_satisfied, rated_satisfied, rated_not_satisfied, complaints, not_satisfied_or_complained, letters, under_competence, resolved_per_rules, received_assisted)
SELECT unit_id, SUBSTR(day, 1, 7), field_code, officer_id, SUM(received), SUM(received_counter), SUM(received_online), SUM(received_post), SUM(refused), SUM(withdrawn), SUM(stopped), SUM(resolved), SUM(resolved_before), SUM(resolved_on_time), SUM(resolved_overdue), SUM(returned), SUM(received_with_digitised), SUM(received_reusing_data), SUM(resolved_with_electronic_result), SUM(received_synced), SUM(fee_bearing), SUM(paid_online), SUM(rated), SUM(rated_very_satisfied), SUM(rated_satisfied), SUM(rated_not_satisfied), SUM(complaints), SUM(not_satisfied_or_complained), SUM(letters), SUM(under_competence), SUM(resolved_per_rules), SUM(received_assisted)
FROM stats_daily GROUP BY unit_id, SUBSTR(day, 1, 7), field_code, officer_id;

-- The pending dossiers a report classifies (store.ReportPending: status,
-- appointment and receipt of a unit's dossiers) are read from this index
-- alone, without a visit to each dossier's row; it replaces
-- dossiers_by_unit_status, its prefix, so writes keep one index.
DROP INDEX IF EXISTS dossiers_by_unit_status;
CREATE INDEX dossiers_by_unit_status_due ON dossiers (resolving_unit_id, status, appointment_at, received_at);

-- The dashboard's overdue list (store.OverdueList) walks, per status, the
-- dossiers a unit resolves (dossiers_by_unit_status_due) and those it received
-- for another unit, in appointment order: the latter are few, so their index
-- holds only them.
CREATE INDEX dossiers_by_receiving_due ON dossiers (receiving_unit_id, status, appointment_at)
    WHERE receiving_unit_id <> resolving_unit_id;
