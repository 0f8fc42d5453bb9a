// Reading a window day by day gives the days and rows of byDay, one stored day at a time.
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/local-time.js";
import type { AggregateKind, WindowReader } from "../../src/layers/aggregate-kind.js";
import { absorbInto } from "../../src/layers/merge-rows.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { byDayWhere, windowDays, windowRows } from "../../src/layers/window-days.js";
import { layerFixture } from "./layer-fixture.js";
import { simulatedDays } from "./simulated-days.js";
import { onTime, stateCounts, TEST_KINDS } from "./test-kinds.js";

const FROM = "2026-03-10";
const TO = addDays(FROM, 9);
const f = layerFixture({ now: Date.UTC(2026, 2, 20, 10, 0) });
afterAll(() => f.close());
f.stores.events.append(simulatedDays(f.time, FROM, 10));
await f.rollup.rollupPending("test");
const stored = new StoredWindowReader(f.aggregates);
const reference = new ReferenceWindowReader({
  events: f.stores.events,
  time: f.time,
  clock: f.clock,
  areaOf: f.areaOf,
});

/** Counts the byDay calls the walk makes, to see it reads one day per step. */
class CountingReader implements WindowReader {
  byDayCalls: string[] = [];
  constructor(private readonly inner: WindowReader) {}
  merged<V>(kind: AggregateKind<V>, from: string, to: string) {
    return this.inner.merged(kind, from, to);
  }
  byDay<V>(kind: AggregateKind<V>, from: string, to: string) {
    this.byDayCalls.push(`${from}..${to}`);
    return this.inner.byDay(kind, from, to);
  }
  byPeriod = this.inner.byPeriod.bind(this.inner);
  coveredDays = this.inner.coveredDays.bind(this.inner);
  rolledUpDays = this.inner.rolledUpDays.bind(this.inner);
}

describe("windowDays", () => {
  for (const kind of TEST_KINDS) {
    it(`${kind.name}: the same days and rows as byDay, stored and from raw events`, () => {
      for (const reader of [stored, reference]) {
        // From before the first stored day: days without a rollup are not walked, as byDay leaves them out.
        expect(new Map(windowDays(reader, kind, "2026-03-01", TO))).toEqual(reader.byDay(kind, "2026-03-01", TO));
      }
    });
  }

  it("reads one day per step, oldest first", () => {
    const counting = new CountingReader(stored);
    const walk = windowDays(counting, stateCounts, "2026-03-12", "2026-03-14");
    const first = walk.next();
    expect(first.done).toBe(false);
    expect(first.value![0]).toBe("2026-03-12");
    expect(first.value![1].get("light.kitchen|on")).toBe(1);
    expect(counting.byDayCalls).toEqual(["2026-03-12..2026-03-12"]);
    expect([...walk].map(([day]) => day)).toEqual(["2026-03-13", "2026-03-14"]);
    expect(counting.byDayCalls).toEqual(["2026-03-12..2026-03-12", "2026-03-13..2026-03-13", "2026-03-14..2026-03-14"]);
  });

  it("an empty window walks no day", () => {
    expect([...windowDays(stored, stateCounts, "2026-02-01", "2026-02-28")]).toEqual([]);
  });
});

describe("windowRows", () => {
  /** byDay's rows as [day, key, value], oldest day first. */
  const flat = <V>(byDay: Map<string, Map<string, V>>) =>
    [...byDay].flatMap(([day, rows]) => [...rows].map(([key, value]) => [day, key, value]));

  for (const kind of TEST_KINDS) {
    it(`${kind.name}: byDay's rows one at a time, stored (row by row) and from raw events (a day at a time)`, () => {
      expect(stored.eachRow).toBeDefined();
      expect((reference as WindowReader).eachRow).toBeUndefined();
      for (const reader of [stored, reference])
        expect([...windowRows(reader, kind, "2026-03-01", TO)]).toEqual(flat(reader.byDay(kind, "2026-03-01", TO)));
    });
  }

  it("leaves out the rows of a day whose daily rows count as purged, as byDay does", async () => {
    const g = layerFixture({ now: Date.UTC(2026, 2, 20, 10, 0) });
    try {
      g.stores.events.append(simulatedDays(g.time, FROM, 3));
      await g.rollup.rollupPending("test");
      g.aggregates.markL2Purged(["2026-03-11"], Date.UTC(2026, 2, 20, 10, 0));
      const reader = new StoredWindowReader(g.aggregates);
      const rows = [...windowRows(reader, stateCounts, FROM, TO)];
      expect(new Set(rows.map(([day]) => day))).toEqual(new Set(["2026-03-10", "2026-03-12"]));
      expect(rows).toEqual(flat(reader.byDay(stateCounts, FROM, TO)));
    } finally {
      g.close();
    }
  });
});

describe("byDayWhere", () => {
  it("keeps every covered day and only the accepted rows", () => {
    const porch = byDayWhere(stored, onTime, FROM, TO, (key) => key === "light.porch");
    expect([...porch.keys()]).toEqual(stored.coveredDays(FROM, TO));
    expect(porch.size).toBe(10);
    for (const [day, rows] of porch) {
      expect([...rows.keys()].every((k) => k === "light.porch")).toBe(true);
      expect(rows.get("light.porch")).toEqual(stored.byDay(onTime, day, day).get(day)!.get("light.porch"));
    }
    const kitchenOn = byDayWhere(stored, stateCounts, FROM, TO, (key, n) => key === "light.kitchen|on" && n > 0);
    expect([...kitchenOn.values()].map((rows) => rows.get("light.kitchen|on"))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe("windowDays over a reader that keeps its rows", () => {
  type Tally = { hits: number[] };
  const tally: AggregateKind<Tally> = {
    name: "tally_daily",
    computeDay: () => new Map(),
    merge: (a, b) => ({ hits: a.hits.map((x, i) => x + b.hits[i]) }),
    absorb: (a, b) => {
      for (let i = 0; i < a.hits.length; i++) a.hits[i] += b.hits[i];
      return a;
    },
  };
  /** The evaluation's kind of reader: every day's rows computed once and handed out again. */
  const kept = new Map([
    ["2026-03-10", new Map([["k", { hits: [1, 0] }]])],
    ["2026-03-11", new Map([["k", { hits: [2, 5] }]])],
  ]);
  const keeping: WindowReader = {
    merged: () => new Map(),
    byDay: <V>(_kind: AggregateKind<V>, from: string, to: string) =>
      new Map([...kept].filter(([d]) => d >= from && d <= to)) as unknown as Map<string, Map<string, V>>,
    byPeriod: () => new Map(),
    coveredDays: (from, to) => [...kept.keys()].filter((d) => d >= from && d <= to),
    rolledUpDays: (from, to) => [...kept.keys()].filter((d) => d >= from && d <= to),
  };

  it("lets a detector fold the rows in place twice with the same result, the reader's rows untouched", () => {
    const fold = () => {
      const acc = new Map<string, Tally>();
      for (const [, rows] of windowDays(keeping, tally, "2026-03-10", "2026-03-11"))
        for (const [key, value] of rows) absorbInto(tally, acc, key, value);
      return acc.get("k");
    };
    expect(fold()).toEqual({ hits: [3, 5] });
    expect(fold()).toEqual({ hits: [3, 5] });
    expect(kept.get("2026-03-10")!.get("k")).toEqual({ hits: [1, 0] });
  });
});
