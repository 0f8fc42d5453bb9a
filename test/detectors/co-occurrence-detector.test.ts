import { describe, expect, it } from "vitest";
import { CoOccurrenceDetector } from "../../src/detectors/co-occurrence-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "binary_sensor.hallway_motion", name: "Hallway motion", areaId: "hallway" },
  { entityId: "light.hallway", name: "Hallway light", areaId: "hallway" },
  { entityId: "binary_sensor.front_door", name: "Front door", areaId: "hallway" },
  { entityId: "binary_sensor.porch_motion", name: "Porch motion", areaId: "entrance" },
  { entityId: "light.porch", name: "Porch light", areaId: "entrance" },
  { entityId: "switch.plug", name: "Plug", deviceId: "plug-1" },
  { entityId: "light.plug_led", name: "Plug LED", deviceId: "plug-1" },
  { entityId: "switch.desk_lamp", name: "Desk lamp" },
];

const PASSES = ["07:00", "12:30", "18:00", "22:15"];

const home = everyDay(({ index, at }) =>
  PASSES.flatMap((time, k) => {
    const t = plus(time, index % 5);
    // On every seventh day the midday pass is bright enough without the light.
    const light = !(k === 1 && index % 7 === 0);
    return [
      // The evening pass starts at the front door, 20 s before the hallway sees anyone.
      k === 2 ? at(`${plus(t, -1)}:40`, "binary_sensor.front_door", "on") : null,
      k === 2 ? at(`${t}:50`, "binary_sensor.front_door", "off") : null,
      at(`${t}:00`, "binary_sensor.hallway_motion", "on"),
      light ? at(`${t}:08`, "light.hallway", "on", { user: "user-sam" }) : null,
      at(`${plus(t, 1)}:00`, "binary_sensor.hallway_motion", "off"),
      light ? at(`${plus(t, 2)}:10`, "light.hallway", "off") : null,
    ];
  }).concat([
    at(plus("21:00", index % 3), "binary_sensor.porch_motion", "on"),
    at(`${plus("21:00", index % 3)}:05`, "light.porch", "on", { parent: "automation-ctx" }),
    at(plus("21:05", index % 3), "light.porch", "off", { parent: "automation-ctx" }),
    at(plus("21:02", index % 3), "binary_sensor.porch_motion", "off"),
    at(plus("10:00", index * 7), "switch.plug", "on"),
    at(`${plus("10:00", index * 7)}:01`, "light.plug_led", "on"),
    at(plus("00:00", (index * 397) % 1440), "switch.desk_lamp", index % 2 === 0 ? "on" : "off"),
  ]),
);

describe("co_occurrence detector", () => {
  const findings = new CoOccurrenceDetector().detect(detectorInput(home, ENTITIES, ["hallway", "entrance"]));

  it("finds the light that follows the motion sensor, with its numbers against chance", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      // Chance is what the light does after other changes too: the front door also announces it.
      "Hallway light turns on within 30 s after Hallway motion turns on: 108 of 112 times, 8.7× as often as by chance",
      "Hallway light turns off within 2 min after Hallway motion turns off: 108 of 112 times, 7.8× as often as by chance",
      "Porch light turns on within 30 s after Porch motion turns on: 28 of 28 times, 2880× as often as by chance (already automated)",
      "Porch light turns off within 10 min after Porch motion turns off: 28 of 28 times, 144× as often as by chance (already automated)",
    ]);
    expect(findings[0]).toMatchObject({
      type: "co_occurrence",
      key: "co_occurrence|binary_sensor.hallway_motion|on|light.hallway|on",
      entities: ["binary_sensor.hallway_motion", "light.hallway"],
      area: "hallway",
      confidence: 0.923,
      support: 108,
      opportunities: 112,
      automated: false,
      users: ["user-sam"],
      params: {
        windowSeconds: 30,
        trigger: { entity: "binary_sensor.hallway_motion", state: "on" },
        follower: { entity: "light.hallway", state: "on" },
      },
      evidence: { typicalDelaySeconds: 8 },
    });
    expect(findings[0].evidence.days).toHaveLength(28);
    expect(findings[2]).toMatchObject({ automated: true, users: [] });
  });

  it("leaves out the door that only sets off the motion sensor, one device's own entities, and random switching", () => {
    const pairs = findings.map((f) => f.entities.join(" → "));
    expect(pairs.some((p) => p.includes("front_door"))).toBe(false);
    expect(pairs.some((p) => p.includes("plug"))).toBe(false);
    expect(pairs.some((p) => p.includes("desk_lamp"))).toBe(false);
  });

  it("reports two passive sensors only when asked, and any follower when asked", () => {
    const passive = new CoOccurrenceDetector().detect(
      detectorInput(home, ENTITIES, [], { passivePairs: true, controllableFollowers: false }),
    );
    expect(passive.map((f) => f.entities.join(" → "))).toContain(
      "binary_sensor.front_door → binary_sensor.hallway_motion",
    );
  });

  it("judges the motion light without the evening of guests who kept the hallway sensor busy", () => {
    // Day 10: from 19:00 to 22:00 someone crosses the hallway every 90 s with the light off.
    const party = everyDay(({ index, at }) =>
      index !== 10
        ? []
        : Array.from({ length: 120 }, (_, k) => {
            const minute = 19 * 60 + Math.floor((k * 90) / 60);
            const t = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
            const s = (k * 90) % 60;
            return [
              at(`${t}:${s}`, "binary_sensor.hallway_motion", "on"),
              at(`${t}:${s + 20}`, "binary_sensor.hallway_motion", "off"),
            ];
          }).flat(),
    );
    const withParty = new CoOccurrenceDetector().detect(
      detectorInput([...home, ...party], ENTITIES, ["hallway", "entrance"]),
    );
    // The party day's four ordinary passes go with it: 104 of 108, not 108 of 352.
    expect(withParty[0].summary).toBe(
      "Hallway light turns on within 30 s after Hallway motion turns on: 104 of 108 times, 8.7× as often as by chance",
    );
    expect(withParty[0].evidence.days).toHaveLength(27);
  });
});
