-- Removes the L4 catalog, anomalies and feedback.
DROP TABLE IF EXISTS feedback;
DROP TABLE IF EXISTS anomalies;
DROP TABLE IF EXISTS pattern_entities;
DROP TABLE IF EXISTS patterns;
