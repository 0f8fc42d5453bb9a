// Walks a window one stored day at a time, so a detector that needs day-level evidence holds one day's rows, not the window's.
import type { AggregateKind, WindowReader } from "./aggregate-kind.js";

/**
 * The days of `reader.byDay(kind, from, to)`, oldest first, each read when the caller asks for
 * it: a day's rows can be dropped before the next is decoded. The rows are the caller's to change
 * (detectors fold them in place): fresh from storage, or a copy when the reader keeps its rows.
 */
export function* windowDays<V>(
  reader: WindowReader,
  kind: AggregateKind<V>,
  from: string,
  to: string,
): Generator<[day: string, rows: Map<string, V>]> {
  for (const day of reader.coveredDays(from, to)) {
    const rows = reader.byDay(kind, day, day).get(day) ?? new Map<string, V>();
    yield [day, reader.freshRows ? rows : structuredClone(rows)];
  }
}

/**
 * `reader.byDay(kind, from, to)` with only the rows `keep` accepts: the evidence a detector goes
 * back to for the few keys it reports, without the rest of the window in memory at once.
 */
export function byDayWhere<V>(
  reader: WindowReader,
  kind: AggregateKind<V>,
  from: string,
  to: string,
  keep: (key: string, value: V) => boolean,
): Map<string, Map<string, V>> {
  const out = new Map<string, Map<string, V>>();
  for (const [day, rows] of windowDays(reader, kind, from, to)) {
    const kept = new Map<string, V>();
    for (const [key, value] of rows) if (keep(key, value)) kept.set(key, value);
    out.set(day, kept);
  }
  return out;
}
