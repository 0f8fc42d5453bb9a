// Applies a day's planned changes in time order: drops no-ops, fills `previous`, context and outages.
import { compareEvents, type HomeEvent } from "../../core/home-event.js";
import { addDays, parseDay } from "../../core/local-time.js";
import type { DayContext } from "./day-context.js";
import { contextId } from "./prng.js";
import { isHeatingMonth } from "./routine-catalog.js";

export const SOURCE = "simulator";

/** Entities whose state the residents and automations set (as opposed to sensors that report on their own). */
export const DISCRETE_KINDS: ReadonlySet<string> = new Set(["routine", "motion", "visit", "presence", "toggle"]);

/** State of a discrete entity at the start of a day: what the previous day always ends with. */
export function stateAtDayStart(entity: string, day: string): string {
  if (entity.startsWith("person.")) return "home";
  if (entity.startsWith("climate.")) return isHeatingMonth(parseDay(addDays(day, -1))[1]) ? "heat" : "off";
  return "off";
}

export interface Assembly {
  events: HomeEvent[];
  /** Entities that had to be put back at the end of the day (a plan that left something on): should be none. */
  corrections: string[];
}

export function assembleDay(ctx: DayContext): Assembly {
  const ids = ctx.rng("event-context");
  const state = new Map<string, string>();
  for (const entity of ctx.world.layout.simulated) {
    if (DISCRETE_KINDS.has(entity.behaviour.kind))
      state.set(entity.entityId, stateAtDayStart(entity.entityId, ctx.day));
  }
  const outage = ctx.anomaly("unavailable");
  const shadow = new Map<string, string>();
  const events: HomeEvent[] = [];
  const emit = (
    ts: number,
    entity: string,
    next: string,
    cause?: { user?: string; context?: string; parent?: string },
  ) => {
    const event: HomeEvent = {
      ts,
      entity,
      state: next,
      previous: state.get(entity),
      context: cause?.context ?? contextId(ts, ids),
      source: SOURCE,
    };
    if (cause?.user) event.user = cause.user;
    if (cause?.parent) event.parent = cause.parent;
    events.push(event);
    state.set(entity, next);
  };

  const actions = [...ctx.actions].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  let outageStarted = false;
  let outageEnded = false;
  for (const action of actions) {
    if (outage?.entity && !outageStarted && action.ts >= outage.start) {
      outageStarted = true;
      shadow.set(outage.entity, state.get(outage.entity) ?? "off");
      emit(outage.start, outage.entity, "unavailable");
    }
    if (outage?.entity && outageStarted && !outageEnded && action.ts >= outage.end) {
      outageEnded = true;
      emit(outage.end, outage.entity, shadow.get(outage.entity) ?? "off");
    }
    if (outageStarted && !outageEnded && action.entity === outage?.entity) {
      shadow.set(action.entity, action.state); // the device is gone: what happens is not reported
      continue;
    }
    if (!state.has(action.entity) || state.get(action.entity) === action.state) continue;
    emit(action.ts, action.entity, action.state, action.cause);
  }
  if (outage?.entity && outageStarted && !outageEnded)
    emit(Math.min(outage.end, ctx.end - 1_000), outage.entity, shadow.get(outage.entity) ?? "off");

  const corrections: string[] = [];
  const nextDay = addDays(ctx.day, 1);
  for (const [entity, current] of state) {
    const expected = stateAtDayStart(entity, nextDay);
    if (current !== expected) {
      corrections.push(entity);
      emit(ctx.end - 1_000, entity, expected);
    }
  }
  events.sort(compareEvents);
  return { events, corrections };
}
