// One read of a window serving both its merged rows and its rows per day: each stored day is decoded once.
import type { AggregateKind } from "./aggregate-kind.js";

/** A window of one kind: what merged() and byDay() answer, from one read. */
export interface KindWindow<V> {
  /** The merge of each key's rows over the days read. */
  merged: Map<string, V>;
  /** The rows of each covered day, oldest first; a covered day without rows has an empty map. */
  byDay: Map<string, Map<string, V>>;
}

/**
 * Folds stored days, oldest first, into the merged window while keeping each day's rows as they
 * were read. The day maps are taken as they are given (each made for this read) and their rows
 * are shared with the merged window, so nothing given is changed: a key's first row stands as its
 * merged value until another day has the key, merge then makes the key a value of its own, and the
 * later days are absorbed into that value (AggregateKind.absorb changes only its first argument and
 * what merge or absorb made for it). Rows of days not in `covered` count in the merge only, as
 * merged() and byDay() read them.
 */
export function foldWindow<V>(
  kind: Pick<AggregateKind<V>, "merge" | "absorb">,
  covered: readonly string[],
  stored: Iterable<readonly [day: string, rows: Map<string, V>]>,
): KindWindow<V> {
  const merged = new Map<string, V>();
  const byDay = new Map<string, Map<string, V>>();
  for (const day of covered) byDay.set(day, new Map());
  // Keys whose merged value was made here (by merge): only those may be absorbed into.
  const own = new Set<string>();
  for (const [day, rows] of stored) {
    if (byDay.has(day)) byDay.set(day, rows);
    for (const [key, value] of rows) {
      const prev = merged.get(key);
      if (prev === undefined) merged.set(key, value);
      else if (kind.absorb && own.has(key)) {
        const next = kind.absorb(prev, value);
        if (next !== prev) merged.set(key, next);
      } else {
        merged.set(key, kind.merge(prev, value));
        own.add(key);
      }
    }
  }
  return { merged, byDay };
}
