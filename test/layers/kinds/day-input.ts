// Builds a DayInput (one local day of events) from hand-written events for kind tests.
import type { HomeEvent } from "../../../src/core/home-event.js";
import { compareEvents } from "../../../src/core/home-event.js";
import { LocalTime } from "../../../src/core/local-time.js";
import type { DayInput } from "../../../src/layers/aggregate-kind.js";

export const BERLIN = new LocalTime("Europe/Berlin");

/** A state change at local "HH:MM" (or "HH:MM:SS") on a day in the zone. */
export function at(
  time: LocalTime,
  day: string,
  hhmm: string,
  entity: string,
  state: string,
  extra: Partial<HomeEvent> = {},
): HomeEvent {
  const [h, m, s = "0"] = hhmm.split(":");
  const ts = time.toEpoch(day, Number(h) * 60 + Number(m)) + Number(s) * 1000;
  return { ts, entity, state, source: "test", ...extra };
}

export function dayInput(
  day: string,
  events: HomeEvent[],
  options: { time?: LocalTime; areas?: Record<string, string>; carryIn?: HomeEvent[] } = {},
): DayInput {
  const time = options.time ?? BERLIN;
  const { start, end } = time.dayBounds(day);
  const areas = options.areas ?? {};
  return {
    day,
    start,
    end,
    events: [...events].sort(compareEvents),
    carryIn: new Map((options.carryIn ?? []).map((e) => [e.entity, e])),
    time,
    areaOf: (entity) => areas[entity] ?? null,
  };
}
