-- Back to the JSON list of [key, value] pairs of migration 0008, which releases before 0010 read.
UPDATE sequence_daily SET data = hp_pack_rows(hp_unpack_rows(data));
UPDATE co_occurrence_daily SET data = hp_pack_rows(hp_unpack_rows(data));
