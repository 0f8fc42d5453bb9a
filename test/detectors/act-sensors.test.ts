// Detectors speak on sensors of acts: the bed mat tells the night, the cupboard, fridge and microwave breakfast.
import { describe, expect, it } from "vitest";
import { DurationDetector } from "../../src/detectors/duration-detector.js";
import { SequenceDetector } from "../../src/detectors/sequence-detector.js";
import { TimeBasedDetector } from "../../src/detectors/time-based-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "binary_sensor.bed_occupancy", name: "Bed", areaId: "bedroom" },
  { entityId: "binary_sensor.kitchen_cupboard_door", name: "Cupboard", areaId: "kitchen" },
  { entityId: "binary_sensor.kitchen_fridge_door", name: "Fridge", areaId: "kitchen" },
  { entityId: "binary_sensor.kitchen_microwave_power", name: "Microwave", areaId: "kitchen" },
  { entityId: "binary_sensor.hallway_motion", name: "Hallway motion", areaId: "hallway" },
];

const home = everyDay(({ index, at }) => [
  at("00:00", "binary_sensor.bed_occupancy", "on"),
  at(plus("07:00", index % 5), "binary_sensor.bed_occupancy", "off"),
  at(plus("07:30", index % 3), "binary_sensor.hallway_motion", "on"),
  at(plus("07:31", index % 3), "binary_sensor.hallway_motion", "off"),
  at(plus("07:40", index % 3), "binary_sensor.kitchen_cupboard_door", "on"),
  at(`${plus("07:40", index % 3)}:20`, "binary_sensor.kitchen_cupboard_door", "off"),
  at(plus("07:41", index % 3), "binary_sensor.kitchen_fridge_door", "on"),
  at(`${plus("07:41", index % 3)}:30`, "binary_sensor.kitchen_fridge_door", "off"),
  at(plus("07:42", index % 3), "binary_sensor.kitchen_microwave_power", "on"),
  at(plus("07:44", index % 3), "binary_sensor.kitchen_microwave_power", "off"),
]);
const input = detectorInput(home, ENTITIES, ["bedroom", "kitchen", "hallway"]);

describe("detectors on sensors of acts", () => {
  it("tells when the bed is left and the fridge opened, not when the hallway sensor saw someone", () => {
    const summaries = new TimeBasedDetector().detect(input).map((f) => f.summary);
    expect(summaries).toContain("Bed turns off around 07:02 ± 1 min on 28 of 28 days");
    expect(summaries).toContain("Fridge turns on around 07:42 ± 1 min on 28 of 28 days");
    expect(summaries.filter((s) => s.startsWith("Hallway motion"))).toEqual([]);
  });

  it("tells the night in bed as a duration", () => {
    const bed = new DurationDetector().detect(input).find((f) => f.entities[0] === "binary_sensor.bed_occupancy");
    expect(bed?.summary).toBe("Bed stays on for about 7 h 2 min (usually 7 h 1 min to 7 h 3 min), 28 of 28 times");
  });

  it("tells breakfast as a chain of cupboard, fridge and microwave", () => {
    const chains = new SequenceDetector().detect(input).map((f) => f.summary);
    expect(chains.some((s) => s.startsWith("Cupboard on → Fridge on → Microwave on"))).toBe(true);
  });
});
