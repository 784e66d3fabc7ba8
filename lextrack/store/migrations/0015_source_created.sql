-- 14 -> 15: the first versions a history adds that a later change dated before them moves (under a decision,
-- an edition or their commit's date alone), as stored (store/creations.py). A history read before knows none: they stay dated as they were; a new store dates them.
CREATE TABLE IF NOT EXISTS source_created (
    source     INTEGER NOT NULL REFERENCES sources (id),
    article_id TEXT NOT NULL,
    start      TEXT NOT NULL,
    subject    TEXT,
    seq        INTEGER NOT NULL,
    fallback   TEXT,                     -- its text's own date, when its start is its commit's
    text_date  TEXT,
    jorf_date  TEXT,
    PRIMARY KEY (source, article_id)
) WITHOUT ROWID;
