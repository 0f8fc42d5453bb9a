-- sequence_daily and co_occurrence_daily blobs in their compact form: each chain, pair or
-- entity-state as numbers in arrays, entity ids and states once per blob, keys rebuilt from the
-- fields (a sixth to a third of the JSON text: a 30-day window read was mostly spent parsing
-- them). hp_repack_rows is registered by the migration runner (src/storage/sqlite/aggregate-codec.ts);
-- a blob whose rows do not all fit the compact form stays as it was, and both forms are read.
UPDATE sequence_daily SET data = hp_repack_rows(data, 'sequence_daily');
UPDATE co_occurrence_daily SET data = hp_repack_rows(data, 'co_occurrence_daily');
