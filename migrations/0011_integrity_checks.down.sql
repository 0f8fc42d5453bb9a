DROP TRIGGER contexts_deleted;
DROP TRIGGER users_deleted;
DROP TRIGGER sources_deleted;
DROP TRIGGER states_deleted;
DROP TRIGGER entities_deleted;
DROP TABLE integrity_checks;
