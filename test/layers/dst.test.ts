// Local days in Europe/Berlin across both DST changes of 2026: 23- and 25-hour days, events in the right hour.
import { afterAll, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { layerFixture } from "./layer-fixture.js";
import { hourHistogram, onTime, stateCounts } from "./test-kinds.js";

const ev = (iso: string, state: string, entity = "light.kitchen"): HomeEvent => ({
  ts: Date.parse(iso),
  entity,
  state,
  source: "test",
});
const f = layerFixture({ now: Date.parse("2026-10-27T12:00:00Z") });
afterAll(() => f.close());
f.stores.events.append([
  // Spring: 2026-03-29 runs 2026-03-28T23:00Z .. 2026-03-29T22:00Z (23 h); 02:00-03:00 local does not exist.
  ev("2026-03-28T22:59:59Z", "off"), // 23:59:59 on the 28th
  ev("2026-03-28T23:00:00Z", "on"), // 00:00 on the 29th
  ev("2026-03-29T00:30:00Z", "off"), // 01:30 CET
  ev("2026-03-29T01:30:00Z", "on"), // 03:30 CEST (one real hour later)
  ev("2026-03-29T21:59:00Z", "off"), // 23:59 CEST, last minute of the 29th
  ev("2026-03-29T22:00:00Z", "on"), // 00:00 on the 30th
  // Autumn: 2026-10-25 runs 2026-10-24T22:00Z .. 2026-10-25T23:00Z (25 h); 02:00-03:00 local happens twice.
  ev("2026-10-24T12:00:00Z", "on", "light.porch"), // on from the day before, never off
  ev("2026-10-25T00:30:00Z", "off", "light.hall"), // 02:30 CEST
  ev("2026-10-25T01:30:00Z", "on", "light.hall"), // 02:30 CET, the repeated hour
  ev("2026-10-25T22:59:00Z", "off", "light.hall"), // 23:59 CET, still the 25th
  ev("2026-10-25T23:00:00Z", "on", "light.hall"), // 00:00 on the 26th
]);
await f.rollup.rollupPending("test");
const reader = new StoredWindowReader(f.aggregates);
const hist = (day: string, entity: string) => reader.byDay(hourHistogram, day, day).get(day)!.get(entity)!;
const hoursWithEvents = (h: number[]) => h.flatMap((n, hour) => (n > 0 ? [`${hour}:${n}`] : []));

describe("DST days in Europe/Berlin", () => {
  it("the spring day has 23 hours and its events land in local hours 0, 1, 3 and 23", () => {
    const { start, end } = f.time.dayBounds("2026-03-29");
    expect((end - start) / 3_600_000).toBe(23);
    expect(hoursWithEvents(hist("2026-03-29", "light.kitchen"))).toEqual(["0:1", "1:1", "3:1", "23:1"]);
    expect(hoursWithEvents(hist("2026-03-28", "light.kitchen"))).toEqual(["23:1"]);
    expect(hoursWithEvents(hist("2026-03-30", "light.kitchen"))).toEqual(["0:1"]);
  });

  it("the spring day's 'on' time counts real time: 1 h 30 min + 20 h 29 min", () => {
    expect(reader.byDay(onTime, "2026-03-29", "2026-03-29").get("2026-03-29")!.get("light.kitchen")).toEqual({
      onMs: 79_140_000,
      starts: 2,
    });
  });

  it("the autumn day has 25 hours; both 02:30 events are in local hour 2", () => {
    const { start, end } = f.time.dayBounds("2026-10-25");
    expect((end - start) / 3_600_000).toBe(25);
    expect(hoursWithEvents(hist("2026-10-25", "light.hall"))).toEqual(["2:2", "23:1"]);
    expect(hoursWithEvents(hist("2026-10-26", "light.hall"))).toEqual(["0:1"]);
  });

  it("a light on from the day before counts all 25 hours of the autumn day", () => {
    const day = reader.byDay(onTime, "2026-10-25", "2026-10-25").get("2026-10-25")!;
    expect(day.get("light.porch")).toEqual({ onMs: 90_000_000, starts: 0 });
    // 02:30 CET (01:30Z) on, 23:59 CET off: 21 h 29 min.
    expect(day.get("light.hall")).toEqual({ onMs: 77_340_000, starts: 1 });
    expect(reader.merged(stateCounts, "2026-10-25", "2026-10-25")).toEqual(
      new Map([
        ["light.hall|off", 2],
        ["light.hall|on", 1],
      ]),
    );
  });
});
