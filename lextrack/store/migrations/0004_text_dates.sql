-- 3 -> 4: versions keep the amending text's own date and its publication beside their entry into force.
-- Versions dated before by their commit are dated again by the next ingest of their history.

ALTER TABLE versions ADD COLUMN text_date TEXT;
ALTER TABLE versions ADD COLUMN jorf_date TEXT;
