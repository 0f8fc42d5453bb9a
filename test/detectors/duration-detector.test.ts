import { describe, expect, it } from "vitest";
import { DurationDetector } from "../../src/detectors/duration-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "switch.bathroom_fan", name: "Bathroom fan", areaId: "bathroom" },
  { entityId: "switch.coffee_maker", name: "Coffee maker", areaId: "kitchen" },
  { entityId: "switch.desk_lamp", name: "Desk lamp" },
  { entityId: "binary_sensor.front_door", name: "Front door" },
];

/** Fan minutes, day by day: about a quarter of an hour. */
const FAN = [
  15, 14, 16, 15, 13, 17, 15, 16, 14, 15, 15, 16, 14, 13, 15, 17, 15, 14, 16, 15, 15, 14, 16, 15, 13, 15, 16, 14,
];

const home = everyDay(({ index, at }) => [
  at("07:00", "switch.bathroom_fan", "on", { user: "user-sam" }),
  at(plus("07:00", FAN[index]), "switch.bathroom_fan", "off"),
  // The coffee maker is switched off by a timer automation after four minutes.
  at("07:10", "switch.coffee_maker", "on"),
  at("07:14", "switch.coffee_maker", "off", { parent: "automation-ctx" }),
  // The desk lamp stays on anywhere from a few minutes to two hours.
  at("09:00", "switch.desk_lamp", "on"),
  at(plus("09:00", 3 + ((index * 37) % 115)), "switch.desk_lamp", "off"),
  // A door is open for a minute: passive, not reported unless asked.
  at("18:00", "binary_sensor.front_door", "on"),
  at("18:01", "binary_sensor.front_door", "off"),
]);

describe("duration detector", () => {
  const findings = new DurationDetector().detect(detectorInput(home, ENTITIES, ["bathroom", "kitchen"]));

  it("finds the consistent on-durations, not the one that varies", () => {
    expect(findings.map((f) => f.summary).sort()).toEqual([
      "Bathroom fan stays on for about 15 min (usually 14 min to 16 min), 28 of 28 times",
      "Coffee maker stays on for about 4 min, 28 of 28 times (an automation turns it off)",
    ]);
    const fan = findings.find((f) => f.entities[0] === "switch.bathroom_fan")!;
    const coffee = findings.find((f) => f.entities[0] === "switch.coffee_maker")!;
    expect(fan).toMatchObject({
      type: "duration",
      key: "duration|switch.bathroom_fan",
      entities: ["switch.bathroom_fan"],
      area: "bathroom",
      confidence: 0.912,
      support: 28,
      opportunities: 28,
      automated: false,
      users: ["user-sam"],
      params: { meanSeconds: 895.714, minSeconds: 780, maxSeconds: 1020 },
    });
    expect(fan.evidence.days).toHaveLength(28);
    expect(coffee).toMatchObject({ automated: true, params: { meanSeconds: 240, sdSeconds: 0 } });
  });

  it("reports passive sensors only when asked", () => {
    const all = new DurationDetector().detect(detectorInput(home, ENTITIES, [], { includePassive: true }));
    expect(all.map((f) => f.entities[0])).toContain("binary_sensor.front_door");
  });
});
