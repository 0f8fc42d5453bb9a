// The data of the events Home Patterns fires on Home Assistant's bus, named as DOCS.md documents them.
import type { ServiceHealthChange } from "../../core/service-health.js";
import type { Anomaly, Finding } from "../../patterns/finding.js";
import type { PatternStatus } from "../../patterns/pattern-store.js";

export const ANOMALY_EVENT_TYPE = "home_patterns_anomaly";
export const PATTERN_EVENT_TYPE = "home_patterns_pattern";
export const HEALTH_EVENT_TYPE = "home_patterns_health";

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

/**
 * home_patterns_health for an automation that went quiet. `kind` tells it from the service's own
 * problems (kind service_health) on the same event type; `type` is kept for automations that use it.
 */
export interface HealthEventData {
  [key: string]: unknown;
  kind: "automation_quiet";
  type: "automation_quiet";
  /** The automation's entity id. */
  entity_id: string;
  name: string;
  /** Its newest run, ISO 8601 UTC. */
  last_run: string;
  usual_gap_days: number;
  silent_days: number;
  summary: string;
  /** The finding's key: dismiss it in the panel, or de-duplicate on it. */
  key: string;
}

/** The health event of a quiet-automation finding; undefined for every other finding. */
export function automationQuietEventData(pattern: Finding): HealthEventData | undefined {
  if (pattern.type !== "automation_quiet") return undefined;
  const p = pattern.params;
  return {
    kind: "automation_quiet",
    type: "automation_quiet",
    entity_id: pattern.entities[0],
    name: String(p.name),
    last_run: String(p.lastRun),
    usual_gap_days: Number(p.usualGapDays),
    silent_days: Number(p.silentDays),
    summary: pattern.summary,
    key: pattern.key,
  };
}

/** A problem of the service itself (kind service_health) raised or cleared: automations can notify on it. */
export function serviceHealthEventData(change: ServiceHealthChange): Record<string, unknown> {
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
