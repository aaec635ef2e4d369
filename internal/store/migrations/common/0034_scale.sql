-- Monthly roll-ups per unit: the sums of stats_unit_daily over (unit, month),
-- kept in the same transaction by the same deltas (store.addStats). A
-- province's year by unit (the province's page, /can-bo/tinh) and a unit's
-- months read whole months here and only the days of a partial month at
-- either end of the period from stats_unit_daily: 124 communes x 12 months
-- where they read a row per commune and day (about 30,000 for a year).
-- docs/performance.md, "A province on PostgreSQL".
CREATE TABLE stats_unit_monthly (
    unit_id TEXT NOT NULL,
    month   TEXT NOT NULL,
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
    PRIMARY KEY (unit_id, month)
);

INSERT INTO stats_unit_monthly (unit_id, month, received, received_counter, received_online, received_post, refused, withdrawn, stopped, resolved, resolved_before, resolved_on_time, resolved_overdue, returned, received_with_digitised, received_reusing_data, resolved_with_electronic_result, received_synced, fee_bearing, paid_online, rated, rated_very_satisfied, rated_satisfied, rated_not_satisfied, complaints, not_satisfied_or_complained, letters, under_competence, resolved_per_rules, received_assisted)
SELECT unit_id, SUBSTR(day, 1, 7), SUM(received), SUM(received_counter), SUM(received_online), SUM(received_post), SUM(refused), SUM(withdrawn), SUM(stopped), SUM(resolved), SUM(resolved_before), SUM(resolved_on_time), SUM(resolved_overdue), SUM(returned), SUM(received_with_digitised), SUM(received_reusing_data), SUM(resolved_with_electronic_result), SUM(received_synced), SUM(fee_bearing), SUM(paid_online), SUM(rated), SUM(rated_very_satisfied), SUM(rated_satisfied), SUM(rated_not_satisfied), SUM(complaints), SUM(not_satisfied_or_complained), SUM(letters), SUM(under_competence), SUM(resolved_per_rules), SUM(received_assisted)
FROM stats_unit_daily GROUP BY unit_id, SUBSTR(day, 1, 7);

-- The workspace's letter counts have their partial indexes in 0036.
