-- When the record that named an entity's device class was made (epoch ms): an older record (a
-- first-start import of the recorder's history, arriving after live events) no longer replaces the
-- class a newer one named. NULL for a class recorded before this migration: any record may replace it.
ALTER TABLE entities ADD COLUMN device_class_ts INTEGER;
