-- The draft file's bytes (see common/0021_draft_files.sql).
ALTER TABLE draft_files ADD COLUMN data BLOB NOT NULL DEFAULT x'';
