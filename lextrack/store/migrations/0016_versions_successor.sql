-- 15 -> 16: the versions that name a successor (transfers), indexed: `history` asks which articles were
-- transferred to the one shown, and read every version of the store to find out (0.2-0.8 s on steeve's 64 codes).
CREATE INDEX IF NOT EXISTS versions_successor ON versions (successor) WHERE successor IS NOT NULL;
