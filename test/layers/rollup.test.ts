// Rollup: each closed day once, late events re-open their days, failures stay visible and pending.
import { afterEach, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import type { AggregateKind } from "../../src/layers/aggregate-kind.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { type LayerFixture, layerFixture } from "./layer-fixture.js";
import { onTime, onTimeMonthly, stateCounts, TEST_KINDS, TEST_PERIOD_KINDS } from "./test-kinds.js";

const opened: LayerFixture[] = [];
afterEach(() =>
  opened.splice(0).forEach((f) => {
    f.close();
  }),
);

// Berlin, winter: local midnight is 23:00 UTC the day before.
const at = (iso: string) => Date.parse(iso);
const ev = (iso: string, entity: string, state: string): HomeEvent => ({ ts: at(iso), entity, state, source: "test" });

function fixture(now: string, kinds?: AggregateKind<unknown>[]) {
  const f = layerFixture({ now: at(now), kinds });
  opened.push(f);
  return f;
}

describe("rollup", () => {
  it("rolls each closed day up once, logs the run and tells the bus", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    const announced: string[][] = [];
    f.bus.on("rolledUp", "test", (p) => void announced.push(p.days));
    f.stores.events.append([
      ev("2026-01-11T08:00:00Z", "light.kitchen", "on"),
      ev("2026-01-13T08:00:00Z", "light.kitchen", "on"),
      ev("2026-01-13T09:00:00Z", "light.kitchen", "off"),
      ev("2026-01-14T08:00:00Z", "light.kitchen", "on"), // today: not closed
    ]);
    expect(f.rollup.pendingDays()).toEqual(["2026-01-11", "2026-01-12", "2026-01-13"]);
    const report = await f.rollup.rollupPending("test");
    expect(report.rolledUp.map((d) => [d.day, d.events])).toEqual([
      ["2026-01-11", 1],
      ["2026-01-12", 0],
      ["2026-01-13", 2],
    ]);
    expect(f.rollup.pendingDays()).toEqual([]);
    expect((await f.rollup.rollupPending("again")).rolledUp).toEqual([]);
    expect(announced).toEqual([["2026-01-11", "2026-01-12", "2026-01-13"]]);
    const runs = f.aggregates.lastRuns(5);
    expect(runs.length).toBe(1);
    expect(runs[0]).toMatchObject({ reason: "test", days: ["2026-01-11", "2026-01-12", "2026-01-13"], events: 3 });
    const reader = new StoredWindowReader(f.aggregates);
    // The empty day still carries the light that stayed on from the 11th.
    expect(reader.byDay(onTime, "2026-01-12", "2026-01-12").get("2026-01-12")!.get("light.kitchen")).toEqual({
      onMs: 86_400_000,
      starts: 0,
    });
  });

  it("keeps counting a day whose daily rows were purged as rolled up: its events live on in the weeks and months", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    f.stores.events.append([ev("2026-01-11T08:00:00Z", "light.kitchen", "on")]);
    await f.rollup.rollupPending("test");
    f.aggregates.markL2Purged(["2026-01-11", "2026-01-12"], at("2026-01-14T09:00:00Z"));
    const reader = new StoredWindowReader(f.aggregates);
    expect(reader.coveredDays("2026-01-11", "2026-01-13")).toEqual(["2026-01-13"]);
    expect(reader.rolledUpDays("2026-01-11", "2026-01-13")).toEqual(["2026-01-11", "2026-01-12", "2026-01-13"]);
  });

  it("late events mark their day and the days whose carry-in they change dirty, and the days are rolled up again", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    f.stores.events.append([
      ev("2026-01-10T08:00:00Z", "light.hall", "on"),
      ev("2026-01-10T09:00:00Z", "light.hall", "off"),
    ]);
    await f.rollup.rollupPending("first");
    const reader = new StoredWindowReader(f.aggregates);
    expect(reader.merged(stateCounts, "2026-01-10", "2026-01-13").get("light.hall|on")).toBe(1);

    // A backfill brings an event at 22:30 local on the 11th: light on until the end of the 11th and into the 12th.
    const late = [ev("2026-01-11T21:30:00Z", "light.hall", "on")];
    f.stores.events.append(late);
    expect(f.rollup.markDirtyTimes(late.map((e) => e.ts))).toEqual(["2026-01-11", "2026-01-12", "2026-01-13"]);
    expect(f.aggregates.dayRecord("2026-01-11")!.status).toBe("dirty");
    // Still covered (old rows stay readable) while dirty. The 13th was not rolled up the first
    // time: no events, and none within its carry-in reach.
    expect(reader.coveredDays("2026-01-10", "2026-01-13")).toEqual(["2026-01-10", "2026-01-11", "2026-01-12"]);
    expect(f.rollup.pendingDays()).toEqual(["2026-01-11", "2026-01-12", "2026-01-13"]);
    await f.rollup.rollupPending("late events");
    expect(reader.merged(stateCounts, "2026-01-10", "2026-01-13").get("light.hall|on")).toBe(2);
    const days = reader.byDay(onTime, "2026-01-11", "2026-01-13");
    expect(days.get("2026-01-11")!.get("light.hall")).toEqual({ onMs: 5_400_000, starts: 1 });
    expect(days.get("2026-01-12")!.get("light.hall")).toEqual({ onMs: 86_400_000, starts: 0 });
    // 48 h of carry-in: the 13th starts 25.5 h after the event, so it still sees the light on.
    expect(days.get("2026-01-13")!.get("light.hall")).toEqual({ onMs: 86_400_000, starts: 0 });
    expect(f.rollup.pendingDays()).toEqual([]);
  });

  it("events of today re-open nothing", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    expect(f.rollup.markDirtyTimes([at("2026-01-13T23:00:00Z"), at("2026-01-14T08:59:00Z")])).toEqual([]);
    expect(f.aggregates.dayRecords()).toEqual([]);
  });

  it("a kind that throws leaves its day pending and visible, the other days go on", async () => {
    const failing: AggregateKind<number> = {
      name: "failing_daily",
      computeDay: (input) => {
        if (input.day === "2026-01-12") throw new Error("bad input");
        return new Map([["n", input.events.length]]);
      },
      merge: (a, b) => a + b,
    };
    const f = fixture("2026-01-14T09:00:00Z", [stateCounts, failing as AggregateKind<unknown>]);
    f.stores.events.append([
      ev("2026-01-11T08:00:00Z", "light.kitchen", "on"),
      ev("2026-01-12T08:00:00Z", "light.kitchen", "off"),
    ]);
    const report = await f.rollup.rollupPending("test");
    expect(report.rolledUp.map((d) => d.day)).toEqual(["2026-01-11", "2026-01-13"]);
    expect(report.failed).toEqual([{ day: "2026-01-12", error: "bad input" }]);
    // Nothing of the failed day was written, not even the kinds computed before the failing one.
    expect([...f.aggregates.dayRows("state_counts_daily", "2026-01-12", "2026-01-12")]).toEqual([]);
    expect(f.aggregates.dayRecord("2026-01-12")!.status).toBe("dirty");
    expect(f.rollup.pendingDays()).toEqual(["2026-01-12"]);
    expect(f.aggregates.lastRuns(1)[0].error).toBe("2026-01-12: bad input");
  });

  it("does not roll up again a day whose raw events were purged", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    f.stores.events.append([ev("2026-01-12T08:00:00Z", "light.kitchen", "on")]);
    await f.rollup.rollupPending("test");
    f.aggregates.markRawPurged(["2026-01-12"], 1);
    f.stores.events.deleteBefore(at("2026-01-12T23:00:00Z"));
    f.stores.events.append([ev("2026-01-12T10:00:00Z", "light.kitchen", "off")]);
    expect(f.rollup.markDirty(["2026-01-12"])).toEqual([]);
    expect(f.rollup.pendingDays()).toEqual([]);
    expect(f.logger.lines.some((l) => l.includes("raw events were already purged") && l.includes("2026-01-12"))).toBe(
      true,
    );
    expect(
      [...f.aggregates.dayRows("state_counts_daily", "2026-01-12", "2026-01-12")].map((r) => [r.key, r.value]),
    ).toEqual([["light.kitchen|on", 1]]);
  });

  it("keeps an L3 period as it is once a day it was merged from has left L2", async () => {
    const f = fixture("2026-01-20T09:00:00Z");
    f.stores.events.append([
      ev("2026-01-05T08:00:00Z", "light.bedroom", "on"),
      ev("2026-01-05T09:00:00Z", "light.bedroom", "off"),
    ]);
    await f.rollup.rollupPending("test");
    const month = () =>
      new StoredWindowReader(f.aggregates)
        .byPeriod(onTimeMonthly, "2026-01-01", "2026-01-31")
        .get("2026-01")!
        .get("light.bedroom");
    expect(month()).toEqual({ onMs: 3_600_000, starts: 1 });
    f.aggregates.deleteDaysBefore("on_time_daily", "2026-01-06");
    f.aggregates.markL2Purged(["2026-01-05"], 2);
    f.stores.events.append([
      ev("2026-01-18T08:00:00Z", "light.bedroom", "on"),
      ev("2026-01-18T08:30:00Z", "light.bedroom", "off"),
    ]);
    f.rollup.markDirty(["2026-01-18"]);
    const done = await f.rollup.rollupPending("late");
    expect(done.rolledUp[0].keptPeriods).toEqual(["on_time_monthly 2026-01"]);
    expect(month()).toEqual({ onMs: 3_600_000, starts: 1 });
  });

  it("creates the tables of kinds the migration does not know, and refuses unsafe names", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    const tables = (
      f.stores.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_daily' ORDER BY name")
        .all() as { name: string }[]
    ).map((r) => r.name);
    for (const k of TEST_KINDS) expect(tables).toContain(k.name);
    expect(tables).toContain("time_based_daily");
    expect(() => f.aggregates.ensureKindTables(["x; DROP TABLE events"], [])).toThrow(
      'not a valid aggregate table name: "x; DROP TABLE events"',
    );
    expect(TEST_PERIOD_KINDS.length).toBe(2);
  });

  it("refuses to roll up today, a future day or a day whose raw events were purged", async () => {
    const f = fixture("2026-01-14T09:00:00Z");
    f.stores.events.append([ev("2026-01-13T08:00:00Z", "light.kitchen", "on")]);
    expect(() => f.rollup.rollupDay("2026-01-14")).toThrow(
      "2026-01-14 is not closed yet: only days before today are rolled up",
    );
    expect(() => f.rollup.rollupDay("2026-02-01")).toThrow("2026-02-01 is not closed yet");
    await f.rollup.rollupPending("test");
    f.aggregates.markRawPurged(["2026-01-13"], 5);
    expect(() => f.rollup.rollupDay("2026-01-13")).toThrow(
      "the raw events of 2026-01-13 were purged: it keeps its aggregates",
    );
    expect(f.aggregates.dayRecord("2026-01-14")).toBeUndefined();
  });
});
