// A problem of the service itself (not of the home): what self-watching raises and clears.

/**
 * Kept apart from the home's device-health findings (sensors that go unavailable): this kind is
 * about Home Patterns, so the panel, MQTT and Home Assistant can tell the two apart.
 */
export const SERVICE_HEALTH_KIND = "service_health";

export const SERVICE_HEALTH_ISSUES = [
  "ingest_stalled",
  "rollup_failed",
  "rollup_slow",
  "detection_failed",
  "detection_slow",
  "storage_growth",
] as const;
export type ServiceHealthIssue = (typeof SERVICE_HEALTH_ISSUES)[number];

export interface ServiceHealthFinding {
  kind: typeof SERVICE_HEALTH_KIND;
  issue: ServiceHealthIssue;
  /** When the problem was first seen, epoch ms. */
  since: number;
  severity: "warning" | "error";
  /** One line a person understands. */
  summary: string;
  details: Record<string, number | string>;
}

export interface ServiceHealthChange {
  /** Every problem open now, after the change. */
  active: ServiceHealthFinding[];
  /** The problem that was raised or cleared. */
  finding: ServiceHealthFinding;
  change: "raised" | "cleared";
}
