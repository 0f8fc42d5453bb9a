// The fixed entities: pattern and anomaly counts, storage, ingest rate, problem flags, quiet automations and the anomaly event.
import { ANOMALY_KINDS, type Anomaly } from "../../patterns/finding.js";
import { describeAnomaly, type HaStateSnapshot } from "../ha-state-snapshot.js";
import { type DiscoveredComponent, entityBase, stateKeys } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";
import { stateTopic } from "./discovery-topics.js";

export const ANOMALY_EVENT_OBJECT_ID = "anomaly";

export function activePatternsSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "active_patterns";
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Active patterns"),
      ...stateKeys(objectId, true),
      state_class: "measurement",
      icon: "mdi:chart-timeline-variant",
    },
    state: String(snapshot.activePatterns.count),
    attributes: { top_patterns: snapshot.activePatterns.topSummaries, by_type: snapshot.activePatterns.byType },
  };
}

export function anomalies24hSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "anomalies_24h";
  const latest = snapshot.anomalies24h.latest;
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Anomalies 24h"),
      ...stateKeys(objectId, true),
      state_class: "measurement",
      icon: "mdi:alert-decagram-outline",
    },
    state: String(snapshot.anomalies24h.count),
    // Flat keys, so a template or a card can read `latest_kind` without digging.
    attributes: latest
      ? {
          latest_kind: latest.kind,
          latest_summary: latest.summary,
          latest_severity: latest.severity,
          latest_entity: latest.entity,
          latest_area: latest.area,
          latest_expected: latest.expected,
          latest_observed_at: latest.observedAt,
          latest_key: latest.key,
        }
      : {},
  };
}

export function storageUsedSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "storage_used";
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Storage used"),
      ...stateKeys(objectId, false),
      device_class: "data_size",
      unit_of_measurement: "MB",
      state_class: "measurement",
      suggested_display_precision: 1,
      entity_category: "diagnostic",
    },
    state: String(snapshot.storageMegabytes),
  };
}

export function eventsPerHourSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "events_per_hour";
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Events per hour"),
      ...stateKeys(objectId, false),
      unit_of_measurement: "events/h",
      state_class: "measurement",
      icon: "mdi:database-import-outline",
      entity_category: "diagnostic",
    },
    state: String(snapshot.eventsLastHour),
  };
}

export function anomalyOpenBinarySensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "anomaly_open";
  return {
    component: "binary_sensor",
    objectId,
    config: {
      ...entityBase(identity, "binary_sensor", objectId, "Anomaly open"),
      ...stateKeys(objectId, true),
      device_class: "problem",
      payload_on: "ON",
      payload_off: "OFF",
    },
    state: snapshot.openAnomalies > 0 ? "ON" : "OFF",
    attributes: { open_anomalies: snapshot.openAnomalies },
  };
}

/**
 * On while some device drops out again and again: what a user automates on ("notify me when a
 * sensor needs a battery"), apart from anomalies of the home's habits. The devices are attributes.
 */
export function deviceProblemBinarySensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "device_problem";
  return {
    component: "binary_sensor",
    objectId,
    config: {
      ...entityBase(identity, "binary_sensor", objectId, "Device problem"),
      ...stateKeys(objectId, true),
      device_class: "problem",
      payload_on: "ON",
      payload_off: "OFF",
      entity_category: "diagnostic",
    },
    state: snapshot.deviceProblems.length > 0 ? "ON" : "OFF",
    attributes: {
      devices: snapshot.deviceProblems.map((d) => d.entity),
      summaries: snapshot.deviceProblems.map((d) => d.summary),
    },
  };
}

/**
 * How many automations went quiet: above 0 is what a user notifies on ("an automation stopped
 * running"). Which ones, and since when, are attributes; dismissing a finding lowers the count.
 */
export function quietAutomationsSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "quiet_automations";
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Quiet automations"),
      ...stateKeys(objectId, true),
      state_class: "measurement",
      icon: "mdi:robot-off-outline",
    },
    state: String(snapshot.quietAutomations.length),
    attributes: {
      automations: snapshot.quietAutomations.map((q) => q.entity),
      summaries: snapshot.quietAutomations.map((q) => q.summary),
    },
  };
}

/** On while self-watching has a problem of the service itself open (kind service_health). */
export function serviceProblemBinarySensor(
  identity: DiscoveryIdentity,
  snapshot: HaStateSnapshot,
): DiscoveredComponent {
  const objectId = "service_problem";
  return {
    component: "binary_sensor",
    objectId,
    config: {
      ...entityBase(identity, "binary_sensor", objectId, "Service problem"),
      ...stateKeys(objectId, true),
      device_class: "problem",
      payload_on: "ON",
      payload_off: "OFF",
      entity_category: "diagnostic",
    },
    state: snapshot.serviceProblems.length > 0 ? "ON" : "OFF",
    attributes: {
      issues: snapshot.serviceProblems.map((p) => p.issue),
      summaries: snapshot.serviceProblems.map((p) => p.summary),
    },
  };
}

/** The event entity automations trigger on; its state topic gets one message per anomaly. */
export function anomalyEventEntity(identity: DiscoveryIdentity): DiscoveredComponent {
  const objectId = ANOMALY_EVENT_OBJECT_ID;
  return {
    component: "event",
    objectId,
    config: {
      ...entityBase(identity, "event", objectId, "Anomaly"),
      state_topic: anomalyEventTopic(),
      event_types: [...ANOMALY_KINDS],
      icon: "mdi:home-alert-outline",
    },
  };
}

export function anomalyEventTopic(): string {
  return stateTopic(ANOMALY_EVENT_OBJECT_ID);
}

/**
 * `{"event_type": kind, ...}`: HA turns every other key into an attribute of the event entity.
 * The anomaly's own details come after our named fields and cannot overwrite them.
 */
export function anomalyEventPayload(anomaly: Anomaly): string {
  const described = describeAnomaly(anomaly);
  const named: Record<string, unknown> = {
    event_type: anomaly.kind,
    key: described.key,
    summary: described.summary,
    severity: described.severity,
    entity: described.entity,
    area: described.area,
    expected: described.expected,
    observed_at: described.observedAt,
  };
  const payload: Record<string, unknown> = { ...named };
  for (const [k, v] of Object.entries(anomaly.details ?? {})) if (!(k in named)) payload[k] = v;
  return JSON.stringify(payload);
}
