// Reads the changes missed while disconnected (or stopped) from Home Assistant's recorder history.
import type { Clock } from "../../core/clock.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import type { HaCommands } from "./ha-connection.js";
import { homeEventFromState } from "./ha-event-mapping.js";
import type { HaCompressedHistoryRow, HaHistoryResult, HaState } from "./ha-messages.js";
import { epochMsToIso, epochSecondsToMs, isoToEpochMs } from "./ha-time.js";

/** Entity ids per history request: keeps each answer well below HA's message size limits. */
const ENTITIES_PER_REQUEST = 100;

export interface BackfillPlan {
  /** start_time of the history request, epoch ms. */
  startMs: number;
  /** Per entity: only changes strictly after this time are missing. */
  cutoffs: Map<string, number>;
}

/** Every recorded state since `startMs`, attribute-only updates and attributes included (for automation runs). */
export function fetchAttributeHistory(
  ha: HaCommands,
  entityIds: readonly string[],
  startMs: number,
): Promise<HaHistoryResult> {
  return ha.command<HaHistoryResult>({
    type: "history/history_during_period",
    start_time: epochMsToIso(startMs),
    entity_ids: [...entityIds],
    include_start_time_state: false,
    // A run only moves an automation's attributes: not a "significant" change.
    significant_changes_only: false,
    minimal_response: false,
    no_attributes: false,
  });
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

/** Time of the newest change in an entity's history rows (last_changed, else last_updated), ms. */
function newestChange(rows: readonly HaCompressedHistoryRow[]): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (!row || typeof row.lu !== "number") continue;
    newest = Math.max(newest, epochSecondsToMs(typeof row.lc === "number" ? row.lc : row.lu));
  }
  return newest;
}

/**
 * Entities the recorder has not caught up with: get_states shows a change after the resume point
 * that their history does not hold yet. The recorder commits every commit_interval (HA's default
 * 5 s), and history reads only committed rows, while get_states is current. Entities with no
 * history at all are not recorded (the recorder's exclude) and are not waited for.
 */
export function uncommittedEntities(
  states: readonly HaState[],
  history: HaHistoryResult,
  plan: BackfillPlan,
): string[] {
  const waiting: string[] = [];
  for (const state of states) {
    const rows = history[state.entity_id];
    if (!Array.isArray(rows) || rows.length === 0) continue;
    const changed = isoToEpochMs(state.last_changed);
    if (!Number.isFinite(changed) || changed <= (plan.cutoffs.get(state.entity_id) ?? plan.startMs)) continue;
    if (newestChange(rows) < changed) waiting.push(state.entity_id);
  }
  return waiting;
}

/**
 * The current state of each entity whose newest change is after its resume point but not in its
 * history: an entity the recorder excludes, or one it had not committed when waiting stopped.
 * Intermediate changes of those are unknowable; the current state at least is not lost.
 */
export function changesOnlyInStates(
  states: readonly HaState[],
  history: HaHistoryResult,
  plan: BackfillPlan,
  source: string,
): HomeEvent[] {
  const events: HomeEvent[] = [];
  for (const state of states) {
    const ts = isoToEpochMs(state.last_changed);
    if (!Number.isFinite(ts) || ts <= (plan.cutoffs.get(state.entity_id) ?? plan.startMs)) continue;
    const rows = history[state.entity_id];
    if (Array.isArray(rows) && newestChange(rows) >= ts) continue;
    events.push(homeEventFromState(state, source, ts));
  }
  return events;
}

export interface MissedChangesDeps {
  ha: HaCommands;
  clock: Clock;
  source: string;
  /** False once the connection this catch-up belongs to is gone: stop without a result. */
  current: () => boolean;
  /** How long to wait at most for the recorder to commit what get_states already shows. */
  waitMs: number;
  /** Between two looks at history while waiting. */
  recheckMs: number;
  logger: Logger;
}

/**
 * Every change after each entity's resume point, oldest first per entity; undefined when the
 * connection went away meanwhile. Waits (re-reading history of the entities concerned) until the
 * recorder has committed the changes get_states already shows: giving up early would let the
 * live events that follow move the resume point past them for good.
 */
export async function readMissedChanges(
  deps: MissedChangesDeps,
  states: readonly HaState[],
  plan: BackfillPlan,
): Promise<HomeEvent[] | undefined> {
  const entityIds = states.map((s) => s.entity_id);
  const history = entityIds.length > 0 ? await fetchHistory(deps.ha, entityIds, plan.startMs) : {};
  const deadline = deps.clock.now() + deps.waitMs;
  for (let waiting = uncommittedEntities(states, history, plan); waiting.length > 0; ) {
    if (!deps.current()) return undefined;
    if (deps.clock.now() >= deadline) {
      deps.logger.warn("Home Assistant's recorder did not commit in time; using the current states", {
        entities: waiting.length,
        waitedMs: deps.waitMs,
      });
      break;
    }
    await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, deps.recheckMs));
    if (!deps.current()) return undefined;
    Object.assign(history, await fetchHistory(deps.ha, waiting, plan.startMs));
    waiting = uncommittedEntities(states, history, plan);
  }
  if (!deps.current()) return undefined;
  return [...eventsFromHistory(history, plan, deps.source), ...changesOnlyInStates(states, history, plan, deps.source)];
}
