// Detector 5, duration: how long an entity typically stays on, where that is consistent.
import { topUsers } from "../layers/kinds/attribution.js";
import { type DurationValue, durationBin, durationBinStart, durationDaily } from "../layers/kinds/duration-daily.js";
import { CHATTER_CHANGES_PER_DAY } from "../layers/kinds/entity-classes.js";
import { timeBasedDaily } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { Detector, DetectorInput } from "./detector.js";
import { isBedMat, NIGHT_DEFAULTS, nightFinding } from "./night-in-bed.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { histogramCeiling, histogramQuantile, histogramShareBetween } from "./scoring/log-histogram.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, formatSeconds, stateWord } from "./scoring/wording.js";

export const DURATION_DEFAULTS = {
  windowDays: 28,
  /** Lowest Wilson lower bound of the share of on-intervals within the typical band: a clear majority. */
  minConfidence: 0.6,
  minIntervals: 5,
  minSupportDays: 5,
  /** The typical band is the median divided and multiplied by this. */
  bandFactor: 1.5,
  /** Upper quartile over lower quartile above this is not "a typical duration". */
  maxQuartileRatio: 2,
  /** Intervals shorter than this are blips, not use. */
  minMedianSeconds: 10,
  maxChangesPerDay: CHATTER_CHANGES_PER_DAY,
  includePassive: false,
};
export type DurationSettings = typeof DURATION_DEFAULTS;

export class DurationDetector implements Detector {
  readonly type = "duration" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<DurationSettings> = {}) {
    this.windowDays = defaults.windowDays ?? DURATION_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...DURATION_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const byDay = input.reader.byDay(durationDaily, input.from, input.to);
    const findings: Finding[] = [];
    for (const value of input.reader.merged(durationDaily, input.from, input.to).values()) {
      if (value.count < s.minIntervals || !entities.allows(value.entity)) continue;
      if (!s.includePassive && !entities.speaksFor(value.entity)) continue;
      const bounds = { min: value.minSec, max: value.maxSec };
      const median = histogramQuantile(value.histogram, 0.5, durationBinStart, bounds);
      if (median < s.minMedianSeconds) continue;
      const q1 = histogramQuantile(value.histogram, 0.25, durationBinStart, bounds);
      const q3 = histogramQuantile(value.histogram, 0.75, durationBinStart, bounds);
      if (q1 <= 0 || q3 / q1 > s.maxQuartileRatio) continue;
      const low = median / s.bandFactor;
      const high = median * s.bandFactor;
      const typical = Math.round(histogramShareBetween(value.histogram, low, high, durationBinStart) * value.count);
      const confidence = wilsonLowerBound(typical, value.count);
      // What the summary states is counted, not interpolated: the whole bins the band touches.
      const band = { from: durationBin(low), to: durationBin(high) };
      const counted = Object.entries(value.histogram)
        .filter(([bin]) => Number(bin) >= band.from && Number(bin) <= band.to)
        .reduce((n, [, k]) => n + k, 0);
      if (confidence < s.minConfidence) continue;
      const days = [...byDay].filter(([, rows]) => {
        const row = rows.get(value.entity);
        return row !== undefined && histogramShareBetween(row.histogram, low, high, durationBinStart) > 0;
      });
      if (days.length < s.minSupportDays) continue;
      findings.push(
        this.finding(
          value,
          { median, q1, q3, typical: counted, band, confidence, days: days.map(([d]) => d) },
          input,
          covered.length,
        ),
      );
    }
    // A bed mat's stays are cut by every night-time get-up: the night as a whole is told instead,
    // when the stays themselves vary too much to have a typical length.
    const told = new Set(findings.flatMap((f) => f.entities));
    const rows = input.reader.byDay(timeBasedDaily, input.from, input.to);
    const mats = new Set([...rows.values()].flatMap((r) => [...r.values()].map((v) => v.entity)).filter(isBedMat));
    for (const mat of mats) {
      if (told.has(mat) || !entities.allows(mat)) continue;
      const night = nightFinding(mat, covered, rows, input.registry, NIGHT_DEFAULTS);
      if (night) findings.push(night);
    }
    return findings;
  }

  private finding(
    value: DurationValue,
    stats: {
      median: number;
      q1: number;
      q3: number;
      typical: number;
      band: { from: number; to: number };
      confidence: number;
      days: string[];
    },
    input: DetectorInput,
    coveredDays: number,
  ): Finding {
    const mean = value.sumSec / value.count;
    const sd = Math.sqrt(Math.max(0, value.sumSqSec / value.count - mean * mean));
    // The histogram's bins are 40 % wide; the exact moments say it better unless outliers pull the
    // mean out of the middle half.
    const exact = mean >= stats.q1 && mean <= stats.q3;
    const typical = exact ? mean : stats.median;
    const from = Math.max(value.minSec, exact ? mean - sd : stats.q1);
    const to = Math.min(value.maxSec, exact ? mean + sd : stats.q3);
    const range =
      formatSeconds(from) === formatSeconds(to) ? "" : ` (usually ${formatSeconds(from)} to ${formatSeconds(to)})`;
    const endedByAutomation = value.endedByAutomation * 2 > value.count;
    const automated = endedByAutomation || value.automated * 2 > value.count;
    const name = entityName(value.entity, input.registry);
    return {
      type: "duration",
      key: `duration|${value.entity}`,
      entities: [value.entity],
      area: input.registry.areaOf(value.entity),
      summary:
        `${name} stays ${stateWord(value.entity, "on", input.registry)} for about ${formatSeconds(typical)}${range}, ` +
        `${stats.typical} of ${value.count} times${endedByAutomation ? " (an automation turns it off)" : automated ? " (already automated)" : ""}`,
      confidence: round3(stats.confidence),
      support: stats.typical,
      opportunities: value.count,
      usefulness: usefulness({
        confidence: stats.confidence,
        regularity: Math.min(1, stats.days.length / coveredDays),
        automated,
        actionable: true,
      }),
      automated,
      users: topUsers(value.users),
      evidence: { days: stats.days },
      params: {
        medianSeconds: round3(stats.median),
        // The "k of n times" counts the on-times whose histogram bin lies in these (bins of durationBin).
        typicalBins: [stats.band.from, stats.band.to],
        lowerQuartileSeconds: round3(stats.q1),
        upperQuartileSeconds: round3(stats.q3),
        // Three times in four it was on no longer than this, for certain: a timer waits at least this long.
        upperQuartileCeilingSeconds: round3(
          histogramCeiling(value.histogram, 0.75, durationBinStart, { min: value.minSec, max: value.maxSec }),
        ),
        meanSeconds: round3(mean),
        sdSeconds: round3(sd),
        minSeconds: value.minSec,
        maxSeconds: value.maxSec,
        // What the automation does: ends the on-time, or starts it.
        ...(automated ? { automatedState: endedByAutomation ? "off" : "on" } : {}),
      },
    };
  }
}
