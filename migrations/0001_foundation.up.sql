-- Foundation: dimension tables, the compact L1 raw event log, source cursors.
CREATE TABLE areas (
  area_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  floor_id TEXT
);

CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  area_id TEXT,
  parent_device_id TEXT,
  manufacturer TEXT,
  model TEXT
);

-- Every entity ever seen gets a small integer id; L1 rows refer to it.
CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  entity_id TEXT NOT NULL UNIQUE,
  name TEXT,
  device_id TEXT,
  area_id TEXT,
  platform TEXT,
  entity_category TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  in_registry INTEGER NOT NULL DEFAULT 0,
  -- newest stored event time: where a backfill resumes, without an index on events
  last_ts INTEGER
);

-- Dictionaries keep L1 rows to a few bytes each.
CREATE TABLE states (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE users (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE);
CREATE TABLE contexts (id INTEGER PRIMARY KEY, context_id TEXT NOT NULL UNIQUE);

-- L1: clustered by time so appends go to the end and a day is one range scan; the key also
-- drops exact duplicates (same time, entity and state).
CREATE TABLE events (
  ts INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  state INTEGER NOT NULL,
  prev INTEGER,
  user INTEGER,
  parent INTEGER,
  source INTEGER NOT NULL,
  PRIMARY KEY (ts, entity, state)
) WITHOUT ROWID;

CREATE TABLE cursors (
  source TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
