-- Roll-ups of the service indicators (internal/report.Counts), maintained in
-- the same transaction as every dossier change: each dossier adds its
-- contribution (report.Contribute) to the row of the day and scope of each of
-- its events, and a change adds the difference. One column per counter,
-- named as the counter's JSON key.
--
-- stats_daily has the whole scope, for breakdowns by field, procedure,
-- officer and channel; stats_unit_daily sums it per unit and day, so that the
-- usual question (a unit or a province over a period) reads few rows.
CREATE TABLE stats_daily (
    unit_id        TEXT NOT NULL,
    day            TEXT NOT NULL,
    field_code     TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    officer_id     TEXT NOT NULL,
    channel        INTEGER NOT NULL,
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
    PRIMARY KEY (unit_id, day, field_code, procedure_code, officer_id, channel)
);
CREATE INDEX stats_daily_by_day ON stats_daily (day, unit_id);

CREATE TABLE stats_unit_daily (
    unit_id TEXT NOT NULL,
    day     TEXT NOT NULL,
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
    PRIMARY KEY (unit_id, day)
);
CREATE INDEX stats_unit_daily_by_day ON stats_unit_daily (day);
