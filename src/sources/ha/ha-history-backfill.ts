// Reads the changes missed while disconnected (or stopped) from Home Assistant's recorder history.
import type { HomeEvent } from "../../core/home-event.js";
import type { HaCommands } from "./ha-connection.js";
import type { HaCompressedHistoryRow, HaHistoryResult } from "./ha-messages.js";
import { epochMsToIso, epochSecondsToMs } from "./ha-time.js";

/** Entity ids per history request: keeps each answer well below HA's message size limits. */
const ENTITIES_PER_REQUEST = 100;

export interface BackfillPlan {
  /** start_time of the history request, epoch ms. */
  startMs: number;
  /** Per entity: only changes strictly after this time are missing. */
  cutoffs: Map<string, number>;
}

/**
 * Where to resume per entity: after its newest known event, but never further back than the
 * lookback. The request starts at the earliest cutoff.
 */
export function planBackfill(
  entityIds: readonly string[],
  known: (entity: string) => number | undefined,
  floorMs: number,
): BackfillPlan {
  const cutoffs = new Map<string, number>();
  let startMs = Number.POSITIVE_INFINITY;
  for (const entity of entityIds) {
    const cutoff = Math.max(known(entity) ?? floorMs, floorMs);
    cutoffs.set(entity, cutoff);
    startMs = Math.min(startMs, cutoff);
  }
  return { startMs: Number.isFinite(startMs) ? startMs : floorMs, cutoffs };
}

export async function fetchHistory(
  ha: HaCommands,
  entityIds: readonly string[],
  startMs: number,
): Promise<HaHistoryResult> {
  const merged: HaHistoryResult = {};
  for (let i = 0; i < entityIds.length; i += ENTITIES_PER_REQUEST) {
    const part = await ha.command<HaHistoryResult>({
      type: "history/history_during_period",
      start_time: epochMsToIso(startMs),
      entity_ids: entityIds.slice(i, i + ENTITIES_PER_REQUEST),
      include_start_time_state: true,
      significant_changes_only: false,
      minimal_response: false,
      no_attributes: true,
    });
    Object.assign(merged, part);
  }
  return merged;
}

/**
 * The missed state changes in a history answer, oldest first per entity. The first row of an
 * entity is its state at start_time with the time clamped to start_time: it gives `previous`
 * but is not a change. Rows that repeat the previous state are attribute updates.
 */
export function eventsFromHistory(result: HaHistoryResult, plan: BackfillPlan, source: string): HomeEvent[] {
  const events: HomeEvent[] = [];
  for (const [entity, rows] of Object.entries(result)) {
    if (!Array.isArray(rows)) continue;
    const cutoff = plan.cutoffs.get(entity) ?? plan.startMs;
    let previous: string | undefined;
    rows.forEach((row: HaCompressedHistoryRow, index) => {
      if (!row || typeof row.s !== "string" || typeof row.lu !== "number") return;
      const ts = epochSecondsToMs(typeof row.lc === "number" ? row.lc : row.lu);
      const clampedStart = index === 0 && ts <= plan.startMs;
      const repeat = previous !== undefined && row.s === previous;
      if (!clampedStart && !repeat && ts > cutoff) {
        const event: HomeEvent = { ts, entity, state: row.s, source };
        if (previous !== undefined) event.previous = previous;
        events.push(event);
      }
      previous = row.s;
    });
  }
  return events;
}
