// The behaviour every EventStore must show, run against each implementation.
import { describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import type { EventStore } from "../../src/storage/event-store.js";

const T0 = Date.UTC(2026, 10, 20, 6, 0, 0);
const ev = (min: number, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => ({
  ts: T0 + min * 60_000,
  entity,
  state,
  source: "test",
  ...extra,
});

export function eventStoreContract(name: string, make: () => EventStore): void {
  describe(`EventStore contract: ${name}`, () => {
    it("stores a batch and returns it in time order with every field", () => {
      const store = make();
      const result = store.append([
        ev(5, "light.kitchen", "off", { previous: "on" }),
        ev(1, "light.kitchen", "on", { previous: "off", user: "u1" }),
        ev(2, "switch.fan", "on", { parent: "01HCTX", source: "ha" }),
      ]);
      expect(result).toEqual({ inserted: 3, duplicates: 0 });
      expect(store.query({ from: T0, to: T0 + 3_600_000 })).toEqual([
        { ts: T0 + 60_000, entity: "light.kitchen", state: "on", previous: "off", user: "u1", source: "test" },
        { ts: T0 + 120_000, entity: "switch.fan", state: "on", parent: "01HCTX", source: "ha" },
        { ts: T0 + 300_000, entity: "light.kitchen", state: "off", previous: "on", source: "test" },
      ]);
    });

    it("drops exact duplicates, within a batch and across batches", () => {
      const store = make();
      expect(store.append([ev(1, "light.a", "on"), ev(1, "light.a", "on")])).toEqual({ inserted: 1, duplicates: 1 });
      expect(store.append([ev(1, "light.a", "on"), ev(1, "light.a", "off")])).toEqual({ inserted: 1, duplicates: 1 });
      expect(store.stats().total).toBe(2);
    });

    it("filters by range and entity, end exclusive", () => {
      const store = make();
      store.append([ev(0, "light.a", "on"), ev(10, "light.b", "on"), ev(20, "light.a", "off")]);
      expect(store.query({ from: T0, to: T0 + 20 * 60_000 }).map((e) => e.state + e.entity)).toEqual([
        "onlight.a",
        "onlight.b",
      ]);
      expect(store.query({ from: T0, to: T0 + 3_600_000, entities: ["light.a"] }).length).toBe(2);
      expect(store.query({ from: T0, to: T0 + 3_600_000, entities: ["light.none"] })).toEqual([]);
      expect(store.query({ from: T0, to: T0 + 3_600_000, limit: 1 }).length).toBe(1);
    });

    it("returns only the changes a person caused when asked", () => {
      const store = make();
      store.append([ev(0, "light.a", "on", { user: "u1" }), ev(10, "sensor.t", "21"), ev(20, "light.a", "off")]);
      expect(store.query({ from: T0, to: T0 + 3_600_000, byPerson: true })).toEqual([
        { ts: T0, entity: "light.a", state: "on", user: "u1", source: "test" },
      ]);
    });

    it("knows the newest event per entity, where a backfill resumes", () => {
      const store = make();
      store.append([ev(3, "light.a", "on"), ev(1, "light.a", "off"), ev(2, "light.b", "on")]);
      expect(store.lastEventTimes()).toEqual(
        new Map([
          ["light.a", T0 + 180_000],
          ["light.b", T0 + 120_000],
        ]),
      );
    });

    it("counts per hour, per source and per domain", () => {
      const store = make();
      store.append([ev(0, "light.a", "on"), ev(59, "light.a", "off"), ev(61, "switch.b", "on", { source: "mqtt" })]);
      expect(store.countByHour(T0, T0 + 7_200_000)).toEqual([
        { hour: T0, count: 2 },
        { hour: T0 + 3_600_000, count: 1 },
      ]);
      expect(store.stats()).toEqual({
        total: 3,
        oldest: T0,
        newest: T0 + 61 * 60_000,
        bySource: { test: 2, mqtt: 1 },
        byDomain: { light: 2, switch: 1 },
      });
    });

    it("counts per entity", () => {
      const store = make();
      store.append([ev(0, "light.a", "on"), ev(59, "light.a", "off"), ev(61, "switch.b", "on")]);
      expect(store.countByEntity()).toEqual({ "light.a": 2, "switch.b": 1 });
    });

    it("deletes what is older than a time", () => {
      const store = make();
      store.append([ev(0, "light.a", "on"), ev(30, "light.a", "off"), ev(60, "light.a", "on")]);
      expect(store.deleteBefore(T0 + 30 * 60_000)).toBe(1);
      expect(store.query({ from: 0, to: T0 + 7_200_000 }).map((e) => e.ts)).toEqual([T0 + 1_800_000, T0 + 3_600_000]);
    });
  });
}
