-- The version store's index: the truth for dates. The git repository is a view derived from it.
-- This file is the schema of a new store at the latest version. Any change here comes with a numbered
-- migration in migrations/ that brings an existing store to it (see schema.py), as legi.py does.
-- REFERENCES say what a column points at; SQLite does not enforce them (foreign_keys is off on every
-- connection lextrack opens: an ingest writes articles and texts before the versions that name them, and
-- `verify` checks the store against its git view).

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

-- start is the day the version took effect (entry into force), never the day its text was signed.
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
    text_date      TEXT,                 -- the amending text's own date (signature), when the source gives it
    jorf_date      TEXT,                 -- its publication in the Journal officiel
    damaged        TEXT,                 -- why the file of this version was read only in part (cut short)
    blob           TEXT,                 -- its file's git blob in the view (derived; NULL: to be written again)
    UNIQUE (article_id, start, seq)
);
-- An article's rows by start: the index of UNIQUE (article_id, start, seq) above serves (schema 12 dropped
-- versions_lookup, its prefix).
CREATE INDEX IF NOT EXISTS versions_start ON versions (start);
-- The transfers by the article they name as successor: an article's predecessors (Index.predecessors).
CREATE INDEX IF NOT EXISTS versions_successor ON versions (successor) WHERE successor IS NOT NULL;

-- Every ingest, for `log` and to prove re-ingesting adds nothing.
CREATE TABLE IF NOT EXISTS ingests (
    rowid     INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    input     TEXT NOT NULL,
    added     INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    tip       TEXT
);

-- The edges each stored version states (store/refs.py writes them, the graph reads them). One row per edge,
-- endpoints normalised, so every relation is one edge in one direction whichever side stated it.
CREATE TABLE IF NOT EXISTS refs (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL,        -- the article whose version states the edge
    start          TEXT,                 -- that version's interval (ISO; NULL = unknown / open)
    end            TEXT,
    type           TEXT NOT NULL,        -- cites, cites_text, created_by, modified_by, transferred_to…
    source         TEXT NOT NULL,        -- edge tail (canonical id)
    target         TEXT NOT NULL,        -- edge head: article id, text id (decret/2017-864) or code slug
    target_kind    TEXT NOT NULL,        -- kind of the node that is not article_id: article | text | code
    pinpoint       TEXT,                 -- part of the target cited: "III", "5°", "art. 32"
    clause         TEXT,                 -- citing clause pinpoint in the stating article ("III", "I.2°", "nota")
    span_start     INTEGER,              -- span in the stating article's text
    span_end       INTEGER,
    provenance     TEXT NOT NULL,        -- text | anchor | metadata | legi (joined with + when several agree)
    label          TEXT,                 -- the words as written
    legi_type      TEXT,
    legi_sens      TEXT,
    event_date     TEXT,                 -- date of the creation/modification/transfer when known
    target_legi_id TEXT,
    text_nature    TEXT,                 -- for legal-text endpoints: what the node needs
    text_number    TEXT,
    text_date      TEXT,
    text_title     TEXT
);
CREATE INDEX IF NOT EXISTS refs_target ON refs (target);
CREATE INDEX IF NOT EXISTS refs_version ON refs (article_id, start);

-- The versions refs were recorded for, with what the graph shows of them.
CREATE TABLE IF NOT EXISTS ref_versions (
    article_id TEXT NOT NULL,
    start      TEXT NOT NULL,            -- '' when unknown, so the key stays unique
    end        TEXT,
    code       TEXT NOT NULL,
    num        TEXT NOT NULL,
    state      TEXT,
    hierarchy  TEXT,                     -- "Livre II : … > Titre II : …"
    title      TEXT,
    legi_id    TEXT,
    PRIMARY KEY (article_id, start)
);

-- The graph's questions (lextrack/graph/local.py, check.py, stats.py) and the web view's full-text index of
-- the texts in force (lextrack/fulltext.py, kept by each ingest).
-- An article's edges in the order the graph is built in (source, target, type, id): the walks around one
-- node and the whole-graph reads (exports, stats) stream them without sorting; a question by source alone
-- uses it too (the older refs_source index, its prefix, is gone). Edges into a node use refs_target: they
-- are few enough to sort.
CREATE INDEX IF NOT EXISTS refs_edge ON refs (source, target, type);
-- Articles known only from refs (an index no store dated): by number (a bare NUM) and by code (--code).
CREATE INDEX IF NOT EXISTS ref_versions_num ON ref_versions (num);
CREATE INDEX IF NOT EXISTS ref_versions_code ON ref_versions (code);

CREATE VIRTUAL TABLE IF NOT EXISTS search_docs USING fts5(id UNINDEXED, num, body, tokenize = 'unicode61 remove_diacritics 2');

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

-- The first versions a source added that a later change dated before them moves (under a decision, an
-- edition or their commit's date alone), or its last change under an edition dated after that edition, as
-- stored (store/creations.py): one per article.
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

-- DILA's LEGI dumps (lextrack/store/dumps.py): the archives applied and what each file of a dump gave.

-- Each archive applied (the global one, then the daily ones in stamp order), recorded in the transaction that
-- applies it: an archive applied twice changes nothing, one out of order is refused.
CREATE TABLE IF NOT EXISTS legi_archives (
    stamp      TEXT PRIMARY KEY,         -- yyyymmdd-hhmmss, from the archive's name
    kind       TEXT NOT NULL,            -- global | daily
    name       TEXT NOT NULL,            -- the archive's (or folder's) name
    codes      TEXT,                     -- JSON list of the LEGITEXT ids it was limited to; NULL: every code
    tnc        INTEGER NOT NULL DEFAULT 0, -- non-code texts taken too
    applied_at TEXT NOT NULL,
    files      INTEGER NOT NULL,         -- files read from it
    deletions  INTEGER NOT NULL          -- deletion-list lines applied
);

-- One row per file the store holds, by its key in the dump (lextrack.legi: the same in every archive, folder
-- and deletion list). A later file under the same key replaces it; a deletion removes it.
CREATE TABLE IF NOT EXISTS legi_files (
    key         TEXT PRIMARY KEY,        -- legi/global/<fond>/<dossier>/…/<id>; a file read alone: its id
    kind        TEXT NOT NULL,           -- article | section_ta | texte_struct | texte_version
    legi_id     TEXT NOT NULL,
    text_cid    TEXT,
    article_key TEXT,                    -- articles: the id of the article's first version (its identity)
    sha         TEXT NOT NULL,           -- of the file's bytes: the same file again changes nothing
    generation  INTEGER NOT NULL,        -- the dump ingest that wrote it: the latest file of an article wins
    data        BLOB NOT NULL            -- what the file gave (versions, section, titles): JSON, zlib
);
CREATE INDEX IF NOT EXISTS legi_files_article ON legi_files (article_key);

-- Every version id an article file lists in its VERSIONS block -> that file: which article a version belongs
-- to when a section lists it.
CREATE TABLE IF NOT EXISTS legi_versions (
    legi_id  TEXT NOT NULL,              -- LEGIARTI…
    file_key TEXT NOT NULL,
    PRIMARY KEY (legi_id, file_key)
);
CREATE INDEX IF NOT EXISTS legi_versions_file ON legi_versions (file_key);

-- Which section file lists which article version (section_ta STRUCTURE_TA LIEN_ART), with the dates it
-- gives: an article version's hierarchy is its section's.
CREATE TABLE IF NOT EXISTS legi_placements (
    article_legi_id TEXT NOT NULL,       -- LEGIARTI…
    section_key     TEXT NOT NULL,       -- the section file's key
    start           TEXT,
    end             TEXT,
    PRIMARY KEY (article_legi_id, section_key)
);
CREATE INDEX IF NOT EXISTS legi_placements_section ON legi_placements (section_key);

-- The article each article_key is stored under (its canonical id), and the ids it had before: an article
-- renumbered by a later archive keeps its history and answers to its former id.
CREATE TABLE IF NOT EXISTS legi_articles (
    article_key TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS legi_articles_id ON legi_articles (article_id);
CREATE TABLE IF NOT EXISTS legi_aliases (
    alias       TEXT PRIMARY KEY,        -- a former canonical id
    article_key TEXT NOT NULL
);

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
