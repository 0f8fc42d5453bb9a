// Folds aggregate rows key by key, in the order given: the one place windows are merged.
import type { AggregateKind } from "./aggregate-kind.js";

/** Merges `value` into `acc` under `key` (the first value of a key is taken as it is). */
export function mergeInto<V>(kind: Pick<AggregateKind<V>, "merge">, acc: Map<string, V>, key: string, value: V): void {
  const prev = acc.get(key);
  acc.set(key, prev === undefined ? value : kind.merge(prev, value));
}

/**
 * mergeInto for values the caller owns (rows just decoded from storage, held by nobody else): the
 * kind's in-place absorb when it has one, so a key seen on many days is folded into one object.
 */
export function absorbInto<V>(
  kind: Pick<AggregateKind<V>, "merge" | "absorb">,
  acc: Map<string, V>,
  key: string,
  value: V,
): void {
  const prev = acc.get(key);
  if (prev === undefined) acc.set(key, value);
  else if (kind.absorb) {
    const merged = kind.absorb(prev, value);
    if (merged !== prev) acc.set(key, merged);
  } else acc.set(key, kind.merge(prev, value));
}

/** Merges day maps oldest first into one map. */
export function mergeDays<V>(
  kind: Pick<AggregateKind<V>, "merge">,
  days: Iterable<ReadonlyMap<string, V>>,
): Map<string, V> {
  const acc = new Map<string, V>();
  for (const rows of days) for (const [key, value] of rows) mergeInto(kind, acc, key, value);
  return acc;
}
