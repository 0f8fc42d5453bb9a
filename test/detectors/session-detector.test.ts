// Session detector on a hand-built home: morning bursts at two times by day type, chatter and lone switches left out.
import { describe, expect, it } from "vitest";
import { SessionDetector } from "../../src/detectors/session-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "light.bedroom", areaId: "bedroom" },
  { entityId: "binary_sensor.hallway_motion", areaId: "hallway" },
  { entityId: "light.kitchen", areaId: "kitchen" },
  { entityId: "light.hallway", areaId: "hallway" },
  { entityId: "switch.pump", areaId: "garage" },
  { entityId: "switch.heater", areaId: "garage" },
];

const morning = (
  start: string,
  at: (hhmm: string, entity: string, state: string) => ReturnType<Parameters<Parameters<typeof everyDay>[0]>[0]["at"]>,
) => [
  at(start, "light.bedroom", "on"),
  at(plus(start, 2), "binary_sensor.hallway_motion", "on"),
  at(plus(start, 3), "binary_sensor.hallway_motion", "off"),
  at(plus(start, 10), "light.kitchen", "on"),
  at(plus(start, 25), "light.kitchen", "off"),
  at(plus(start, 30), "light.bedroom", "off"),
];

const home = everyDay(({ weekend, at }) => [
  ...morning(weekend ? "08:30" : "06:40", at),
  // One switch flicked at lunch is not a burst of household activity.
  at("13:00", "light.hallway", "on"),
  at("13:01", "light.hallway", "off"),
  // A pump and a heater that cycle at night as much as by day say nothing about people.
  ...["02:00", "02:20", "02:40", "14:00", "14:20", "14:40"].flatMap((t) => [
    at(t, "switch.pump", "on"),
    at(plus(t, 5), "switch.pump", "off"),
    at(plus(t, 6), "switch.heater", "on"),
    at(plus(t, 9), "switch.heater", "off"),
  ]),
]);

describe("session detector", () => {
  const findings = new SessionDetector().detect(
    detectorInput(home, ENTITIES, ["bedroom", "hallway", "kitchen", "garage"]),
  );

  it("finds the weekday and the weekend morning with their start, length and rooms", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      "Household activity starts around 06:40 ± 0 min on 20 of 20 weekdays and lasts about 30 min (Bedroom, Hallway, Kitchen)",
      "Household activity starts around 08:30 ± 0 min on 8 of 8 weekend days and lasts about 30 min (Bedroom, Hallway, Kitchen)",
    ]);
    expect(findings[0]).toMatchObject({
      type: "session",
      key: "session|weekdays|07",
      entities: [],
      area: null,
      confidence: 0.881,
      support: 20,
      opportunities: 20,
      automated: false,
      params: {
        dayType: "weekdays",
        minuteOfDay: 400,
        time: "06:40",
        durationMinutes: 30,
        areas: ["bedroom", "hallway", "kitchen"],
      },
    });
    expect(findings[0].evidence.days).toHaveLength(20);
    expect(findings[1]).toMatchObject({ key: "session|weekends|09", confidence: 0.747, support: 8, opportunities: 8 });
  });

  it("tells an evening that starts from a quiet house only on the days of the week it does", () => {
    // Mondays, Tuesdays and Thursdays the house is empty until 16:30; on Wednesdays and Fridays
    // someone works in the office from 13:00, so the evening carries on from the afternoon.
    const homeOffice = everyDay(({ weekday, weekend, at }) => {
      if (weekend) return [];
      const evening = (start: string) => [
        at(plus(start, 1), "binary_sensor.hallway_motion", "on"),
        at(plus(start, 2), "binary_sensor.hallway_motion", "off"),
        at(plus(start, 2), "light.living_room", "on"),
        at("22:00", "light.living_room", "off"),
      ];
      if (weekday !== 2 && weekday !== 4)
        return [
          at("16:30", "binary_sensor.front_door", "on"),
          at("16:30:20", "binary_sensor.front_door", "off"),
          ...evening("16:30"),
        ];
      const office = Array.from({ length: 22 }, (_, i) => plus("13:05", 10 * i)).flatMap((t) => [
        at(t, "binary_sensor.office_motion", "on"),
        at(plus(t, 1), "binary_sensor.office_motion", "off"),
      ]);
      return [at("13:00", "light.office", "on"), ...office, at("16:45", "light.office", "off"), ...evening("16:45")];
    });
    const rooms = [
      { entityId: "binary_sensor.front_door", areaId: "entrance" },
      { entityId: "binary_sensor.hallway_motion", areaId: "hallway" },
      { entityId: "light.living_room", areaId: "living_room" },
      { entityId: "light.office", areaId: "office" },
      { entityId: "binary_sensor.office_motion", areaId: "office" },
    ];
    const found = new SessionDetector().detect(
      detectorInput(homeOffice, rooms, ["entrance", "hallway", "living_room", "office"]),
    );
    expect(found.map((f) => f.summary)).toEqual([
      "Household activity starts around 16:30 ± 0 min on 12 of 12 Mondays, Tuesdays and Thursdays and lasts about 2 min (Entrance, Hallway, Living room)",
      "Household activity starts around 13:00 ± 0 min on 8 of 8 Wednesdays and Fridays and lasts about 3 h 47 min (Hallway, Living room, Office)",
    ]);
    expect(found[0]).toMatchObject({
      key: "session|weekdays|17",
      confidence: 0.816,
      support: 12,
      opportunities: 12,
      params: { dayType: "weekdays", weekdays: [0, 1, 3] },
    });
  });

  it("says nothing when the mornings wander over hours", () => {
    const wandering = everyDay(({ index, at }) => morning(plus("05:00", (index * 97) % 600), at));
    expect(new SessionDetector().detect(detectorInput(wandering, ENTITIES, ["bedroom"]))).toEqual([]);
  });
});
