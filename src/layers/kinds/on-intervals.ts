// Spans during which an entity was in an active state ("on", "open", "playing", ...) around one day.
import { type HomeEvent, NON_STATES } from "../../core/home-event.js";
import type { DayInput } from "../aggregate-kind.js";
import { habitState, isActiveState } from "./entity-classes.js";

export interface OnInterval {
  entity: string;
  /** When it became active: before the day when it entered the day already on (from carry-in). */
  start: number;
  /** When it stopped, or the day's end when it was still on (`open`). */
  end: number;
  open: boolean;
  startEvent: HomeEvent;
  endEvent: HomeEvent | null;
}

/**
 * Every active span that touches the day, per entity. A span interrupted by "unavailable" or
 * "unknown" is dropped: its length is not known.
 */
export function onIntervals(input: DayInput): OnInterval[] {
  const since = new Map<string, HomeEvent>();
  const tracked = new Map<string, boolean>();
  const isTracked = (entity: string): boolean => {
    let ok = tracked.get(entity);
    if (ok === undefined) {
      ok = habitState(entity, "on") !== null;
      tracked.set(entity, ok);
    }
    return ok;
  };
  const out: OnInterval[] = [];
  for (const [entity, e] of input.carryIn) {
    if (isActiveState(entity, e.state) && isTracked(entity)) since.set(entity, e);
  }
  for (const e of input.events) {
    const started = since.get(e.entity);
    if (NON_STATES.has(e.state)) {
      since.delete(e.entity);
      continue;
    }
    const active = isActiveState(e.entity, e.state);
    if (active && !started) {
      if (isTracked(e.entity)) since.set(e.entity, e);
    } else if (!active && started) {
      out.push({ entity: e.entity, start: started.ts, end: e.ts, open: false, startEvent: started, endEvent: e });
      since.delete(e.entity);
    }
  }
  for (const [entity, started] of since) {
    out.push({ entity, start: started.ts, end: input.end, open: true, startEvent: started, endEvent: null });
  }
  return out;
}

/** Milliseconds of an interval inside [from, to). */
export function overlapMs(interval: OnInterval, from: number, to: number): number {
  return Math.max(0, Math.min(interval.end, to) - Math.max(interval.start, from));
}
