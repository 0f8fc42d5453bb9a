// Checks that a kind's merge is associative and commutative on real computed days.
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
}

/** JSON round trip: what storage keeps; key order inside objects does not matter to toEqual. */
function normalize<V>(m: Map<string, V>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(Object.fromEntries(m))) as Record<string, unknown>;
}
