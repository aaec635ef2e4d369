-- The file's bytes (TOASTed and compressed out of line by PostgreSQL).
ALTER TABLE files ADD COLUMN data BYTEA NOT NULL;
