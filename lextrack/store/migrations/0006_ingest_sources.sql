-- 5 -> 6: what an ingest of a whole history needs (issue 14). The `damaged` column of versions is added by
-- schema.py (only where it is missing: a column cannot be added "if not exists" in SQL).

-- Files an ingest could not read: recorded, and the ingest went on.
CREATE TABLE IF NOT EXISTS rejected (
    ingest     INTEGER NOT NULL REFERENCES ingests (rowid),
    commit_sha TEXT,                     -- the history's commit that holds the file (NULL: a file on disk)
    path       TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rejected_ingest ON rejected (ingest);

-- Each git history read, with the commit it was read up to and what its reader needs to go on from there.
-- A history is known by its content (the first commit of its first-parent chain and the folder read), never by
-- the path it was given at: the same bundle copied elsewhere is the same source.
CREATE TABLE IF NOT EXISTS sources (
    id       INTEGER PRIMARY KEY,
    root     TEXT NOT NULL,              -- first commit of the first-parent chain
    under    TEXT NOT NULL DEFAULT '',   -- the folder read ('' = all)
    code     TEXT NOT NULL DEFAULT '',   -- ingest --code ('' = none)
    tip      TEXT NOT NULL,              -- the commit read up to
    commits  INTEGER NOT NULL,           -- commits read: the next commit's order number
    floor    TEXT,                       -- the date of the last commit whose date is known
    held     TEXT NOT NULL DEFAULT '[]', -- JSON: versions dated by a placeholder, waiting for their article's next change
    label    TEXT NOT NULL,              -- what it was given as (path, branch), for people
    at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_tip ON sources (tip);
CREATE INDEX IF NOT EXISTS sources_root ON sources (root, under, code);

-- The article file at each path of a source's tip: which article a later deletion or move removes.
CREATE TABLE IF NOT EXISTS source_paths (
    source     INTEGER NOT NULL REFERENCES sources (id),
    path       TEXT NOT NULL,
    blob       TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (source, path)
) WITHOUT ROWID;
