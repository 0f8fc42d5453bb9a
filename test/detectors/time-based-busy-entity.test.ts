// time_based on an entity used many times a day: its one habitual use is told, a pulse's end is folded.
import { describe, expect, it } from "vitest";
import { binomialTail } from "../../src/detectors/scoring/binomial-tail.js";
import { TimeBasedDetector, usesOf } from "../../src/detectors/time-based-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [{ entityId: "binary_sensor.toilet_flush", name: "Toilet flush", areaId: "toilet" }];

const JITTER = [0, -3, 4, 2, -5, 1, 3, -2, 0, 5, -4, 2, 1, -1, 3, 0, -2, 4, 1, -3, 2, 0, -1, 3, -4, 1, 0, 2];
/** The rest of the day's flushes, at times that wander from day to day. */
const OTHERS = ["09:50", "11:20", "12:55", "14:30", "16:05", "17:35", "19:10", "20:45", "22:50"];

// Flushed right after getting up at 07:00 every day, and nine more times at no fixed time; each
// flush is a 30-second pulse.
const home = everyDay(({ index, at }) => {
  const times = [
    plus("07:00", 4 * JITTER[index]),
    ...OTHERS.map((t, k) => plus(t, ((index * 37 + k * 53) % 150) - 75)),
  ];
  return times.flatMap((t) => [
    at(t, "binary_sensor.toilet_flush", "on"),
    at(`${t}:30`, "binary_sensor.toilet_flush", "off"),
  ]);
});

describe("time_based on a busy entity", () => {
  const findings = new TimeBasedDetector().detect(detectorInput(home, ENTITIES, ["toilet"]));

  it("tells the morning flush once, though ten flushes a day cap its lift under 5", () => {
    expect(findings.map((f) => f.summary)).toEqual(["Toilet flush turns on around 07:01 ± 10 min on 28 of 28 days"]);
    expect(findings[0].lift).toBeLessThan(5);
    expect(findings[0].params).toMatchObject({ state: "on", endState: "off", minuteOfDay: 421 });
  });

  it("counts changes close together as one use, and chance by the binomial tail", () => {
    expect(usesOf([400, 402, 405, 430, 600], 10)).toBe(3);
    expect(binomialTail(18, 20, 0.3)).toBeCloseTo(3.773e-8, 11);
    expect(binomialTail(0, 20, 0.3)).toBe(1);
  });
});
