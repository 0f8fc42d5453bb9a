// Day-type detector on a hand-built home: a later wake-up at weekends, a lamp only on home-office days.
import { describe, expect, it } from "vitest";
import { DayTypeDetector } from "../../src/detectors/day-type-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "light.bedroom", name: "Bedroom light", areaId: "bedroom" },
  { entityId: "light.office", name: "Office light", areaId: "office" },
  { entityId: "media_player.tv", name: "TV", areaId: "living_room" },
  { entityId: "light.hallway", name: "Hallway light" },
];

const JITTER = [0, 3, -4, 6, -2, 1, -5, 4, 2, -3, 5, -1, 0, 3, -6, 2, 4, -2, 1, -4, 3, 0, -3, 5, -1, 2, -5, 1];

const home = everyDay(({ index, weekday, weekend, at }) => [
  at(plus(weekend ? "08:30" : "06:45", JITTER[index]), "light.bedroom", "on"),
  at(plus(weekend ? "09:00" : "07:10", JITTER[index]), "light.bedroom", "off"),
  // Working from home on Wednesdays and Fridays.
  ...(weekday === 2 || weekday === 4 ? [at("08:45", "light.office", "on"), at("12:00", "light.office", "off")] : []),
  // The TV reports "on" and then "playing" at once: one habit, said once.
  at(plus(weekend ? "20:15" : "19:30", JITTER[index]), "media_player.tv", "on"),
  at(plus(weekend ? "20:15" : "19:30", JITTER[index] + 0.5), "media_player.tv", "playing"),
  at("22:30", "media_player.tv", "off"),
  // The same time every day is no difference between day types.
  at(plus("18:00", JITTER[index]), "light.hallway", "on"),
  at(plus("18:05", JITTER[index]), "light.hallway", "off"),
]);

describe("day-type detector", () => {
  const findings = new DayTypeDetector().detect(detectorInput(home, ENTITIES, ["bedroom", "office", "living_room"]));

  it("finds the weekend shift, the home-office days and the TV once", () => {
    expect(findings.map((f) => f.summary).sort()).toEqual([
      "Bedroom light turns on around 06:46 on weekdays (20 of 20) and around 08:29 at weekends (8 of 8), 103 min later",
      "Office light turns on on 8 of 8 Wednesdays and Fridays but only 0 of 20 other days",
      "TV turns on around 19:31 on weekdays (20 of 20) and around 20:14 at weekends (8 of 8), 43 min later",
    ]);
  });

  it("reports its numbers and parameters", () => {
    const bedroom = findings.find((f) => f.entities[0] === "light.bedroom")!;
    expect(bedroom).toMatchObject({
      type: "day_type",
      key: "day_type|light.bedroom|on|shift",
      area: "bedroom",
      confidence: 0.912,
      support: 28,
      opportunities: 28,
      params: { state: "on", kind: "shift", weekdayTime: "06:46", weekendTime: "08:29", shiftMinutes: 103 },
    });
    const office = findings.find((f) => f.entities[0] === "light.office")!;
    expect(office).toMatchObject({
      key: "day_type|light.office|on|days|24",
      support: 8,
      opportunities: 8,
      params: { kind: "days", weekdays: [2, 4], dayType: "Wednesdays and Fridays" },
    });
    expect(office.confidence).toBeGreaterThan(0.6);
    expect(office.evidence.days).toEqual([
      "2026-02-04",
      "2026-02-06",
      "2026-02-11",
      "2026-02-13",
      "2026-02-18",
      "2026-02-20",
      "2026-02-25",
      "2026-02-27",
    ]);
  });
});
