-- Citizens and organisations who signed in with the national e-ID (VNeID
-- through the national portal's single sign-on). They are keyed on the
-- provider's stable subject; the personal number (or, for an organisation,
-- the tax code) links them to the dossiers filed under it.
CREATE TABLE citizens (
    id           TEXT PRIMARY KEY,
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    kind         TEXT NOT NULL,              -- 'person' or 'organisation'
    id_number    TEXT NOT NULL DEFAULT '',   -- SoDinhDanh, 12 digits
    tax_code     TEXT NOT NULL DEFAULT '',
    full_name    TEXT NOT NULL,
    profile      TEXT NOT NULL,              -- the mapped claims, JSON
    level        INTEGER NOT NULL,           -- assurance level of the last sign-in (1 or 2)
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX citizens_by_number ON citizens (id_number);

-- Citizens' web sessions, apart from the officers': only the SHA-256 of the
-- cookie value is kept. id_token is the provider's, for its sign-out.
CREATE TABLE citizen_sessions (
    id_hash    TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    level      INTEGER NOT NULL,
    id_token   TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX citizen_sessions_by_expiry ON citizen_sessions (expires_at);

-- Sign-ins under way: the state sent to the provider (hashed) with the nonce
-- and PKCE verifier it must come back with, bound to the browser that
-- started it. A row is deleted when used, so a state answers once.
CREATE TABLE oidc_logins (
    state_hash   TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    next         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX oidc_logins_by_expiry ON oidc_logins (expires_at);

-- Nonces of id_tokens already accepted: a token replayed with its nonce is refused.
CREATE TABLE oidc_nonces (
    nonce_hash TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

-- A person's consent to be told about their dossiers on a channel (sms,
-- zalo, email), given or withdrawn in "Hồ sơ của tôi" (Decree 13/2023).
-- No row: never asked.
CREATE TABLE citizen_consents (
    id_number  TEXT NOT NULL,
    channel    TEXT NOT NULL,
    granted    BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (id_number, channel)
);

-- Who at a unit opened a citizen's personal data (a dossier, its files, its
-- documents), by page or by API: the citizen sees it (Decree 13/2023).
CREATE TABLE personal_data_access (
    id         TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    officer_id TEXT NOT NULL,
    unit_id    TEXT NOT NULL,
    via        TEXT NOT NULL,   -- 'web' or 'api'
    what       TEXT NOT NULL,   -- 'dossier', 'file', 'document'
    at         BIGINT NOT NULL
);
CREATE INDEX personal_data_access_by_dossier ON personal_data_access (dossier_id, at);

-- The applicant's whole personal number and tax code, so that a signed-in
-- citizen finds every dossier filed under them (the doc holds them too).
ALTER TABLE dossiers ADD COLUMN applicant_number TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN applicant_tax_code TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_by_applicant_number ON dossiers (applicant_number);
CREATE INDEX dossiers_by_applicant_tax_code ON dossiers (applicant_tax_code);
