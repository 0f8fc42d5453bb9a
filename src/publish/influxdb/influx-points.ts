// How events and anomalies look in InfluxDB: measurements, tags and fields.
import { domainOf, type HomeEvent } from "../../core/home-event.js";
import type { Anomaly } from "../../patterns/finding.js";
import type { PointSpec } from "./influx-connection.js";

export const EVENTS_MEASUREMENT = "home_patterns_events";
export const ANOMALIES_MEASUREMENT = "home_patterns_anomalies";

/** Plain decimal numbers only: "21.5" is a reading, "on", "NaN" or "0x1F" are not. */
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** One point per event: the state as a string, and as a float too when it is a number (for graphs). */
export function eventPoint(event: HomeEvent, area: string | null): PointSpec {
  const fields: PointSpec["fields"] = { state: event.state };
  if (NUMERIC.test(event.state)) fields.value = Number(event.state);
  return {
    measurement: EVENTS_MEASUREMENT,
    tags: { entity: event.entity, domain: domainOf(event.entity), area, source: event.source },
    fields,
    ts: event.ts,
  };
}

export function anomalyPoint(anomaly: Anomaly): PointSpec {
  return {
    measurement: ANOMALIES_MEASUREMENT,
    tags: { kind: anomaly.kind, severity: anomaly.severity, entity: anomaly.entity, area: anomaly.area },
    fields: { key: anomaly.key, summary: anomaly.summary, expected: anomaly.expected },
    ts: anomaly.ts,
  };
}
