// The nightly rollup lets the service's event loop run while it computes a day, and still writes what L1 holds.
import { afterEach, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import type { AggregateKind, DayInput } from "../../src/layers/aggregate-kind.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { type LayerFixture, layerFixture } from "./layer-fixture.js";
import { stateCounts } from "./test-kinds.js";

const opened: LayerFixture[] = [];
afterEach(() => {
  for (const f of opened.splice(0)) f.close();
});

const at = (iso: string) => Date.parse(iso);
const ev = (iso: string, entity: string, state: string): HomeEvent => ({ ts: at(iso), entity, state, source: "test" });

/** A kind that notes how many times the event loop has turned when it is computed. */
function tickKind(name: string, ticks: () => number, seen: number[]): AggregateKind<number> {
  return {
    name,
    computeDay(input: DayInput) {
      seen.push(ticks());
      return new Map([["events", input.events.length]]);
    },
    merge: (a, b) => a + b,
  };
}

describe("rollup on the service's event loop", () => {
  it("lets other callbacks run between the kinds of one day, not only between days", async () => {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    const seen: number[] = [];
    const kinds = ["a_daily", "b_daily", "c_daily"].map((n) => tickKind(n, () => turns, seen));
    const f = layerFixture({ now: at("2026-01-14T09:00:00Z"), kinds, periodKinds: [] });
    opened.push(f);
    f.stores.events.append([ev("2026-01-13T08:00:00Z", "light.kitchen", "on")]);
    setImmediate(spin);
    const report = await f.rollup.rollupPending("test");
    running = false;
    expect(report.rolledUp.map((d) => d.day)).toEqual(["2026-01-13"]);
    expect(seen).toHaveLength(3);
    // Each kind was computed on a later turn of the loop than the one before it.
    expect(seen[1]).toBeGreaterThan(seen[0]);
    expect(seen[2]).toBeGreaterThan(seen[1]);
  });

  it("computes the day again when an event for it arrives while it is being computed", async () => {
    let late: (() => void) | null = null;
    // Stands for ingest storing a late event while the rollup has yielded the loop.
    const interrupting: AggregateKind<number> = {
      name: "interrupting_daily",
      computeDay(input: DayInput) {
        late?.();
        late = null;
        return new Map([["events", input.events.length]]);
      },
      merge: (a, b) => a + b,
    };
    const f = layerFixture({ now: at("2026-01-14T09:00:00Z"), kinds: [stateCounts, interrupting], periodKinds: [] });
    opened.push(f);
    f.stores.events.append([ev("2026-01-13T08:00:00Z", "light.kitchen", "on")]);
    late = () => f.stores.events.append([ev("2026-01-13T20:00:00Z", "light.kitchen", "off")]);
    const report = await f.rollup.rollupPending("test");
    expect(report.rolledUp.map((d) => [d.day, d.events])).toEqual([["2026-01-13", 2]]);
    const reader = new StoredWindowReader(f.aggregates);
    expect(reader.merged(stateCounts, "2026-01-13", "2026-01-13")).toEqual(
      new Map([
        ["light.kitchen|on", 1],
        ["light.kitchen|off", 1],
      ]),
    );
    expect(reader.merged(interrupting, "2026-01-13", "2026-01-13").get("events")).toBe(2);
  });
});
