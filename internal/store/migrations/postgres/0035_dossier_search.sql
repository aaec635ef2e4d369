-- The dossier search's index (search.go): the words of dossiers.search_text
-- as a tsvector that PostgreSQL computes on every write of the row (a stored
-- generated column), under a GIN index. The text is folded already (words
-- of letters and digits between single spaces); the 'simple' configuration
-- keeps each word as it is, without stemming or stop words.
ALTER TABLE dossiers ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX dossiers_search ON dossiers USING gin (search_vector);
