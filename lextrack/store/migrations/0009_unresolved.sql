-- 8 -> 9: citations no code could be given are kept, for `check` to count.
-- Citations of a bare number no code could be given (lextrack.citations.unresolved): no edge, counted by
-- `check` (the CGI's "article 1649 quater" cited in an article of the Code de la sécurité sociale).
CREATE TABLE IF NOT EXISTS unresolved (
    article_id TEXT NOT NULL,            -- the citing article, and the version (interval) that cites
    start      TEXT,
    end        TEXT,
    clause     TEXT,
    num        TEXT NOT NULL,            -- the number as the text writes it, normalised
    label      TEXT                      -- the words as written
);
CREATE INDEX IF NOT EXISTS unresolved_version ON unresolved (article_id, start);
