-- Units in time (the 2025 reorganisation): the statistical (NSO) code beside the
-- e-government identifier, and the dates a unit exists ('' = open), as YYYY-MM-DD.
ALTER TABLE units ADD COLUMN nso_code TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN valid_from TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN valid_to TEXT NOT NULL DEFAULT '';
-- An NSO code is reused by a new unit (Thị trấn Đạ Tẻh and Xã Đạ Tẻh are both
-- 25126), so it is unique only together with the start date.
CREATE UNIQUE INDEX units_by_nso ON units (nso_code, valid_from) WHERE nso_code <> '';
CREATE INDEX units_by_parent ON units (parent_id);

-- The predecessor/successor map: many-to-many (a commune split between several
-- new ones is a predecessor of each, in part).
CREATE TABLE unit_links (
    predecessor_id TEXT NOT NULL REFERENCES units (id),
    successor_id   TEXT NOT NULL REFERENCES units (id),
    whole          BOOLEAN NOT NULL,
    effective      TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_links_by_successor ON unit_links (successor_id);

