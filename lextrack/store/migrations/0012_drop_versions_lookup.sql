-- 11 -> 12: versions_lookup (article_id, start) goes: the index of UNIQUE (article_id, start, seq) answers
-- every question it did, and each version row written or re-dated no longer updates a third index.
DROP INDEX IF EXISTS versions_lookup;
