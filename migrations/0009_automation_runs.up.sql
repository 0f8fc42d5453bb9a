-- Automation runs per local day (issue 18): enough to tell an automation that went quiet.
CREATE TABLE automation_run_days (
  -- the automation's entity id, e.g. automation.morning_lights
  automation TEXT NOT NULL,
  -- local day, YYYY-MM-DD
  day TEXT NOT NULL,
  runs INTEGER NOT NULL,
  -- epoch ms of the newest run that day
  last_ts INTEGER NOT NULL,
  -- the automation's friendly name as Home Assistant sent it
  name TEXT NOT NULL,
  PRIMARY KEY (automation, day)
) WITHOUT ROWID;

-- Retention deletes by day.
CREATE INDEX automation_run_days_day ON automation_run_days (day);
