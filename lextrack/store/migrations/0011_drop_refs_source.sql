-- 10 -> 11: refs_source, a prefix of refs_edge (migration 5), goes: every question by source uses refs_edge,
-- and each edge an ingest writes no longer updates a fourth index (1 to 2 CPU s on steeve's 64 codes).
DROP INDEX IF EXISTS refs_source;
