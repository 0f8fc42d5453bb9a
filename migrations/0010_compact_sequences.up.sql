-- sequence_daily blobs in their compact form: each chain as numbers in arrays, its entity ids and
-- states once per blob and its key rebuilt from its steps (a third of the JSON text, parsed twice
-- as fast: a 30-day window read was mostly spent parsing chains). hp_repack_rows is registered by
-- the migration runner (src/storage/sqlite/aggregate-codec.ts); a blob whose rows do not all fit
-- the compact form stays as it was, and both forms are read.
UPDATE sequence_daily SET data = hp_repack_rows(data, 'sequence_daily');
