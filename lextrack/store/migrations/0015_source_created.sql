-- 14 -> 15: each history's articles keep their first version's start (store/creations.py). A history
-- read before knows none: its articles' first versions stay dated as they were; a new store dates them.
CREATE TABLE IF NOT EXISTS source_created (
    source     INTEGER NOT NULL REFERENCES sources (id),
    article_id TEXT NOT NULL,
    start      TEXT NOT NULL,
    subject    TEXT,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (source, article_id)
) WITHOUT ROWID;
