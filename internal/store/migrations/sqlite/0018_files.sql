-- The blob's bytes. SQLite requires a default for a NOT NULL column added to
-- a table; every insert gives the data, so the empty default is never kept.
ALTER TABLE blobs ADD COLUMN data BLOB NOT NULL DEFAULT x'';
