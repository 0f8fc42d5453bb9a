// The L2/L3 path and the raw-event path give the same windows for every kind, over 30 simulated days.
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/local-time.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { layerFixture } from "./layer-fixture.js";
import { simulatedDays } from "./simulated-days.js";
import { onTime, stateCounts, stateCountsWeekly, TEST_KINDS, TEST_PERIOD_KINDS } from "./test-kinds.js";

// 2026-03-10 .. 2026-04-08 (Berlin): crosses the 23-hour day of 2026-03-29 and a month boundary.
const FROM = "2026-03-10";
const f = layerFixture({ now: Date.UTC(2026, 3, 9, 10, 0) });
afterAll(() => f.close());
f.stores.events.append(simulatedDays(f.time, FROM, 30));
const report = await f.rollup.rollupPending("test");
const stored = new StoredWindowReader(f.aggregates);
const reference = new ReferenceWindowReader({
  events: f.stores.events,
  time: f.time,
  clock: f.clock,
  areaOf: f.areaOf,
});
const TO = addDays(FROM, 29);

describe("window parity: L2/L3 tables against raw events", () => {
  it("rolled up all 30 closed days once", () => {
    expect(report.rolledUp.map((d) => d.day)).toEqual(stored.coveredDays(FROM, TO));
    expect(report.rolledUp.length).toBe(30);
    expect(report.failed).toEqual([]);
    expect(stored.coveredDays("2026-01-01", "2026-12-31")).toEqual(reference.coveredDays("2026-01-01", "2026-12-31"));
  });

  for (const kind of TEST_KINDS) {
    it(`${kind.name}: merged and byDay windows are identical`, () => {
      for (const [from, to] of [
        [FROM, TO],
        ["2026-03-28", "2026-03-30"],
        ["2026-04-01", "2026-04-08"],
      ]) {
        expect(stored.merged(kind, from, to)).toEqual(reference.merged(kind, from, to));
        expect(stored.byDay(kind, from, to)).toEqual(reference.byDay(kind, from, to));
      }
    });
  }

  for (const kind of TEST_PERIOD_KINDS) {
    it(`${kind.name}: byPeriod is identical`, () => {
      expect(stored.byPeriod(kind, FROM, TO)).toEqual(reference.byPeriod(kind, FROM, TO));
    });
  }

  it("a window is the merge of its days: literal totals", () => {
    const merged = stored.merged(stateCounts, FROM, TO);
    expect(merged.get("light.kitchen|on")).toBe(30);
    expect(merged.get("light.porch|on")).toBe(10);
    const weeks = stored.byPeriod(stateCountsWeekly, FROM, TO);
    expect([...weeks.keys()]).toEqual(["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30", "2026-04-06"]);
    // The week of 2026-03-09 has 6 simulated days (from Tuesday), 2026-04-06 has 3.
    expect(weeks.get("2026-03-09")!.get("light.kitchen|on")).toBe(6);
    expect(weeks.get("2026-04-06")!.get("light.kitchen|on")).toBe(3);
  });

  it("carry-in reaches over midnight: the porch light on at 23:5x counts in the next day", () => {
    const byDay = stored.byDay(onTime, "2026-03-10", "2026-03-11");
    const first = byDay.get("2026-03-10")!.get("light.porch")!;
    const second = byDay.get("2026-03-11")!.get("light.porch")!;
    expect(first.starts).toBe(1);
    expect(second.starts).toBe(0);
    expect(first.onMs).toBeGreaterThan(0);
    expect(first.onMs).toBeLessThanOrEqual(10 * 60_000);
    expect(second.onMs).toBeGreaterThanOrEqual(5 * 60_000);
  });
});
