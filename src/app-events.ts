// Events the parts of the running service tell each other about (and the panel, over SSE).
// Not in core/: the payloads carry findings and anomalies, and core/ imports nothing from src/.

import type { ServiceHealthChange } from "./core/service-health.js";
import type { Anomaly, Finding } from "./patterns/finding.js";

export interface IngestedBatch {
  /** Events stored by this batch, and how many were dropped as exact duplicates. */
  inserted: number;
  duplicates: number;
  bySource: Record<string, number>;
  /** Newest event time in the batch, epoch ms. */
  newest: number | null;
}

export interface AppEvents {
  /** A batch was committed to L1. */
  ingested: IngestedBatch;
  /** A day (or several) was rolled up into L2/L3. */
  rolledUp: { days: string[]; durationMs: number };
  /** The pattern catalog changed after a detection run or feedback. */
  patternsUpdated: { active: number; changed: Finding[] };
  /** An anomaly was detected (online, as events arrive, or nightly). */
  anomaly: Anomaly;
  /** Storage sizes or budget state changed. */
  storage: { usedBytes: number; budgetBytes: number; state: "ok" | "near" | "over" | "disk_full" };
  /** Self-watching raised or cleared a problem of the service itself. */
  serviceHealth: ServiceHealthChange;
}
