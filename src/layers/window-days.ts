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
 * The rows of `reader.byDay(kind, from, to)` one at a time, oldest day first: a detector that
 * keeps a few rows of each day (the chains whose steps pass) never has a whole day's rows built
 * at once when the reader makes its rows one by one (eachRow); otherwise a day at a time. The
 * rows are the caller's to change, as windowDays's.
 */
export function* windowRows<V>(
  reader: WindowReader,
  kind: AggregateKind<V>,
  from: string,
  to: string,
): Generator<[day: string, key: string, value: V]> {
  if (reader.eachRow) {
    for (const row of reader.eachRow(kind, from, to)) yield [row.at, row.key, row.value];
    return;
  }
  for (const [day, rows] of windowDays(reader, kind, from, to))
    for (const [key, value] of rows) yield [day, key, value];
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
  for (const day of reader.coveredDays(from, to)) out.set(day, new Map());
  for (const [day, key, value] of windowRows(reader, kind, from, to))
    if (keep(key, value)) out.get(day)?.set(key, value);
  return out;
}
