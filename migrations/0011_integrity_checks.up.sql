-- Rows whose integer ids are in no dictionary (left by a forget interrupted in an old release, a
-- manual edit or an old bug) are removed when the store opens (src/storage/sqlite/dangling-rows-pass.ts).
-- Checking L1 means a pass over every event, so it runs only while this row says it may find
-- something: once after this migration, and again after a row left a dictionary other than
-- through the store's own forget (which removes an entity's or a person's rows in the same
-- transaction, so cannot leave any).
CREATE TABLE integrity_checks (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- 1 while rows may refer to dictionary ids that are gone; the pass at open sets it to 0
  pending INTEGER NOT NULL,
  -- when the pass last ran (epoch ms); NULL while it never did
  checked_at INTEGER,
  -- JSON object: rows the last pass removed, per table
  removed TEXT
);
INSERT INTO integrity_checks (id, pending) VALUES (1, 1);

CREATE TRIGGER entities_deleted AFTER DELETE ON entities BEGIN UPDATE integrity_checks SET pending = 1; END;
CREATE TRIGGER states_deleted AFTER DELETE ON states BEGIN UPDATE integrity_checks SET pending = 1; END;
CREATE TRIGGER sources_deleted AFTER DELETE ON sources BEGIN UPDATE integrity_checks SET pending = 1; END;
CREATE TRIGGER users_deleted AFTER DELETE ON users BEGIN UPDATE integrity_checks SET pending = 1; END;
CREATE TRIGGER contexts_deleted AFTER DELETE ON contexts BEGIN UPDATE integrity_checks SET pending = 1; END;
