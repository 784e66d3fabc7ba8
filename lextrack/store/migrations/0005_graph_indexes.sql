-- 4 -> 5: the indexes the graph's questions need (lextrack/graph/local.py, check.py, stats.py), and the
-- web view's full-text index (lextrack/fulltext.py), kept by each ingest.

-- An article's edges in the order the graph is built in (source, target, type, id): the walks around one
-- node and the whole-graph reads (exports, stats) stream them without sorting. (It makes the older
-- refs_source, its prefix, redundant.) Edges into a node use refs_target: they are few enough to sort.
CREATE INDEX IF NOT EXISTS refs_edge ON refs (source, target, type);
-- Articles known only from refs (an index no store dated): by number (a bare NUM) and by code (--code).
CREATE INDEX IF NOT EXISTS ref_versions_num ON ref_versions (num);
CREATE INDEX IF NOT EXISTS ref_versions_code ON ref_versions (code);

CREATE VIRTUAL TABLE IF NOT EXISTS search_docs USING fts5(id UNINDEXED, num, body, tokenize = 'unicode61 remove_diacritics 2');
