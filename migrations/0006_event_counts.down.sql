DROP TRIGGER event_counts_update;
DROP TRIGGER event_counts_delete;
DROP TRIGGER event_counts_insert;
DROP TABLE event_counts;
