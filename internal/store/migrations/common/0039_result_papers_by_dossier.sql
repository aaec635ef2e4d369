-- A dossier's result papers, current and replaced, by dossier: the dossier
-- page lists them (store.ResultPapers), and the only index by dossier was
-- the partial one of the current papers, which a query for all of them
-- cannot use, so each opening of a dossier read the whole table
-- (docs/performance.md, "The dossier page's statements").
CREATE INDEX result_papers_by_dossier ON result_papers (dossier_id, created_at);
