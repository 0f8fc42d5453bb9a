// Rooms on real sensors: a seat or bed mat on for hours keeps its room in use; every-day habits stay whole.
import { describe, expect, it } from "vitest";
import { RoomBasedDetector } from "../../src/detectors/room-based-detector.js";
import { DAYS, detectorInput, everyDay } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "binary_sensor.living_room_seat_occupancy", name: "Seat", areaId: "living_room" },
  { entityId: "binary_sensor.kitchen_fridge_door", name: "Fridge door", areaId: "kitchen" },
];

describe("room_based on pressure mats", () => {
  it("counts every hour the seat mat holds, not only the hour someone sat down", () => {
    // Sat down at 15:50 and got up at 19:20, every day: the living room is in use 15:00–20:00.
    const home = everyDay(({ at }) => [
      at("15:50", "binary_sensor.living_room_seat_occupancy", "on"),
      at("19:20", "binary_sensor.living_room_seat_occupancy", "off"),
    ]);
    const findings = new RoomBasedDetector().detect(detectorInput(home, ENTITIES, ["living_room", "kitchen"]));
    expect(findings.map((f) => f.summary)).toEqual(["Living room is usually in use 15:00–20:00 on 28 of 28 days"]);
  });

  it("keeps an every-day habit whole where weekdays and weekends each fall under the bar", () => {
    // The fridge opened around 19:00 on 23 of 28 days: 16 of 20 weekdays and 7 of 8 weekend days.
    const skipped = new Set(["2026-02-03", "2026-02-10", "2026-02-17", "2026-02-24", "2026-02-08"]);
    const home = everyDay(({ day, at }) =>
      skipped.has(day)
        ? []
        : [
            at("19:02", "binary_sensor.kitchen_fridge_door", "on"),
            at("19:03", "binary_sensor.kitchen_fridge_door", "off"),
          ],
    );
    expect(DAYS.length - skipped.size).toBe(23);
    const findings = new RoomBasedDetector().detect(detectorInput(home, ENTITIES, ["living_room", "kitchen"]));
    expect(findings.map((f) => f.summary)).toEqual(["Kitchen is usually in use 19:00–20:00 on 23 of 28 days"]);
  });
});
