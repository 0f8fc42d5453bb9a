DROP TRIGGER event_counts_update;
DROP TRIGGER event_counts_delete;
DROP TABLE event_counts;
