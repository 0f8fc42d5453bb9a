-- Events per hour, entity and source: /api/stats, the entity list and the storage report read
-- these few thousand rows instead of counting millions of L1 rows. The event store adds each
-- batch's counts in the batch's transaction (a trigger per inserted row halved ingest); deletes
-- and updates are counted by triggers, so no path that removes events (retention, the budget,
-- forgetting an entity) can leave counts behind.
CREATE TABLE event_counts (
  hour INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  source INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (hour, entity, source)
) WITHOUT ROWID;

INSERT INTO event_counts (hour, entity, source, n)
SELECT (ts / 3600000) * 3600000, entity, source, count(*) FROM events GROUP BY 1, 2, 3;

CREATE TRIGGER event_counts_delete AFTER DELETE ON events BEGIN
  UPDATE event_counts SET n = n - 1
  WHERE hour = (OLD.ts / 3600000) * 3600000 AND entity = OLD.entity AND source = OLD.source;
END;

CREATE TRIGGER event_counts_update AFTER UPDATE OF ts, entity, source ON events BEGIN
  UPDATE event_counts SET n = n - 1
  WHERE hour = (OLD.ts / 3600000) * 3600000 AND entity = OLD.entity AND source = OLD.source;
  INSERT INTO event_counts (hour, entity, source, n)
  VALUES ((NEW.ts / 3600000) * 3600000, NEW.entity, NEW.source, 1)
  ON CONFLICT (hour, entity, source) DO UPDATE SET n = n + 1;
END;
