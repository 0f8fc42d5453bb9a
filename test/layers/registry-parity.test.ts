// The real registry's kinds: 30 simulated days through L2/L3 equal the same windows from raw events.
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/local-time.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { layerFixture } from "./layer-fixture.js";
import { simulatedDays } from "./simulated-days.js";

const FROM = "2026-03-10";
const TO = addDays(FROM, 29);
const f = layerFixture({ now: Date.UTC(2026, 3, 9, 10, 0), kinds: [...L2_KINDS], periodKinds: [...L3_KINDS] });
afterAll(() => f.close());
f.stores.events.append(simulatedDays(f.time, FROM, 30, 11));
const report = await f.rollup.rollupPending("test");
const stored = new StoredWindowReader(f.aggregates);
const reference = new ReferenceWindowReader({
  events: f.stores.events,
  time: f.time,
  clock: f.clock,
  areaOf: f.areaOf,
});

describe("window parity for the registry's kinds", () => {
  it("rolled up 30 days without a failure", () => {
    expect(report.failed).toEqual([]);
    expect(report.rolledUp.length).toBe(30);
  });

  for (const kind of L2_KINDS) {
    it(`${kind.name}: 30-day merged window and days from L2 equal the raw path`, () => {
      const merged = stored.merged(kind, FROM, TO);
      expect(merged.size).toBeGreaterThan(0);
      expect(merged).toEqual(reference.merged(kind, FROM, TO));
      expect(stored.byDay(kind, FROM, TO)).toEqual(reference.byDay(kind, FROM, TO));
    });
  }

  for (const kind of L3_KINDS) {
    it(`${kind.name}: periods from L3 equal the raw path`, () => {
      const periods = stored.byPeriod(kind, FROM, TO);
      expect(periods.size).toBeGreaterThan(0);
      expect(periods).toEqual(reference.byPeriod(kind, FROM, TO));
    });
  }
});
