-- Layers: L2 daily and L3 weekly/monthly aggregate tables, the per-day state of the layers and a
-- log of rollup runs. Kinds added later get the same table shape when the app starts.

-- One row per local day that has been (or must be) rolled up. A day with no row and with L1
-- events is pending. Each *_at column says when that layer step happened (epoch ms).
CREATE TABLE layer_days (
  day TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('clean', 'dirty')),
  -- when it was last rolled up; NULL while it never was
  rolled_up_at INTEGER,
  event_count INTEGER,
  -- when late events re-opened it
  dirty_since INTEGER,
  archived_at INTEGER,
  archive_bytes INTEGER,
  -- the day's raw events are gone from L1: it can no longer be rolled up again
  raw_purged_at INTEGER,
  -- the day's L2 rows are gone
  l2_purged_at INTEGER
) WITHOUT ROWID;

-- Which L3 periods exist and which days they were merged from.
CREATE TABLE layer_periods (
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  day_count INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, period)
) WITHOUT ROWID;

CREATE TABLE rollup_runs (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  -- JSON array of the days rolled up
  days TEXT NOT NULL,
  events INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  error TEXT
);

-- L2: one table per daily kind; value is the kind's JSON.
CREATE TABLE time_based_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE co_occurrence_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE sequence_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE room_based_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE duration_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE anomaly_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE session_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE day_type_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;

-- L3: one table per weekly (period = Monday "YYYY-MM-DD") or monthly (period = "YYYY-MM") kind.
CREATE TABLE session_weekly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE day_type_weekly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE contextual_monthly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE seasonal_monthly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
