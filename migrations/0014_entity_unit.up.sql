-- The unit Home Assistant's state attributes name for an entity (unit_of_measurement: "°C", "W",
-- "%"): the panel, the API and findings show a numeric state with it ("21.5 °C"), as Home Assistant
-- does. Taken from state_changed events, get_states and imports that carry attributes, with the
-- time of the record that named it (epoch ms) so an older record does not replace a newer unit;
-- NULL while none is known, which shows the bare number. Stored events stay as they are.
ALTER TABLE entities ADD COLUMN unit TEXT;
ALTER TABLE entities ADD COLUMN unit_ts INTEGER;
