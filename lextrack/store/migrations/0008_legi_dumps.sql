-- 7 -> 8: DILA's LEGI dumps (lextrack/store/dumps.py): the archives a store has applied, and what each file of
-- a dump gave, so that a daily archive can replace a file or remove it and the articles it touched be derived
-- again from the files left.

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
