import { describe, expect, it } from "vitest";
import {
  circularDifference,
  circularPeaks,
  circularSummary,
  formatMinuteOfDay,
  nearestMinute,
} from "../../../src/detectors/scoring/circular-time.js";
import {
  liftLowerBound,
  wilsonLowerBound,
  wilsonUpperBound,
} from "../../../src/detectors/scoring/confidence-bounds.js";
import { histogramQuantile, histogramShareBetween } from "../../../src/detectors/scoring/log-histogram.js";
import { durationBinStart } from "../../../src/layers/kinds/duration-daily.js";

describe("confidence bounds", () => {
  it("never saturates on few observations", () => {
    expect(
      [wilsonLowerBound(5, 5), wilsonLowerBound(10, 10), wilsonLowerBound(20, 20), wilsonLowerBound(18, 20)].map((x) =>
        Number(x.toFixed(3)),
      ),
    ).toEqual([0.649, 0.787, 0.881, 0.738]);
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(3, 0)).toBe(0);
    expect(Number(wilsonUpperBound(0, 10).toFixed(3))).toBe(0.213);
  });

  it("bounds lift by the lower bound of the rate", () => {
    expect(Number(liftLowerBound(18, 20, 0.1).toFixed(2))).toBe(7.38);
  });
});

describe("circular time", () => {
  it("puts the mean of 23:50 and 00:10 at midnight", () => {
    const s = circularSummary([1430, 10]);
    expect(s.mean).toBe(0);
    expect(Math.round(s.spread)).toBe(10);
    expect(circularDifference(1430, 10)).toBe(20);
    expect(circularDifference(10, 1430)).toBe(-20);
    expect(nearestMinute([700, 1435, 300], 5, 30)).toBe(1435);
    expect(nearestMinute([700], 5, 30)).toBeNull();
    expect(formatMinuteOfDay(-5)).toBe("23:55");
  });

  it("finds separate peaks, strongest first, across midnight", () => {
    const peaks = circularPeaks([1435, 1438, 2, 5, 1436, 420, 421, 419], 15, 60);
    expect(peaks.map((p) => p.minute)).toEqual([1439, 420]);
  });
});

describe("log-spaced histograms", () => {
  it("interpolates quantiles and shares within bins", () => {
    // bin 19 holds [724, 1024) seconds: ten intervals of about 15 minutes
    const h = { 19: 10 };
    expect(Math.round(histogramQuantile(h, 0.5, durationBinStart))).toBe(861);
    expect(histogramShareBetween(h, 0, 5000, durationBinStart)).toBe(1);
    expect(Number(histogramShareBetween(h, 861, 5000, durationBinStart).toFixed(2))).toBe(0.5);
  });
});
