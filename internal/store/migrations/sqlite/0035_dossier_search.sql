-- The dossier search's index (search.go): the words of dossiers.search_text
-- in an FTS5 table that reads its text from dossiers (external content) and
-- is kept in step by triggers, on every path that writes a dossier. The
-- text is folded already (words of letters and digits between single
-- spaces), so the tokenizer only splits it on the spaces; prefix indexes
-- make the short prefixes officers type (the first letters of a name, a
-- code's last digits) as fast as whole words.
CREATE VIRTUAL TABLE dossier_search USING fts5(search_text, content = 'dossiers', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');
INSERT INTO dossier_search (dossier_search) VALUES ('rebuild');

CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER dossier_search_delete AFTER DELETE ON dossiers BEGIN
    INSERT INTO dossier_search (dossier_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER dossier_search_update AFTER UPDATE OF search_text ON dossiers
    WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO dossier_search (dossier_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO dossier_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
