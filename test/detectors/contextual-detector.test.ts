// Contextual detector on a hand-built home: a light that follows sunset, a thermostat that follows people, a lamp for rainy days.
import { describe, expect, it } from "vitest";
import { ContextualDetector } from "../../src/detectors/contextual-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "light.living_room", name: "Living room light", areaId: "living_room" },
  { entityId: "light.porch", name: "Porch light", areaId: "entrance" },
  { entityId: "climate.living_room", name: "Living room thermostat", areaId: "living_room" },
  { entityId: "light.office", name: "Office light", areaId: "office" },
];

const JITTER = [0, 1, -1, 1, 0, -1, 1, 0, 0, -1, 1, 0, -1, 1, 0, 1, -1, 0, 1, -1, 0, 0, 1, -1, 1, 0, -1, 0];

const home = everyDay(({ index, weekend, at }) => {
  // Sunset moves from 17:00 to about 17:40 over the four weeks.
  const sunset = plus("17:00", Math.round(index * 1.5));
  const rainy = index % 2 === 1;
  return [
    at("07:30", "sun.sun", "above_horizon"),
    at(sunset, "sun.sun", "below_horizon"),
    at("00:01", "weather.home", rainy ? "rainy" : "sunny"),
    at(plus(sunset, 10 + JITTER[index]), "light.living_room", "on"),
    at("23:00", "light.living_room", "off"),
    // The porch light keeps to the clock, whatever the sun does.
    at("19:00", "light.porch", "on"),
    at("23:30", "light.porch", "off"),
    ...(weekend
      ? []
      : [
          at("07:50", "person.alex", "not_home"),
          at("08:00", "person.sam", "not_home"),
          at("08:05", "climate.living_room", "off"),
          at("17:00", "person.sam", "home"),
          at("17:03", "climate.living_room", "heat"),
          at("17:10", "person.alex", "home"),
        ]),
    ...(rainy && !weekend ? [at("09:00", "light.office", "on"), at("12:00", "light.office", "off")] : []),
  ];
});

describe("contextual detector", () => {
  const findings = new ContextualDetector().detect(detectorInput(home, ENTITIES, ["living_room", "entrance", "office"]));

  it("finds the sunset light, the thermostat following people and the rainy-day lamp, not the clock-bound porch light", () => {
    expect(findings.map((f) => f.summary).sort()).toEqual([
      "Living room light turns on 10 min after sunset (± 1 min, against ± 12 min on the clock) on 28 of 28 days",
      "Living room thermostat starts heating when the first person comes home: 20 of 20 times within 20 min after it",
      "Living room thermostat turns off when the last person leaves: 20 of 20 times within 20 min after it",
      "Office light turns on in rainy weather: 10 of 10 times, against 50 % of the time",
    ]);
  });

  it("reports the context in its parameters", () => {
    const sun = findings.find((f) => f.entities[0] === "light.living_room")!;
    expect(sun).toMatchObject({
      key: "contextual|light.living_room|on|sunset",
      confidence: 0.912,
      support: 28,
      opportunities: 28,
      params: { state: "on", context: "sunset", offsetMinutes: 10 },
    });
    const office = findings.find((f) => f.entities[0] === "light.office")!;
    expect(office).toMatchObject({ key: "contextual|light.office|on|weather", confidence: 0.787, params: { weather: ["rainy"] } });
    const leaving = findings.find((f) => f.key === "contextual|climate.living_room|off|presence_left")!;
    expect(leaving).toMatchObject({ confidence: 0.881, support: 20, params: { windowMinutes: 20 } });
  });
});
