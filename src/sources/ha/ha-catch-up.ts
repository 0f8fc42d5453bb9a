// One catch-up after a (re)connect: every change since each entity's resume point, the recorder's lag waited out.
import type { Clock } from "../../core/clock.js";
import { compareEvents, type HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import type { HaCommands } from "./ha-connection.js";
import { planBackfill, readMissedChanges } from "./ha-history-backfill.js";
import type { HaState } from "./ha-messages.js";

/** Longer than any commit_interval a home would set (HA's default is 5 s). */
export const RECORDER_WAIT_MS = 60_000;
const RECORDER_RECHECK_MS = 500;

export interface CatchUpDeps {
  ha: HaCommands;
  clock: Clock;
  logger: Logger;
  source: string;
  /** Newest stored event time per entity. */
  lastEventTimes: () => Map<string, number>;
  /** Newest change handed over for the entity (the store may not have it yet). */
  lastDelivered: (entity: string) => number | undefined;
  maxBackfillMs: number;
  recorderWaitMs: number;
  /** Entities never to read (Home Patterns' own). */
  skip: (entity: string) => boolean;
  /** False once the connection this catch-up belongs to is gone. */
  current: () => boolean;
  /** Every state get_states listed, Home Patterns' own included. */
  onStates?: (states: readonly HaState[]) => void;
}

/** The missed changes in time order, or undefined when the connection went away meanwhile. */
export async function catchUp(deps: CatchUpDeps): Promise<HomeEvent[] | undefined> {
  const all = await deps.ha.command<HaState[]>({ type: "get_states" });
  if (!deps.current()) return undefined;
  deps.onStates?.(all);
  const states = all.filter((s) => !deps.skip(s.entity_id));
  const stored = deps.lastEventTimes();
  const plan = planBackfill(
    states.map((s) => s.entity_id),
    (entity) => {
      const times = [stored.get(entity), deps.lastDelivered(entity)].filter((t): t is number => t !== undefined);
      return times.length > 0 ? Math.max(...times) : undefined;
    },
    deps.clock.now() - deps.maxBackfillMs,
  );
  const missed = await readMissedChanges(
    {
      ha: deps.ha,
      clock: deps.clock,
      source: deps.source,
      current: deps.current,
      waitMs: deps.recorderWaitMs,
      recheckMs: RECORDER_RECHECK_MS,
      logger: deps.logger,
    },
    states,
    plan,
  );
  if (!missed) return undefined;
  missed.sort(compareEvents);
  deps.logger.info("backfill done", {
    entities: states.length,
    since: new Date(plan.startMs).toISOString(),
    missed: missed.length,
  });
  return missed;
}
