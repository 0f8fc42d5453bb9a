-- Back to a feedback table beside the audit trail, filled from the trail's feedback entries
-- (the trail keeps them too: a later upgrade finds their twins and does not copy them twice).
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

INSERT INTO feedback (ts, target, target_key, action, actor, details)
SELECT ts, substr(action, 1, instr(action, '.') - 1), target, substr(action, instr(action, '.') + 1),
       COALESCE(actor_id, actor_name), COALESCE(details, '{}')
FROM audit_log
WHERE action IN ('pattern.accept', 'pattern.dismiss', 'pattern.snooze', 'anomaly.dismiss', 'anomaly.normal')
  AND target IS NOT NULL
ORDER BY id;
