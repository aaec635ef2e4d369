-- The blob's bytes (TOASTed out of line; already-compressed scans are kept
-- as they are).
ALTER TABLE blobs ADD COLUMN data BYTEA NOT NULL;
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;
