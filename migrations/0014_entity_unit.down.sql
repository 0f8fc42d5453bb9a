ALTER TABLE entities DROP COLUMN unit_ts;
ALTER TABLE entities DROP COLUMN unit;
