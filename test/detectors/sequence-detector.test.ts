import { describe, expect, it } from "vitest";
import { SequenceDetector } from "../../src/detectors/sequence-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "light.bedroom", name: "Bedroom light", areaId: "bedroom" },
  { entityId: "binary_sensor.hallway_motion", name: "Hallway motion", areaId: "hallway" },
  { entityId: "light.hallway", name: "Hallway light", areaId: "hallway" },
  { entityId: "light.bathroom", name: "Bathroom light", areaId: "bathroom" },
  { entityId: "switch.bathroom_fan", name: "Bathroom fan", areaId: "bathroom" },
  { entityId: "binary_sensor.bathroom_motion", name: "Bathroom motion", areaId: "bathroom" },
  { entityId: "binary_sensor.living_motion", name: "Living room motion", areaId: "living" },
  { entityId: "switch.desk_lamp", name: "Desk lamp" },
];

const home = everyDay(({ index, weekend, at }) => {
  const start = plus(weekend ? "08:30" : "06:50", index % 4);
  const skipped = index % 7 === 3; // four mornings with no bathroom visit
  return [
    at(`${start}:00`, "light.bedroom", "off"),
    at(`${start}:15`, "binary_sensor.hallway_motion", "on"),
    // The hallway light comes on too, but not always: an unrelated step in between.
    index % 2 === 0 ? at(`${start}:20`, "light.hallway", "on") : null,
    skipped ? null : at(`${start}:25`, "light.bathroom", "on", { user: "user-sam" }),
    skipped ? null : at(`${plus(start, 1)}:25`, "switch.bathroom_fan", "on"),
    at(`${plus(start, 2)}:00`, "binary_sensor.hallway_motion", "off"),
    at(`${plus(start, 20)}:00`, "light.bathroom", "off"),
    at(`${plus(start, 25)}:00`, "switch.bathroom_fan", "off"),
    index % 2 === 0 ? at(`${plus(start, 3)}:00`, "light.hallway", "off") : null,
    // Sensors in a row with one switch: no sequence worth suggesting.
    at(plus("20:00", index % 3), "binary_sensor.living_motion", "on"),
    at(`${plus("20:00", index % 3)}:10`, "binary_sensor.hallway_motion", "on"),
    at(`${plus("20:00", index % 3)}:20`, "light.bedroom", "on"),
    at(plus("20:02", index % 3), "binary_sensor.living_motion", "off"),
    at(plus("20:02", index % 3), "binary_sensor.hallway_motion", "off"),
    at(plus("00:00", (index * 397) % 1440), "switch.desk_lamp", index % 2 === 0 ? "on" : "off"),
  ];
});

describe("sequence detector", () => {
  const findings = new SequenceDetector().detect(
    detectorInput(home, ENTITIES, ["bedroom", "hallway", "bathroom", "living"]),
  );

  // Start times come from quarter-hour bins: 06:50-06:53 starts read as the bin centre.
  it("finds the morning chain once, with its weekday and weekend start times", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      "Bedroom light off → Hallway motion on → Bathroom light on → Bathroom fan on, within about 85 s, on 24 of 28 days, " +
        "usually starting around 06:53 on weekdays and 08:38 at weekends",
    ]);
    expect(findings[0]).toMatchObject({
      type: "sequence",
      key: "sequence|light.bedroom:off>binary_sensor.hallway_motion:on>light.bathroom:on>switch.bathroom_fan:on",
      entities: ["light.bedroom", "binary_sensor.hallway_motion", "light.bathroom", "switch.bathroom_fan"],
      area: null,
      confidence: 0.717,
      support: 24,
      opportunities: 28,
      automated: false,
      users: ["user-sam"],
      params: { meanGapSeconds: [15, 10, 60], weekdayStartTime: "06:53", weekendStartTime: "08:38" },
    });
    expect(findings[0].evidence.days).toHaveLength(24);
    expect(findings[0].evidence.days).not.toContain("2026-02-05");
  });

  it("reports two-step chains only when asked (they are co-occurrences)", () => {
    const pairs = new SequenceDetector().detect(
      detectorInput(home, ENTITIES, [], { minSteps: 2, minControllableSteps: 1 }),
    );
    expect(pairs.length).toBeGreaterThan(1);
    expect(
      pairs.some(
        (f) => f.entities.join(">") === "binary_sensor.living_motion>binary_sensor.hallway_motion>light.bedroom",
      ),
    ).toBe(true);
  });

  // The bathroom's own motion sensor fires right after its light on every visit, and on three
  // mornings the hallway sensor misses Sam: the chain through the bathroom sensor then happens on
  // more days, and the hallway light's timeout (four switches) follows on most mornings. Neither
  // may stand in for the walk from bedroom to bathroom.
  it("reports the walk through the hallway, not the room's own motion sensor or the hallway light's timeout", () => {
    const walk = everyDay(({ index, weekend, at }) => {
      const start = plus(weekend ? "08:30" : "06:50", index % 4);
      const hallwaySeen = index % 9 !== 4;
      const hallwayLight = index % 5 !== 0;
      return [
        at(`${start}:00`, "light.bedroom", "off"),
        hallwaySeen ? at(`${start}:15`, "binary_sensor.hallway_motion", "on") : null,
        hallwayLight ? at(`${start}:20`, "light.hallway", "on") : null,
        at(`${start}:25`, "light.bathroom", "on"),
        at(`${start}:35`, "binary_sensor.bathroom_motion", "on"),
        at(`${plus(start, 1)}:25`, "switch.bathroom_fan", "on"),
        hallwaySeen ? at(`${plus(start, 2)}:00`, "binary_sensor.hallway_motion", "off") : null,
        hallwayLight ? at(`${plus(start, 2)}:20`, "light.hallway", "off") : null,
        at(`${plus(start, 4)}:00`, "binary_sensor.bathroom_motion", "off"),
        at(`${plus(start, 20)}:00`, "light.bathroom", "off"),
        at(`${plus(start, 25)}:00`, "switch.bathroom_fan", "off"),
        at(plus("00:00", (index * 397) % 1440), "switch.desk_lamp", index % 2 === 0 ? "on" : "off"),
      ];
    });
    const found = new SequenceDetector().detect(detectorInput(walk, ENTITIES, ["bedroom", "hallway", "bathroom"]));
    expect(found.map((f) => f.summary)).toEqual([
      "Bedroom light off → Hallway motion on → Bathroom light on → Bathroom fan on, within about 85 s, on 25 of 28 days, " +
        "usually starting around 06:53 on weekdays and 08:38 at weekends",
    ]);
  });
});
