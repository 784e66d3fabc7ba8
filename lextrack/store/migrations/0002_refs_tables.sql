-- 1 -> 2: the refs tables, which refs.py used to create on its own, become part of the schema.
-- Stores that have them already keep them as they are.

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
CREATE INDEX IF NOT EXISTS refs_source ON refs (source);
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
