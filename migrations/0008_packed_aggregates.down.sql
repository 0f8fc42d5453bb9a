-- Back to one row per key with the value as JSON text, as releases before 0008 read them.

CREATE TABLE time_based_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO time_based_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM time_based_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE time_based_daily;
ALTER TABLE time_based_daily__rows RENAME TO time_based_daily;

CREATE TABLE co_occurrence_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO co_occurrence_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM co_occurrence_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE co_occurrence_daily;
ALTER TABLE co_occurrence_daily__rows RENAME TO co_occurrence_daily;

CREATE TABLE sequence_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO sequence_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM sequence_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE sequence_daily;
ALTER TABLE sequence_daily__rows RENAME TO sequence_daily;

CREATE TABLE room_based_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO room_based_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM room_based_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE room_based_daily;
ALTER TABLE room_based_daily__rows RENAME TO room_based_daily;

CREATE TABLE duration_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO duration_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM duration_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE duration_daily;
ALTER TABLE duration_daily__rows RENAME TO duration_daily;

CREATE TABLE anomaly_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO anomaly_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM anomaly_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE anomaly_daily;
ALTER TABLE anomaly_daily__rows RENAME TO anomaly_daily;

CREATE TABLE session_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO session_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM session_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE session_daily;
ALTER TABLE session_daily__rows RENAME TO session_daily;

CREATE TABLE day_type_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO day_type_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM day_type_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE day_type_daily;
ALTER TABLE day_type_daily__rows RENAME TO day_type_daily;

CREATE TABLE contextual_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO contextual_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM contextual_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE contextual_daily;
ALTER TABLE contextual_daily__rows RENAME TO contextual_daily;

CREATE TABLE seasonal_daily__rows (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
INSERT INTO seasonal_daily__rows (day, key, value)
  SELECT p.day, r.value ->> 0, r.value -> 1 FROM seasonal_daily AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE seasonal_daily;
ALTER TABLE seasonal_daily__rows RENAME TO seasonal_daily;

CREATE TABLE session_weekly__rows (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
INSERT INTO session_weekly__rows (period, key, value)
  SELECT p.period, r.value ->> 0, r.value -> 1 FROM session_weekly AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE session_weekly;
ALTER TABLE session_weekly__rows RENAME TO session_weekly;

CREATE TABLE day_type_weekly__rows (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
INSERT INTO day_type_weekly__rows (period, key, value)
  SELECT p.period, r.value ->> 0, r.value -> 1 FROM day_type_weekly AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE day_type_weekly;
ALTER TABLE day_type_weekly__rows RENAME TO day_type_weekly;

CREATE TABLE contextual_monthly__rows (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
INSERT INTO contextual_monthly__rows (period, key, value)
  SELECT p.period, r.value ->> 0, r.value -> 1 FROM contextual_monthly AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE contextual_monthly;
ALTER TABLE contextual_monthly__rows RENAME TO contextual_monthly;

CREATE TABLE seasonal_monthly__rows (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
INSERT INTO seasonal_monthly__rows (period, key, value)
  SELECT p.period, r.value ->> 0, r.value -> 1 FROM seasonal_monthly AS p, json_each(hp_unpack_rows(p.data)) AS r;
DROP TABLE seasonal_monthly;
ALTER TABLE seasonal_monthly__rows RENAME TO seasonal_monthly;
