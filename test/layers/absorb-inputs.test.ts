// Every kind of the registry: folding a window in place changes only the value it folds into, never the rows it was given.
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { AggregateKind } from "../../src/layers/aggregate-kind.js";
import { L2_KINDS } from "../../src/layers/kinds/index.js";
import { mergeDays } from "../../src/layers/merge-rows.js";
import { daysInRange } from "../../src/layers/periods.js";
import { foldWindow } from "../../src/layers/read-window.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { layerFixture } from "./layer-fixture.js";
import { simulatedDays } from "./simulated-days.js";

const FROM = "2026-03-10";
const DAYS = daysInRange(FROM, "2026-03-29");
const f = layerFixture({ now: Date.UTC(2026, 3, 9, 10, 0), kinds: [...L2_KINDS] });
afterAll(() => f.close());
f.stores.events.append(simulatedDays(f.time, FROM, DAYS.length, 11));
const reference = new ReferenceWindowReader({
  events: f.stores.events,
  time: f.time,
  clock: f.clock,
  areaOf: f.areaOf,
});
const computed = reference.computeAll(L2_KINDS as AggregateKind<unknown>[], DAYS);

/** Each day's rows as storage hands them back (a JSON round trip), frozen all the way down. */
function frozenDays(kind: AggregateKind<unknown>): Map<string, Map<string, unknown>> {
  const days = computed.get(kind.name)!;
  return new Map([...days].map(([day, rows]) => [day, deepFreeze(new Map(JSON.parse(JSON.stringify([...rows]))))]));
}

function deepFreeze<T>(value: T): T {
  if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

describe("absorb leaves the rows it is given unchanged, for every kind of the registry", () => {
  for (const kind of L2_KINDS) {
    it(`${kind.name}: folding 20 days into a value of its own changes none of the days' rows`, () => {
      const days = frozenDays(kind as AggregateKind<unknown>);
      const snapshot = JSON.stringify([...days].map(([d, rows]) => [d, [...rows]]));
      const acc = new Map<string, unknown>();
      let folded = 0;
      // Frozen rows: changing any part of them throws here (ES modules are strict).
      for (const rows of days.values()) {
        for (const [key, value] of rows) {
          const prev = acc.get(key);
          if (prev === undefined) acc.set(key, structuredClone(value));
          else {
            acc.set(key, kind.absorb!(prev as never, value as never));
            folded++;
          }
        }
      }
      expect(folded).toBeGreaterThan(0);
      const want = mergeDays(kind as AggregateKind<unknown>, days.values());
      for (const [key, value] of want) if (!isDeepStrictEqual(acc.get(key), value)) expect(acc.get(key)).toEqual(value);
      expect(acc.size).toBe(want.size);
      expect(JSON.stringify([...days].map(([d, rows]) => [d, [...rows]]))).toBe(snapshot);
    });

    it(`${kind.name}: one read serves the merged window and the days, the days as they were stored`, () => {
      const days = frozenDays(kind as AggregateKind<unknown>);
      const window = foldWindow(kind as AggregateKind<unknown>, DAYS, days);
      expect(window.byDay).toEqual(days);
      expect(window.merged).toEqual(mergeDays(kind as AggregateKind<unknown>, days.values()));
    });
  }
});
