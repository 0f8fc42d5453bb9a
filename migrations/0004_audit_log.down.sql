DROP INDEX audit_log_target;
DROP INDEX audit_log_ts;
DROP TABLE audit_log;
