DROP INDEX automation_run_days_day;
DROP TABLE automation_run_days;
