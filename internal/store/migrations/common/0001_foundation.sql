-- Administrative units. working and letterhead are JSON (unit.WorkingTime, unit.Letterhead).
CREATE TABLE units (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    parent_id    TEXT REFERENCES units (id),
    address      TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    working      TEXT NOT NULL,
    letterhead   TEXT NOT NULL,
    successor_id TEXT REFERENCES units (id),
    merged_at    BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- A unit's own additions to the national calendar: extra days off, extra working days.
CREATE TABLE unit_days (
    unit_id TEXT NOT NULL REFERENCES units (id),
    day     TEXT NOT NULL,
    working BOOLEAN NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (unit_id, day)
);

CREATE TABLE fields (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_en  TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

-- The catalogue: one row per procedure with what lists and searches need,
-- and one immutable row per version holding the whole procedure as JSON.
CREATE TABLE procedures (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    field_code      TEXT NOT NULL REFERENCES fields (code),
    name            TEXT NOT NULL,
    level           TEXT NOT NULL,
    online          TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX procedures_by_field ON procedures (field_code, position);

CREATE TABLE procedure_versions (
    procedure_id TEXT NOT NULL REFERENCES procedures (id),
    version      INTEGER NOT NULL,
    doc          TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (procedure_id, version)
);

CREATE TABLE officers (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL REFERENCES units (id),
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    roles         TEXT NOT NULL,
    active        BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX officers_by_unit ON officers (unit_id);

CREATE TABLE officer_fields (
    officer_id TEXT NOT NULL REFERENCES officers (id),
    field_code TEXT NOT NULL REFERENCES fields (code),
    PRIMARY KEY (officer_id, field_code)
);
CREATE INDEX officer_fields_by_field ON officer_fields (field_code);

-- API tokens for machine clients; only the SHA-256 of the token is kept.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    officer_id   TEXT NOT NULL REFERENCES officers (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

-- Web sessions; only the SHA-256 of the cookie value is kept.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    officer_id TEXT NOT NULL REFERENCES officers (id),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Changes to settings (catalogue, units, staff, holidays, templates): who, when, what.
CREATE TABLE admin_events (
    id         TEXT PRIMARY KEY,
    at         BIGINT NOT NULL,
    officer_id TEXT NOT NULL DEFAULT '',
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX admin_events_by_entity ON admin_events (entity, entity_id, at);

-- Failed logins by username and by address, for throttling; pruned after a day.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
