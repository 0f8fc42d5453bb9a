ALTER TABLE devices DROP COLUMN identifiers;
ALTER TABLE entities DROP COLUMN unique_id;
