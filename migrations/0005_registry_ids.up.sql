-- What Home Assistant's registries say an entity and a device are, beyond their names: the
-- integration's unique id and the device identifiers. They tell Home Patterns' own MQTT entities
-- apart, and the zigbee2mqtt devices Home Assistant already knows.
ALTER TABLE entities ADD COLUMN unique_id TEXT;
-- JSON array of [domain, id] pairs, as HA's device registry lists them.
ALTER TABLE devices ADD COLUMN identifiers TEXT NOT NULL DEFAULT '[]';
