// The night's sleep from a bed mat whose stays are cut by a get-up in the night: told as one night.
import { describe, expect, it } from "vitest";
import { DurationDetector } from "../../src/detectors/duration-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [{ entityId: "binary_sensor.bed_occupancy", name: "Bed occupancy", areaId: "bedroom" }];

const JITTER = [0, -3, 4, 2, -5, 1, 3, -2, 0, 5, -4, 2, 1, -1, 3, 0, -2, 4, 1, -3, 2, 0, -1, 3, -4, 1, 0, 2];

// In bed at 23:30 (give or take), up at 07:00; out of bed for 5 minutes at a wandering hour of the
// night, so the mat's stays run from 1 h to 7 h and have no typical length of their own.
const home = everyDay(({ index, at }) => {
  const getUp = plus("00:40", (index * 47) % 330);
  return [
    at(getUp, "binary_sensor.bed_occupancy", "off"),
    at(plus(getUp, 5), "binary_sensor.bed_occupancy", "on"),
    at(plus("07:00", JITTER[index]), "binary_sensor.bed_occupancy", "off"),
    at(plus("23:30", 3 * JITTER[index]), "binary_sensor.bed_occupancy", "on"),
  ];
});

describe("the night in bed", () => {
  const findings = new DurationDetector().detect(detectorInput(home, ENTITIES, ["bedroom"]));

  it("joins the night's stays and tells its bedtime, waking time and length", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      "Bed occupancy: the night in bed from around 23:33 to 07:00, about 7 h 28 min, on 28 of 28 nights",
    ]);
    expect(findings[0]).toMatchObject({ support: 28, opportunities: 28, params: { kind: "night", wakeTime: "07:00" } });
  });
});
