// Checks that a kind's merge is associative and commutative on real computed days.
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import type { AggregateKind, DayInput } from "../../../src/layers/aggregate-kind.js";

/** Every key's merge over three days gives the same value in any grouping and order. */
export function expectMergeLaws<V>(kind: AggregateKind<V>, days: DayInput[]): void {
  const computed = days.map((d) => kind.computeDay(d));
  const keys = new Set(computed.flatMap((m) => [...m.keys()]));
  expect(keys.size).toBeGreaterThan(0);
  const mergeAll = (order: number[], leftFirst: boolean): Map<string, V> => {
    const out = new Map<string, V>();
    for (const key of keys) {
      const values = order.map((i) => computed[i].get(key)).filter((v): v is V => v !== undefined);
      const merged = leftFirst
        ? values.reduce((acc, v) => kind.merge(acc, v))
        : values.reduceRight((acc, v) => kind.merge(v, acc));
      out.set(key, merged);
    }
    return out;
  };
  const reference = normalize(mergeAll([0, 1, 2], true));
  expect(normalize(mergeAll([0, 1, 2], false))).toEqual(reference);
  expect(normalize(mergeAll([2, 0, 1], true))).toEqual(reference);
  expect(normalize(mergeAll([1, 2, 0], false))).toEqual(reference);
  expectAbsorbIsMerge(kind, computed, keys);
}

/**
 * The in-place absorb gives what merge gives, strictly (no key more or less), on rows as storage
 * hands them over (each day decoded afresh), folded oldest first as a window read folds them; and
 * the rows it was given are the only ones it changed.
 */
function expectAbsorbIsMerge<V>(kind: AggregateKind<V>, computed: Map<string, V>[], keys: Set<string>): void {
  expect(kind.absorb).toBeDefined();
  const decoded = () => computed.map((m) => new Map(JSON.parse(JSON.stringify([...m])) as [string, V][]));
  const byMerge = decoded();
  const byAbsorb = decoded();
  const untouched = JSON.stringify(computed.map((m) => [...m]));
  let folded = 0;
  for (const key of keys) {
    const merged = byMerge.map((m) => m.get(key)).filter((v): v is V => v !== undefined);
    const absorbed = byAbsorb.map((m) => m.get(key)).filter((v): v is V => v !== undefined);
    const want = merged.reduce((acc, v) => kind.merge(acc, v));
    const got = absorbed.reduce((acc, v) => kind.absorb!(acc, v));
    if (!isDeepStrictEqual(got, want)) expect({ key, got }).toEqual({ key, got: want });
    if (absorbed.length > 1) folded++;
  }
  expect(folded).toBeGreaterThan(0);
  expect(JSON.stringify(computed.map((m) => [...m]))).toBe(untouched);
}

/** JSON round trip: what storage keeps; key order inside objects does not matter to toEqual. */
function normalize<V>(m: Map<string, V>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(Object.fromEntries(m))) as Record<string, unknown>;
}
