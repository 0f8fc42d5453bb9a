// Builds a rollup's DayInput from L1: the day's events in time order plus each entity's carry-in state.
import { compareEvents, type HomeEvent } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";
import { CARRY_IN_MS, type DayEvents, type DayInput } from "./aggregate-kind.js";

/** What the loader needs from L1 (SqliteEventStore provides both). */
export interface DayEventSource {
  /** Events in [from, to) in time order (one read: faster than iterating row by row). */
  query(q: { from: number; to: number; limit?: number }): HomeEvent[];
  /**
   * The events `query` returns for [from, to), held compactly and made as they are iterated (the
   * SQLite store): a rollup keeps its day for every kind's pass, and a day of objects is the
   * largest thing it would hold.
   */
  dayEvents?(from: number, to: number): DayEvents;
  /** Each entity's newest event in [from, to). */
  lastPerEntity(from: number, to: number): HomeEvent[];
  /**
   * Events counted in the hours that overlap [from, to): changes when events there are added or
   * removed, so a rollup computed outside its write transaction can tell it read a stale day.
   */
  countInSpan?(from: number, to: number): number;
}

export function loadDayInput(
  source: DayEventSource,
  day: string,
  time: LocalTime,
  areaOf: (entity: string) => string | null,
): DayInput {
  const { start, end } = time.dayBounds(day);
  const events = source.dayEvents ? source.dayEvents(start, end) : ordered(source.query({ from: start, to: end }));
  const carryIn = carryInMap(source.lastPerEntity(start - CARRY_IN_MS, start));
  return { day, start, end, events, carryIn, time, areaOf: memoizeArea(areaOf) };
}

/**
 * L1 orders a millisecond's events by entity id; every path orders them by entity name (the
 * SQLite store already hands them over so: then this is one pass, not a sort).
 */
function ordered(events: HomeEvent[]): HomeEvent[] {
  return isOrdered(events) ? events : events.sort(compareEvents);
}

function isOrdered(events: readonly HomeEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1], events[i]) > 0) return false;
  return true;
}

/** Carry-in states keyed and ordered by entity name, so every path iterates them alike. */
export function carryInMap(events: Iterable<HomeEvent>): Map<string, HomeEvent> {
  const sorted = [...events].sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
  return new Map(sorted.map((e) => [e.entity, e]));
}

/** Kinds may ask for an entity's area once per event: answer each entity once per day. */
export function memoizeArea(areaOf: (entity: string) => string | null): (entity: string) => string | null {
  const cache = new Map<string, string | null>();
  return (entity) => {
    let area = cache.get(entity);
    if (area === undefined) {
      area = areaOf(entity);
      cache.set(entity, area);
    }
    return area;
  };
}
