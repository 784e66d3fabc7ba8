-- The version store's index: the truth for dates. The git repository is a view derived from it.
-- Bump SCHEMA_VERSION in index.py with any change here.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per distinct text; versions point at it by sha so a text stored twice costs nothing.
CREATE TABLE IF NOT EXISTS texts (
    sha  TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id        TEXT PRIMARY KEY,          -- canonical: <code-slug>/<num>
    code      TEXT NOT NULL,
    num       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_num ON articles (num);
CREATE INDEX IF NOT EXISTS articles_code ON articles (code);

-- kind 'text': a text in force from start to end (end NULL = open).
-- kind 'abrogation' / 'transfer': the article stops existing at start (text empty).
-- state: what the row is (in_force, modified, abrogated, transferred, stillborn).
CREATE TABLE IF NOT EXISTS versions (
    rowid          INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles (id),
    kind           TEXT NOT NULL CHECK (kind IN ('text', 'abrogation', 'transfer')),
    start          TEXT NOT NULL,
    end            TEXT,
    state          TEXT NOT NULL,
    text_sha       TEXT REFERENCES texts (sha),
    source         TEXT,                 -- the amending text
    date_uncertain INTEGER NOT NULL DEFAULT 0,
    origin         TEXT NOT NULL,        -- git, legi, snapshot, file
    successor      TEXT,                 -- transfers: the new id
    seq            INTEGER NOT NULL DEFAULT 0, -- order among versions starting the same day
    commit_sha     TEXT,                 -- the store commit that shows this version (derived)
    hierarchy      TEXT NOT NULL DEFAULT '[]', -- JSON list of [level, title] as this version's file gave it
    end_hint       TEXT,                 -- an end the source gives (LEGI DATE_FIN): a gap may follow it
    UNIQUE (article_id, start, seq)
);
CREATE INDEX IF NOT EXISTS versions_lookup ON versions (article_id, start);
CREATE INDEX IF NOT EXISTS versions_start ON versions (start);

-- Every ingest, for `log` and to prove re-ingesting adds nothing.
CREATE TABLE IF NOT EXISTS ingests (
    rowid     INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    input     TEXT NOT NULL,
    added     INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    tip       TEXT
);
