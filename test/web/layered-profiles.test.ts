import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../../src/layers/layer-services.js";
import type { SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { createLayeredEntityProfiles, layeredAreaActivity } from "../../src/web/layered-profiles.js";
import { ev, HOUR, MIN, MONDAY_NOON_UTC, openTestStores } from "./web-fixture.js";

// Tuesday 2024-01-16 12:00 UTC: Monday is a closed day that can be rolled up.
const clock = new ManualClock(MONDAY_NOON_UTC + 24 * HOUR);
const time = new LocalTime("Europe/Berlin");
let stores: SqliteStores;
let layers: LayerServices;

beforeAll(() => {
  stores = openTestStores();
  layers = createLayerServices({
    stores,
    dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-web-layers-")),
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger: createMemoryLogger(),
    options: { raw_retention_days: 7, daily_retention_days: 90, weekly_retention_weeks: 52, storage_budget_mb: 1024 },
  });
  stores.events.append([
    // Monday 13:00 local: motion in the hall, then the kitchen light for 20 minutes, then a reading.
    ev(MONDAY_NOON_UTC, "binary_sensor.hall_motion", "on", { previous: "off" }),
    ev(MONDAY_NOON_UTC + 2 * MIN, "light.kitchen", "on", { previous: "off" }),
    ev(MONDAY_NOON_UTC + 22 * MIN, "light.kitchen", "off", { previous: "on" }),
    ev(MONDAY_NOON_UTC + 30 * MIN, "sensor.kitchen_temperature", "21.5"),
  ]);
});
afterAll(async () => {
  await layers.stop();
  stores.close();
});

describe("layered profiles", () => {
  it("reads raw events while no day is rolled up", () => {
    const profiles = createLayeredEntityProfiles({
      reader: layers.reader,
      events: stores.events,
      registry: stores.registry,
      time,
      clock,
    });
    expect((profiles.heatmap("light.kitchen") as { source: string }).source).toBe("l1");
    expect(
      layeredAreaActivity({ reader: layers.reader, events: stores.events, registry: stores.registry, time, clock })
        .source,
    ).toBe("l1");
  });

  it("reads the daily aggregates once the day is rolled up", async () => {
    await layers.rollup.rollupPending("test");
    const deps = { reader: layers.reader, events: stores.events, registry: stores.registry, time, clock };
    const profiles = createLayeredEntityProfiles(deps);
    const heat = profiles.heatmap("light.kitchen") as { source: string; days: string[]; cells: number[][] };
    expect(heat.source).toBe("l2");
    expect(heat.days).toEqual(["2024-01-15"]);
    expect(heat.cells[0][13]).toBe(2);
    expect(heat.cells.flat().reduce((a, b) => a + b, 0)).toBe(2);

    const durations = profiles.durations("light.kitchen") as {
      source: string;
      intervals: number;
      medianSec: number;
      bins: { count: number }[];
    };
    expect(durations.source).toBe("l2");
    expect(durations.intervals).toBe(1);
    // 1200 s lies in the half-power-of-two bin [1024, 1448): shown as its middle, in the 15–30 min bin.
    expect(durations.medianSec).toBe(1218);
    expect(durations.bins.map((b) => b.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);

    const activity = layeredAreaActivity(deps);
    expect(activity.source).toBe("l2");
    expect(activity.areas.map((a) => [a.areaId, a.total])).toEqual([
      ["kitchen", 2],
      ["hall", 1],
    ]);
    expect(activity.transitions).toEqual([{ from: "hall", to: "kitchen", count: 1 }]);
  });

  it("falls back to raw events for an entity the aggregates do not describe (a numeric sensor)", () => {
    const profiles = createLayeredEntityProfiles({
      reader: layers.reader,
      events: stores.events,
      registry: stores.registry,
      time,
      clock,
    });
    stores.registry.upsertEntities([{ entityId: "sensor.kitchen_temperature", areaId: "kitchen" }]);
    const heat = profiles.heatmap("sensor.kitchen_temperature") as { source: string; cells: number[][] };
    expect(heat.source).toBe("l1");
    expect(heat.cells[0][13]).toBe(1);
  });
});
