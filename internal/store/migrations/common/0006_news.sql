-- News articles of the unit's electronic information page. The body is plain
-- text (paragraphs separated by blank lines), escaped when shown. The slug is
-- made from the title when the article is created and kept afterwards, so
-- links stay valid when the title is edited.
CREATE TABLE news (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL REFERENCES units (id),
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    image_file_id TEXT REFERENCES files (id),
    image_alt     TEXT NOT NULL DEFAULT '',
    published     BOOLEAN NOT NULL,
    published_at  BIGINT,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX news_by_published ON news (published, published_at);
