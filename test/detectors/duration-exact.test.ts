// Durations that are exact are told exactly, and the timer learned from them never cuts them short.
import { describe, expect, it } from "vitest";
import { DurationDetector } from "../../src/detectors/duration-detector.js";
import { durationBin } from "../../src/layers/kinds/duration-daily.js";
import type { Finding } from "../../src/patterns/finding.js";
import { suggestAutomation } from "../../src/patterns/suggestions/automation-suggestion.js";
import { household, stored } from "../patterns/suggestions/suggestion-fixtures.js";
import { DAYS, detectorInput, everyDay } from "./support/detector-fixture.js";

const LAMP = [{ entityId: "light.reading_lamp", name: "Reading lamp", areaId: "living_room" }];

/** The reading lamp on at 19:00 for `minutes(day)` minutes, every day of the 28. */
function lampFinding(minutes: (index: number) => number): Finding | undefined {
  const home = everyDay(({ index, at }) => {
    const on = at("19:00", "light.reading_lamp", "on");
    return [on, { ...on, ts: on.ts + minutes(index) * 60_000, state: "off" }];
  });
  return new DurationDetector().detect(detectorInput(home, LAMP, ["living_room"]))[0];
}

/** Seconds the suggested automation waits before switching the lamp off. */
function timerSeconds(finding: Finding): number {
  const config = suggestAutomation(stored(finding), household).config!;
  const [h, m, s] = String((config.trigger[0] as { for: string }).for)
    .split(":")
    .map(Number);
  return h * 3600 + m * 60 + s;
}

describe("exact durations", () => {
  it("a lamp on for exactly 3 h every day stays on for about 3 h, and its timer waits longer", () => {
    const finding = lampFinding(() => 180)!;
    expect(finding.summary).toBe("Reading lamp stays on for about 3 h, 28 of 28 times");
    expect(finding.params).toMatchObject({
      medianSeconds: 10800,
      lowerQuartileSeconds: 10800,
      upperQuartileSeconds: 10800,
    });
    expect(timerSeconds(finding)).toBe(3 * 3600 + 5 * 60);
  });

  it("an exact 45 min is timed to 46 min", () => {
    expect(timerSeconds(lampFinding(() => 45)!)).toBe(46 * 60);
  });

  it("never cuts short most of the occasions it learned from", () => {
    const shapes: Record<string, (i: number) => number> = {
      "exactly 3 h": () => 180,
      "exactly 45 min": () => 45,
      "2 h 50 min to 3 h": (i) => 170 + (i % 11),
      "a few long evenings": (i) => (i % 7 === 0 ? 240 : 180),
      "90 to 100 min": (i) => 90 + ((i * 7) % 11),
    };
    for (const [shape, minutes] of Object.entries(shapes)) {
      const finding = lampFinding(minutes);
      expect(finding, shape).toBeDefined();
      const wait = timerSeconds(finding!);
      // Cut short: still on when the timer fires. At most the quarter it was left on longer.
      const cut = DAYS.filter((_, i) => minutes(i) * 60 >= wait).length;
      expect(cut <= DAYS.length / 4, `${shape}: ${cut} of ${DAYS.length} cut short`).toBe(true);
    }
  });
});

describe("the count a duration states", () => {
  it("is counted from the on-times, not interpolated inside a histogram bin", () => {
    // A flush runs 17 to 44 s: the detector states how many of the 28 it calls typical.
    const seconds = [
      17, 19, 21, 23, 25, 27, 28, 28, 28, 29, 29, 30, 31, 33, 35, 37, 39, 41, 43, 44, 28, 28, 29, 30, 26, 24, 22, 18,
    ];
    const home = everyDay(({ index, at }) => {
      const on = at("08:00", "binary_sensor.toilet_flush", "on");
      return [on, { ...on, ts: on.ts + seconds[index] * 1000, state: "off" }];
    });
    const finding = new DurationDetector().detect(
      detectorInput(home, [{ entityId: "binary_sensor.toilet_flush", name: "Toilet flush" }]),
    )[0];
    const [from, to] = finding.params.typicalBins as [number, number];
    const inBins = seconds.filter((s) => durationBin(s) >= from && durationBin(s) <= to).length;
    expect(finding.support).toBe(inBins);
    expect(finding.summary).toBe(`Toilet flush stays on for about 29 s (usually 22 s to 36 s), ${inBins} of 28 times`);
  });
});
