// The data of the events Home Patterns fires on Home Assistant's bus, named as DOCS.md documents them.
import type { ServiceHealthChange } from "../../core/service-health.js";
import type { Anomaly, Finding } from "../../patterns/finding.js";
import type { PatternStatus } from "../../patterns/pattern-store.js";

export const ANOMALY_EVENT_TYPE = "home_patterns_anomaly";
export const PATTERN_EVENT_TYPE = "home_patterns_pattern";

/**
 * `type` and `entity_id` rather than the record's `kind` and `entity`: automations match on
 * `event_data: {type: unusual_time}` (DOCS.md examples) and HA names entity fields entity_id.
 */
export interface AnomalyEventData {
  [key: string]: unknown;
  type: Anomaly["kind"];
  entity_id: string | null;
  area: string | null;
  severity: Anomaly["severity"];
  summary: string;
  expected: string;
  /** Stable per anomaly: automations can de-duplicate on it. */
  key: string;
  /** When it was observed, ISO 8601 UTC. */
  ts: string;
}

export interface PatternEventData {
  [key: string]: unknown;
  key: string;
  type: Finding["type"];
  /** active for a pattern just found; accepted, dismissed, snoozed or stale after a change. */
  status: PatternStatus;
  entities: string[];
  area: string | null;
  confidence: number;
  support: number;
  summary: string;
}

export function anomalyEventData(anomaly: Anomaly): AnomalyEventData {
  return {
    type: anomaly.kind,
    entity_id: anomaly.entity,
    area: anomaly.area,
    severity: anomaly.severity,
    summary: anomaly.summary,
    expected: anomaly.expected,
    key: anomaly.key,
    ts: new Date(anomaly.ts).toISOString(),
  };
}

/** The bus carries catalog records (with a status); a bare finding is one just found, so active. */
export function patternEventData(pattern: Finding & { status?: PatternStatus }): PatternEventData {
  return {
    key: pattern.key,
    type: pattern.type,
    status: pattern.status ?? "active",
    entities: [...pattern.entities],
    area: pattern.area,
    confidence: pattern.confidence,
    support: pattern.support,
    summary: pattern.summary,
  };
}

export const HEALTH_EVENT_TYPE = "home_patterns_health";

/** A problem of the service itself (kind service_health) raised or cleared: automations can notify on it. */
export function healthEventData(change: ServiceHealthChange): Record<string, unknown> {
  const f = change.finding;
  return {
    kind: f.kind,
    issue: f.issue,
    change: change.change,
    severity: f.severity,
    summary: f.summary,
    since: new Date(f.since).toISOString(),
    open_problems: change.active.map((a) => a.issue),
  };
}
