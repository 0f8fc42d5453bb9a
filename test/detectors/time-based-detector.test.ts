import { describe, expect, it } from "vitest";
import { TimeBasedDetector } from "../../src/detectors/time-based-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "light.kitchen", name: "Kitchen light", areaId: "kitchen" },
  { entityId: "light.porch", name: "Porch light", areaId: "entrance" },
  { entityId: "switch.desk_lamp", name: "Desk lamp", areaId: "office" },
  { entityId: "light.hallway", name: "Hallway light", areaId: "hallway" },
  { entityId: "switch.firmware_update", name: "Firmware update", entityCategory: "config" },
  { entityId: "binary_sensor.kitchen_motion", name: "Kitchen motion", areaId: "kitchen" },
];

/** Minutes off the usual time, day by day: a person is never exactly on time. */
const JITTER = [0, -3, 4, 2, -5, 1, 3, -2, 0, 5, -4, 2, 1, -1, 3, 0, -2, 4, 1, -3, 2, 0, -1, 3, -4, 1, 0, 2];

const home = everyDay(({ index, weekend, at }) => {
  const j = JITTER[index];
  const kitchen = weekend
    ? index === 26 // one lazy Saturday without the kitchen light
      ? []
      : [
          at(plus("08:30", 2 * j), "light.kitchen", "on", { user: "user-alex" }),
          at(plus("09:05", j), "light.kitchen", "off", { user: "user-alex" }),
        ]
    : index === 3 || index === 17 // two weekdays away
      ? []
      : [at(plus("06:55", j), "light.kitchen", "on"), at(plus("07:30", j), "light.kitchen", "off")];
  return [
    ...kitchen,
    // Around midnight: 23:50 one night, 00:10 the next — neighbours on the clock.
    index % 2 === 0
      ? at("23:50", "light.porch", "on", { parent: "automation-ctx" })
      : at("00:10", "light.porch", "on", { parent: "automation-ctx" }),
    at(plus("00:00", (index * 397) % 1440), "switch.desk_lamp", index % 2 === 0 ? "on" : "off"),
    at("03:00", "switch.firmware_update", index % 2 === 0 ? "on" : "off"),
    at(plus("06:50", j), "binary_sensor.kitchen_motion", "on"),
    at("12:00", "sensor.kitchen_power", String(100 + index)),
    // A light that flickers all day is chatter, however regular.
    ...Array.from({ length: 320 }, (_, k) =>
      at(plus("00:00", Math.floor((k * 1440) / 320)), "light.hallway", k % 2 === 0 ? "on" : "off"),
    ),
  ];
});

describe("time_based detector", () => {
  const findings = new TimeBasedDetector().detect(
    detectorInput(home, ENTITIES, ["kitchen", "entrance", "office", "hallway"]),
  );

  it("finds the weekday and weekend kitchen light habits apart, each with its return to off", () => {
    const kitchen = findings.filter((f) => f.entities[0] === "light.kitchen");
    expect(kitchen.map((f) => f.summary)).toEqual([
      "Kitchen light turns on around 06:55 ± 3 min on 18 of 20 weekdays, off again around 07:30",
      "Kitchen light turns on around 08:31 ± 4 min on 7 of 8 weekend days, off again around 09:06",
    ]);
    expect(kitchen[0]).toMatchObject({
      type: "time_based",
      key: "time_based|light.kitchen|on|weekdays|07",
      area: "kitchen",
      confidence: 0.738,
      support: 18,
      opportunities: 20,
      automated: false,
      users: [],
      params: { state: "on", dayType: "weekdays", time: "06:55", endState: "off", endTime: "07:30" },
    });
    expect(kitchen[0].evidence.days).toHaveLength(18);
    expect(kitchen[0].evidence.days).not.toContain("2026-02-05");
    expect(kitchen[1]).toMatchObject({ confidence: 0.589, support: 7, opportunities: 8, users: ["user-alex"] });
  });

  it("treats 23:50 and 00:10 as one habit around midnight, already automated", () => {
    const porch = findings.filter((f) => f.entities[0] === "light.porch");
    expect(porch.map((f) => [f.summary, f.automated, f.confidence])).toEqual([
      ["Porch light turns on around 00:00 ± 10 min on 28 of 28 days (already automated)", true, 0.912],
    ]);
  });

  it("reports nothing for random times, chatter, configuration entities, sensors or measurements", () => {
    expect(findings.map((f) => f.entities[0]).sort()).toEqual(["light.kitchen", "light.kitchen", "light.porch"]);
  });

  it("reports passive sensors only when asked", () => {
    const withPassive = new TimeBasedDetector().detect(detectorInput(home, ENTITIES, [], { includePassive: true }));
    expect(withPassive.filter((f) => f.entities[0] === "binary_sensor.kitchen_motion").map((f) => f.summary)).toEqual([
      // Same time on weekdays and at weekends: one daily habit.
      "Kitchen motion turns on around 06:50 ± 3 min on 28 of 28 days",
    ]);
  });
});
