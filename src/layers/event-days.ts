// The local days that hold L1 events, found by seeking from day to day: gaps of years cost nothing.
import { addDays, type LocalTime } from "../core/local-time.js";
import { CARRY_IN_MS } from "./aggregate-kind.js";

/** What the walk needs from L1: the first event at or after a time. */
export interface EventSeek {
  query(q: { from: number; to: number; limit?: number }): { ts: number }[];
}

/** Days in [firstDay, lastDay] with at least one event, oldest first: one indexed read per such day. */
export function* daysWithEvents(
  events: EventSeek,
  time: LocalTime,
  firstDay: string,
  lastDay: string,
): IterableIterator<string> {
  let from = time.dayBounds(firstDay).start;
  const to = time.dayBounds(lastDay).end;
  while (from < to) {
    const next = events.query({ from, to, limit: 1 })[0];
    if (!next) return;
    const day = time.dayOf(next.ts);
    yield day;
    from = time.dayBounds(day).end;
  }
}

/**
 * Days with events, plus the days after each whose carry-in they can change (a light left on
 * across midnight), up to lastDay. A year with no events between two days is never visited.
 */
export function daysToRollUp(events: EventSeek, time: LocalTime, firstDay: string, lastDay: string): string[] {
  const days = new Set<string>();
  for (const day of daysWithEvents(events, time, firstDay, lastDay)) {
    const reach = time.dayOf(time.dayBounds(day).end - 1 + CARRY_IN_MS);
    for (let d = day; d <= reach && d <= lastDay; d = addDays(d, 1)) days.add(d);
  }
  return [...days];
}
