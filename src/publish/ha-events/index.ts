// Home Assistant bus events: what automations without MQTT trigger on.

export type { AnomalyEventData, PatternEventData } from "./ha-event-data.js";
export { ANOMALY_EVENT_TYPE, anomalyEventData, PATTERN_EVENT_TYPE, patternEventData } from "./ha-event-data.js";
export type { HaEventPublisher, HaEventPublisherDeps, HaEventPublisherStatus } from "./ha-event-publisher.js";
export { createHaEventPublisher, DEFAULT_MAX_QUEUED } from "./ha-event-publisher.js";
