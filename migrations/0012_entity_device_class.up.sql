-- The device class Home Assistant's state attributes name for an entity (door, motion, moisture):
-- findings put a binary_sensor's state in the words Home Assistant shows ("opens", not "turns
-- on"). Taken from state_changed events, get_states and imports that carry attributes; NULL while
-- none is known, which keeps the plain on/off wording. Raw states stay as they are everywhere else.
ALTER TABLE entities ADD COLUMN device_class TEXT;
