// The area sensors' figures: this hour's activity against the usual level for this hour of the week.
import { describe, expect, it } from "vitest";
import { areaActivityNow } from "../../src/app/area-activity-now.js";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { MemoryEventStore } from "../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";

describe("areaActivityNow", () => {
  it("counts presence events of this local hour per area and divides the usual count by the weeks covered", () => {
    const time = new LocalTime("Europe/Berlin");
    // Monday 2026-11-23 07:40 in Berlin (06:40 UTC): hour of week 7.
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 6, 40));
    const registry = new MemoryRegistryStore();
    registry.upsertAreas([
      { areaId: "kitchen", name: "Kitchen" },
      { areaId: "office", name: "Office" },
    ]);
    registry.upsertEntities([
      { entityId: "light.kitchen", areaId: "kitchen" },
      { entityId: "binary_sensor.kitchen_motion", areaId: "kitchen" },
      { entityId: "sensor.kitchen_temperature", areaId: "kitchen" },
    ]);
    const events = new MemoryEventStore();
    const at = (min: number) => Date.UTC(2026, 10, 23, 6, min);
    events.append([
      { ts: Date.UTC(2026, 10, 23, 5, 59), entity: "light.kitchen", state: "on", source: "t" }, // previous hour
      { ts: at(2), entity: "binary_sensor.kitchen_motion", state: "on", source: "t" },
      { ts: at(3), entity: "light.kitchen", state: "off", source: "t" },
      { ts: at(10), entity: "sensor.kitchen_temperature", state: "21", source: "t" }, // a reading, not presence
    ]);
    const hourOfWeek = (i: number) => Array.from({ length: 168 }, (_, h) => (h === 7 ? i : 0));
    const readings = areaActivityNow({
      events,
      registry,
      time,
      clock,
      profile: () => ({
        source: "l2",
        days: Array.from({ length: 14 }, (_, i) => `2026-11-${String(9 + i).padStart(2, "0")}`),
        areas: [
          { areaId: "kitchen", name: "Kitchen", hourOfWeek: hourOfWeek(9), total: 9 },
          { areaId: "office", name: "Office", hourOfWeek: hourOfWeek(0), total: 0 },
        ],
        transitions: [],
      }),
    });
    expect(readings).toEqual([
      { areaId: "kitchen", name: "Kitchen", now: 2, usual: 4.5 },
      { areaId: "office", name: "Office", now: 0, usual: 0 },
    ]);
  });
});
