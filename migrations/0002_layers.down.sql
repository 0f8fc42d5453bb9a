-- Kinds added later got their tables from the app (and from 0005): they go with the layers.
DROP TABLE IF EXISTS seasonal_daily;
DROP TABLE IF EXISTS contextual_daily;
DROP TABLE seasonal_monthly;
DROP TABLE contextual_monthly;
DROP TABLE day_type_weekly;
DROP TABLE session_weekly;
DROP TABLE day_type_daily;
DROP TABLE session_daily;
DROP TABLE anomaly_daily;
DROP TABLE duration_daily;
DROP TABLE room_based_daily;
DROP TABLE sequence_daily;
DROP TABLE co_occurrence_daily;
DROP TABLE time_based_daily;
DROP TABLE rollup_runs;
DROP TABLE layer_periods;
DROP TABLE layer_days;
