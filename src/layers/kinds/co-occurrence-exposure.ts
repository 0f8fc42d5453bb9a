// Per entity-state exposure of co_occurrence_daily: how often each occurred and how much of the day lies just before it.
import { type Attribution, sparseCounts } from "./attribution.js";
import type { CoEntityValue } from "./co-occurrence-rows.js";

/** The day's entity-states by id: who they are, when they occurred and who caused them. */
export interface DayOccurrences {
  entityOf: readonly string[];
  stateOf: readonly string[];
  occurrences: readonly (readonly number[])[];
  attributions: readonly Attribution[];
}

/**
 * The "entity|…" rows of the entity-states that occurred this day, and for every id (including
 * those only held from carry-in) its coverage per window, in the order of `windowsMs`.
 */
export function entityExposure(
  day: DayOccurrences,
  windows: readonly number[],
  windowsMs: readonly number[],
  dayStart: number,
): { rows: Map<string, CoEntityValue>; coverages: number[][] } {
  const rows = new Map<string, CoEntityValue>();
  const coverages: number[][] = [];
  for (let id = 0; id < day.entityOf.length; id++) {
    coverages.push(windowsMs.map((w) => coverage(day.occurrences[id], w, dayStart)));
    if (day.occurrences[id].length === 0) continue; // only held from carry-in
    const coverageMs = sparseCounts();
    windows.forEach((w, i) => {
      coverageMs[w] = coverages[id][i];
    });
    rows.set(`entity|${day.entityOf[id]}|${day.stateOf[id]}`, {
      type: "entity",
      entity: day.entityOf[id],
      state: day.stateOf[id],
      count: day.occurrences[id].length,
      coverageMs,
      activeDays: 1,
      ...day.attributions[id],
    });
  }
  return { rows, coverages };
}

/** Time within `windowMs` before some occurrence: the union of [t - w, t) clipped to the day. */
function coverage(times: readonly number[], windowMs: number, dayStart: number): number {
  let total = 0;
  let previous = dayStart;
  for (const t of times) {
    total += Math.min(windowMs, t - previous);
    previous = t;
  }
  return total;
}
