// Leaving home: the front door, then a quiet home, at a usual time; days away all day are not judged.
import { describe, expect, it } from "vitest";
import { isDoorOut } from "../../src/detectors/leaving-home.js";
import { SessionDetector } from "../../src/detectors/session-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "binary_sensor.front_door", areaId: "hall" },
  { entityId: "binary_sensor.back_door", areaId: "garden" },
  { entityId: "binary_sensor.kitchen_fridge_door", areaId: "kitchen" },
  { entityId: "light.living_room", areaId: "living_room" },
];

// Away on days 5 and 12 (nothing at all is recorded); at home all day every Thursday.
const home = everyDay(({ index, weekday, at }) => {
  if (index === 5 || index === 12) return [];
  const out = [
    at("07:00", "binary_sensor.kitchen_fridge_door", "on"),
    at("07:01", "binary_sensor.kitchen_fridge_door", "off"),
  ];
  if (weekday === 3) {
    out.push(
      at("12:00", "binary_sensor.kitchen_fridge_door", "on"),
      at("12:01", "binary_sensor.kitchen_fridge_door", "off"),
    );
  } else {
    const leave = plus("08:10", (index % 3) * 10);
    // The post fetched first: the door opens again 3 minutes later, so that is no leaving.
    out.push(at("07:40", "binary_sensor.front_door", "on"), at("07:41", "binary_sensor.front_door", "off"));
    out.push(at("07:43", "binary_sensor.front_door", "on"), at("07:44", "binary_sensor.front_door", "off"));
    out.push(at(leave, "binary_sensor.front_door", "on"), at(plus(leave, 1), "binary_sensor.front_door", "off"));
    out.push(at("17:30", "binary_sensor.front_door", "on"), at("17:31", "binary_sensor.front_door", "off"));
  }
  out.push(at("17:32", "light.living_room", "on"), at("21:50", "light.living_room", "off"));
  // The back door to the garden, then a quiet night: not leaving home.
  out.push(at("22:00", "binary_sensor.back_door", "on"), at("22:01", "binary_sensor.back_door", "off"));
  return out;
});

describe("leaving home", () => {
  const findings = new SessionDetector()
    .detect(detectorInput(home, ENTITIES, ["hall", "garden", "kitchen", "living_room"]))
    .filter((f) => "kind" in f.params && f.params.kind === "leaving");

  it("tells the usual leaving time, how long the home stays quiet and when it stirs again", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      "Leaves home by the front door around 08:20 ± 8 min on 22 of 26 days at home; the home then stays quiet for about 9 h 10 min (back around 17:30)",
    ]);
    expect(findings[0]).toMatchObject({
      type: "session",
      entities: ["binary_sensor.front_door"],
      area: "hall",
      support: 22,
      opportunities: 26,
      params: { kind: "leaving", quietMinutes: 550, returnTime: "17:30", minQuietMinutes: 60 },
    });
  });

  it("knows the door out by its name or its area, never a cupboard, the garden or the garage", () => {
    expect(isDoorOut("binary_sensor.front_door", null)).toBe(true);
    expect(isDoorOut("binary_sensor.door", "hallway")).toBe(true);
    expect(isDoorOut("binary_sensor.back_door", "hall")).toBe(false);
    expect(isDoorOut("binary_sensor.garage_door", null)).toBe(false);
    expect(isDoorOut("binary_sensor.kitchen_cupboard", "hall")).toBe(false);
    expect(isDoorOut("binary_sensor.bedroom_door", "bedroom")).toBe(false);
  });
});
