-- Audit trail: who accepted, dismissed, created or deleted what, from the panel or the API.
CREATE TABLE audit_log (
  -- AUTOINCREMENT: ids never come back after retention, so paging cursors stay valid
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  -- Home Assistant user id; NULL for the API token, the local user and the system
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  via TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  -- JSON object, or NULL
  details TEXT
);

-- Retention deletes by time; the panel pages through one pattern's history.
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_target ON audit_log (target, id);
