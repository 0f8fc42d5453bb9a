-- L2/L3 rows packed: one row per kind and day (or period) holding all that day's rows as deflated
-- JSON ([[key, value], ...] sorted by key), and how many rows it holds. The one-row-per-key JSON
-- text of the earlier shape repeated every entity id in every key and value and made a day of L2
-- larger than the day's raw events. hp_pack_rows / hp_unpack_rows are registered by the migration
-- runner (src/storage/sqlite/aggregate-codec.ts). contextual_daily and seasonal_daily were created
-- by the app, not a migration: created here first when missing so every install converts alike.

CREATE TABLE IF NOT EXISTS time_based_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE time_based_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO time_based_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM time_based_daily GROUP BY day;
DROP TABLE time_based_daily;
ALTER TABLE time_based_daily__packed RENAME TO time_based_daily;

CREATE TABLE IF NOT EXISTS co_occurrence_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE co_occurrence_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO co_occurrence_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM co_occurrence_daily GROUP BY day;
DROP TABLE co_occurrence_daily;
ALTER TABLE co_occurrence_daily__packed RENAME TO co_occurrence_daily;

CREATE TABLE IF NOT EXISTS sequence_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE sequence_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO sequence_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM sequence_daily GROUP BY day;
DROP TABLE sequence_daily;
ALTER TABLE sequence_daily__packed RENAME TO sequence_daily;

CREATE TABLE IF NOT EXISTS room_based_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE room_based_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO room_based_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM room_based_daily GROUP BY day;
DROP TABLE room_based_daily;
ALTER TABLE room_based_daily__packed RENAME TO room_based_daily;

CREATE TABLE IF NOT EXISTS duration_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE duration_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO duration_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM duration_daily GROUP BY day;
DROP TABLE duration_daily;
ALTER TABLE duration_daily__packed RENAME TO duration_daily;

CREATE TABLE IF NOT EXISTS anomaly_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE anomaly_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO anomaly_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM anomaly_daily GROUP BY day;
DROP TABLE anomaly_daily;
ALTER TABLE anomaly_daily__packed RENAME TO anomaly_daily;

CREATE TABLE IF NOT EXISTS session_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE session_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO session_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM session_daily GROUP BY day;
DROP TABLE session_daily;
ALTER TABLE session_daily__packed RENAME TO session_daily;

CREATE TABLE IF NOT EXISTS day_type_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE day_type_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO day_type_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM day_type_daily GROUP BY day;
DROP TABLE day_type_daily;
ALTER TABLE day_type_daily__packed RENAME TO day_type_daily;

CREATE TABLE IF NOT EXISTS contextual_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE contextual_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO contextual_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM contextual_daily GROUP BY day;
DROP TABLE contextual_daily;
ALTER TABLE contextual_daily__packed RENAME TO contextual_daily;

CREATE TABLE IF NOT EXISTS seasonal_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;
CREATE TABLE seasonal_daily__packed (day TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO seasonal_daily__packed (day, rows, data)
  SELECT day, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM seasonal_daily GROUP BY day;
DROP TABLE seasonal_daily;
ALTER TABLE seasonal_daily__packed RENAME TO seasonal_daily;

CREATE TABLE IF NOT EXISTS session_weekly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE session_weekly__packed (period TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO session_weekly__packed (period, rows, data)
  SELECT period, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM session_weekly GROUP BY period;
DROP TABLE session_weekly;
ALTER TABLE session_weekly__packed RENAME TO session_weekly;

CREATE TABLE IF NOT EXISTS day_type_weekly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE day_type_weekly__packed (period TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO day_type_weekly__packed (period, rows, data)
  SELECT period, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM day_type_weekly GROUP BY period;
DROP TABLE day_type_weekly;
ALTER TABLE day_type_weekly__packed RENAME TO day_type_weekly;

CREATE TABLE IF NOT EXISTS contextual_monthly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE contextual_monthly__packed (period TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO contextual_monthly__packed (period, rows, data)
  SELECT period, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM contextual_monthly GROUP BY period;
DROP TABLE contextual_monthly;
ALTER TABLE contextual_monthly__packed RENAME TO contextual_monthly;

CREATE TABLE IF NOT EXISTS seasonal_monthly (period TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (period, key)) WITHOUT ROWID;
CREATE TABLE seasonal_monthly__packed (period TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO seasonal_monthly__packed (period, rows, data)
  SELECT period, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
  FROM seasonal_monthly GROUP BY period;
DROP TABLE seasonal_monthly;
ALTER TABLE seasonal_monthly__packed RENAME TO seasonal_monthly;
