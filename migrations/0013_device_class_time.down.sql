ALTER TABLE entities DROP COLUMN device_class_ts;
