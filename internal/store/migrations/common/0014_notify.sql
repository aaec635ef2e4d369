-- Notifications to citizens and officers (internal/notify): what each unit
-- sends through which provider, the templates, the citizens' consent, and
-- every delivery with its state. The messages themselves travel through the
-- outbox (topic 'notify'); a delivery is one attempt on one channel.

-- A unit's provider account per channel ('email', 'sms', 'zalo'): JSON of
-- notify.Account (address, credentials, sender). No row: the channel is off.
CREATE TABLE notify_accounts (
    unit_id    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    settings   TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, channel)
);

-- A unit's choices: the order channels are tried in (fallback), whether an
-- officer hears at once when a dossier is routed to them.
CREATE TABLE notify_settings (
    unit_id          TEXT PRIMARY KEY,
    fallback         TEXT NOT NULL,   -- e.g. 'zalo sms email'
    officer_assigned BOOLEAN NOT NULL,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       BIGINT NOT NULL
);

-- Templates per unit, kind and channel, versioned: the highest version is
-- used; a unit without one uses the built-in text.
CREATE TABLE notify_templates (
    unit_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    channel    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, kind, channel, version)
);

-- The applicant's consent per channel, recorded at the counter (or later).
-- No row: no consent, nothing is sent on that channel.
CREATE TABLE notify_consents (
    dossier_id  TEXT NOT NULL,
    channel     TEXT NOT NULL,
    granted     BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, channel)
);

-- One message on one channel. id is the provider request id (the outbox
-- message's id and the channel), so a retry after a crash repeats the same
-- request and the provider recognises it.
CREATE TABLE notify_deliveries (
    id               TEXT PRIMARY KEY,
    outbox_id        TEXT NOT NULL,
    unit_id          TEXT NOT NULL,
    dossier_id       TEXT NOT NULL DEFAULT '',
    officer_id       TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL,
    template_version INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL,   -- sending, sent, delivered, failed, given_up
    provider_id      TEXT NOT NULL DEFAULT '',
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT,
    delivered_at     BIGINT,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX notify_deliveries_dossier ON notify_deliveries (dossier_id, created_at);
CREATE INDEX notify_deliveries_unit ON notify_deliveries (unit_id, created_at);
CREATE INDEX notify_deliveries_outbox ON notify_deliveries (outbox_id);
CREATE UNIQUE INDEX notify_deliveries_provider ON notify_deliveries (channel, provider_id) WHERE provider_id <> '';

-- Zalo OA tokens per unit. The refresh token is single-use: a refresh takes
-- the row's lease (refreshing_until), and writes the new pair only if the
-- generation it read is still current.
CREATE TABLE notify_tokens (
    unit_id          TEXT PRIMARY KEY,
    access_token     TEXT NOT NULL,
    refresh_token    TEXT NOT NULL,
    expires_at       BIGINT NOT NULL,
    generation       INTEGER NOT NULL,
    refreshing_until BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);

-- The officers' daily digests already queued, so each goes once a day.
CREATE TABLE notify_digests (
    officer_id TEXT NOT NULL,
    day        TEXT NOT NULL,
    outbox_id  TEXT NOT NULL,
    PRIMARY KEY (officer_id, day)
);
