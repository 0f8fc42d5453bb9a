// What Home Patterns puts in Redis: channel and key names, and the JSON of each message.
import type { HomeEvent } from "../../core/home-event.js";
import type { Anomaly, Finding } from "../../patterns/finding.js";

/** Pub/sub channels. A subscriber gets one JSON object per message, told apart by `type`. */
export const EVENTS_CHANNEL = "home_patterns:events";
export const ANOMALIES_CHANNEL = "home_patterns:anomalies";
export const PATTERNS_CHANNEL = "home_patterns:patterns";

/** Hash: pattern key → the pattern's JSON, exactly the catalog a user sees now. */
export const PATTERNS_HASH = "home_patterns:patterns";
/** List, newest first: the last anomalies' JSON. */
export const ANOMALIES_LIST = "home_patterns:anomalies";

export interface BatchMessage {
  type: "batch";
  inserted: number;
  duplicates: number;
  /** Newest event time in the batch, epoch ms. */
  newest: number | null;
  bySource: Record<string, number>;
  events: readonly HomeEvent[];
}

export function batchMessage(
  events: readonly HomeEvent[],
  result: { inserted: number; duplicates: number },
): BatchMessage {
  const bySource: Record<string, number> = {};
  let newest: number | null = null;
  for (const e of events) {
    bySource[e.source] = (bySource[e.source] ?? 0) + 1;
    if (newest === null || e.ts > newest) newest = e.ts;
  }
  return { type: "batch", inserted: result.inserted, duplicates: result.duplicates, newest, bySource, events };
}

export function anomalyMessage(anomaly: Anomaly): { type: "anomaly" } & Anomaly {
  return { type: "anomaly", ...anomaly };
}

export function patternsMessage(
  active: number,
  changed: readonly Finding[],
): { type: "patterns"; active: number; changed: readonly Finding[] } {
  return { type: "patterns", active, changed };
}
