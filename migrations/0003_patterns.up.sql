-- L4: the pattern catalog users see, the anomalies raised online and nightly, and their feedback.
CREATE TABLE patterns (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  entities TEXT NOT NULL,       -- JSON array, trigger first
  area TEXT,
  summary TEXT NOT NULL,
  confidence REAL NOT NULL,
  support INTEGER NOT NULL,
  opportunities INTEGER NOT NULL,
  lift REAL,
  usefulness REAL NOT NULL,
  automated INTEGER NOT NULL DEFAULT 0,
  users TEXT NOT NULL DEFAULT '[]',    -- JSON array of Home Assistant user ids
  evidence TEXT NOT NULL,       -- JSON
  params TEXT NOT NULL,         -- JSON
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'accepted', 'dismissed', 'snoozed', 'stale')),
  snoozed_until INTEGER,
  missed_runs INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX patterns_by_usefulness ON patterns (usefulness DESC);
CREATE INDEX patterns_by_type_status ON patterns (type, status);

-- One entity per pattern row, so "patterns of light.kitchen" is an index lookup, not a JSON scan.
CREATE TABLE pattern_entities (
  pattern_id INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  entity TEXT NOT NULL,
  PRIMARY KEY (entity, pattern_id)
) WITHOUT ROWID;

CREATE TABLE anomalies (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  entity TEXT,
  area TEXT,
  ts INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  summary TEXT NOT NULL,
  expected TEXT NOT NULL,
  details TEXT NOT NULL,        -- JSON
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'normal')),
  feedback TEXT,
  signature TEXT NOT NULL,      -- kind and subject: what "this is normal" silences
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX anomalies_by_ts ON anomalies (ts DESC);
CREATE INDEX anomalies_by_signature ON anomalies (signature, status);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  target TEXT NOT NULL CHECK (target IN ('pattern', 'anomaly')),
  target_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('accept', 'dismiss', 'snooze', 'normal')),
  actor TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX feedback_by_target ON feedback (target_key, ts);
