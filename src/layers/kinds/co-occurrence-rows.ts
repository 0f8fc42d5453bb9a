// The rows of L2 co_occurrence_daily: pairs (B followed A), per entity-state exposure, and the day's length.
import type { Attribution, Counts } from "./attribution.js";

/**
 * Row "pair|A-entity|A-state|B-entity|B-state". A hit is an occurrence of A whose first later B
 * came within the window; each A occurrence is a hit at most once, so hits / A's count is the
 * probability that B follows A.
 */
export interface CoPairValue extends Attribution {
  type: "pair";
  a: string;
  aState: string;
  b: string;
  bState: string;
  /** Window in seconds ("30", "120", "600") → A occurrences followed by B within it. */
  hits: Counts;
  /** Sum of the delays (ms) of the hits within the largest window. */
  delaySumMs: number;
  /**
   * When B's state means on (a light turning on): occurrences of A while B already was on. B
   * could not follow them, so they are no chance for it and are never credited as hits. Always 0
   * for a return to rest (a light turning off), which an "on" light makes anyway within its on-time.
   */
  blocked: number;
  /** Days with at least one hit within the largest window, sorted. */
  days: string[];
  // Attribution: `automated` counts hits whose B an automation caused; `users` who caused B.
}

/**
 * Row "entity|entity|state": how often it occurred, and for each window how much of the time
 * lies within that window before one of its occurrences: coverageMs / dayMs is the chance that
 * it follows any unrelated moment within the window.
 */
export interface CoEntityValue extends Attribution {
  type: "entity";
  entity: string;
  state: string;
  count: number;
  coverageMs: Counts;
  /** Days it occurred at all. */
  activeDays: number;
}

/** Row "day": how much time the window covers, the denominator for chance rates. */
export interface CoDayValue {
  type: "day";
  days: number;
  dayMs: number;
}

export type CoOccurrenceValue = CoPairValue | CoEntityValue | CoDayValue;

export function pairKey(a: string, aState: string, b: string, bState: string): string {
  return `pair|${a}|${aState}|${b}|${bState}`;
}
