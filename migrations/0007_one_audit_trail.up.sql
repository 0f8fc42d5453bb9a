-- One record per piece of feedback: the audit trail keeps accept, dismiss, snooze and "normal",
-- written in the same transaction as the status change; the feedback table goes.
-- Feedback rows without an audit twin (given before the audit trail existed, or an accept made
-- by creating an automation) move into the trail. Who gave them was kept as one text (the Home
-- Assistant user id, else the name), so it becomes the name, and how they reached us is unknown.
-- The trail is rebuilt in time order so that its ids, which page it, follow time.
CREATE TABLE audit_log_merged (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  via TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT
);

INSERT INTO audit_log_merged (ts, actor_id, actor_name, via, action, target, details)
SELECT ts, actor_id, actor_name, via, action, target, details FROM (
  SELECT ts, 0 AS origin, id AS position, actor_id, actor_name, via, action, target, details
  FROM audit_log
  UNION ALL
  SELECT f.ts, 1, f.id, NULL, COALESCE(f.actor, 'unknown'), 'unknown', f.target || '.' || f.action, f.target_key,
         f.details
  FROM feedback f
  WHERE NOT EXISTS (
    SELECT 1 FROM audit_log a
    WHERE a.target = f.target_key AND a.action = f.target || '.' || f.action AND abs(a.ts - f.ts) < 1000
  )
)
ORDER BY ts, origin, position;

DROP INDEX audit_log_target;
DROP INDEX audit_log_ts;
DROP TABLE audit_log;
ALTER TABLE audit_log_merged RENAME TO audit_log;
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_target ON audit_log (target, id);

DROP INDEX feedback_by_target;
DROP TABLE feedback;
