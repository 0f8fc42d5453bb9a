// The night's sleep from a bed mat: when it starts, when it ends and how long, short get-ups joined.
import { addDays, daysBetween } from "../core/local-time.js";
import { isPresenceHeld } from "../layers/kinds/presence-sensors.js";
import type { TimeBasedValue } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { circularMinuteDistance, circularSummary, formatMinuteOfDay } from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, formatSeconds } from "./scoring/wording.js";

export const NIGHT_DEFAULTS = {
  /** Out of bed this briefly (the toilet at 04:00) is still the same night. */
  joinGapMinutes: 30,
  /** A stay this long, starting in the evening or the night, is a night's sleep. */
  minStayMinutes: 180,
  /** Bedtimes from 18:00 to 05:59. */
  nightFromMinute: 18 * 60,
  nightToMinute: 6 * 60,
  /** Bedtimes are looser than a light's switch: within 90 min, and a 60-min spread, is still "around" a time. */
  radiusMinutes: 90,
  maxSpreadMinutes: 60,
  minSupportDays: 5,
  minConfidence: 0.5,
};
export type NightSettings = typeof NIGHT_DEFAULTS;

/** A bed mat, known by the word users put in its name ("bed occupancy", "bed_sensor"). */
export function isBedMat(entity: string): boolean {
  return isPresenceHeld(entity) && /(^|_)bed(_|$)/.test(entity.slice(entity.indexOf(".") + 1));
}

/** One night: minutes from the window's first midnight, and the day it ended on. */
export interface Night {
  start: number;
  end: number;
  day: string;
}

/** The mat's stays over the days, short gaps joined, that start at night and last long enough. */
export function nightsOf(
  entity: string,
  days: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  s: NightSettings,
): Night[] {
  if (days.length === 0) return [];
  const first = days[0];
  const changes: [number, boolean][] = [];
  for (const day of days) {
    const base = daysBetween(first, day) * 1440;
    for (const v of byDay.get(day)?.values() ?? []) {
      if (v.entity !== entity || (v.state !== "on" && v.state !== "off")) continue;
      for (const m of v.days[day]?.minutes ?? []) changes.push([base + m, v.state === "on"]);
    }
  }
  changes.sort((a, b) => a[0] - b[0] || Number(a[1]) - Number(b[1]));
  const stays: [number, number][] = [];
  let since: number | null = null;
  for (const [t, on] of changes) {
    if (on && since === null) since = t;
    else if (!on && since !== null) {
      const last = stays[stays.length - 1];
      if (last && since - last[1] <= s.joinGapMinutes) last[1] = t;
      else stays.push([since, t]);
      since = null;
    }
  }
  const isNight = (m: number) => m >= s.nightFromMinute || m < s.nightToMinute;
  return stays
    .filter(([a, b]) => b - a >= s.minStayMinutes && isNight(a % 1440))
    .map(([a, b]) => ({ start: a, end: b, day: addDays(first, Math.floor(b / 1440)) }));
}

/** The usual night over the days, by its bedtime; a finding when it holds on enough of them. */
export function nightFinding(
  entity: string,
  days: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  registry: RegistryStore,
  s: NightSettings,
): Finding | null {
  const nights = nightsOf(entity, days, byDay, s).filter((n) => days.includes(n.day));
  if (nights.length < s.minSupportDays) return null;
  let centre = circularSummary(nights.map((n) => n.start % 1440)).mean;
  const near = (c: number) => {
    const byNight = new Map<string, Night>();
    for (const n of nights) {
      const had = byNight.get(n.day);
      const d = circularMinuteDistance(n.start % 1440, c);
      if (d <= s.radiusMinutes && (!had || d < circularMinuteDistance(had.start % 1440, c))) byNight.set(n.day, n);
    }
    return byNight;
  };
  let hits = near(centre);
  if (hits.size === 0) return null;
  centre = circularSummary([...hits.values()].map((n) => n.start % 1440)).mean;
  hits = near(centre);
  const kept = [...hits.values()];
  const spread = circularSummary(kept.map((n) => n.start % 1440)).spread;
  const confidence = wilsonLowerBound(kept.length, days.length);
  if (kept.length < s.minSupportDays || confidence < s.minConfidence || spread > s.maxSpreadMinutes) return null;
  const lengths = kept.map((n) => n.end - n.start).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)];
  const q1 = lengths[Math.floor(lengths.length / 4)];
  const q3 = lengths[Math.floor((3 * lengths.length) / 4)];
  const wake = circularSummary(kept.map((n) => n.end % 1440)).mean;
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const sd = Math.sqrt(lengths.reduce((a, l) => a + (l - mean) ** 2, 0) / lengths.length);
  const name = entityName(entity, registry);
  return {
    type: "duration",
    key: `duration|night|${entity}`,
    entities: [entity],
    area: registry.areaOf(entity),
    summary:
      `${name}: the night in bed from around ${formatMinuteOfDay(centre)} to ${formatMinuteOfDay(wake)}, ` +
      `about ${formatSeconds(median * 60)}, on ${kept.length} of ${days.length} nights`,
    confidence: round3(confidence),
    support: kept.length,
    opportunities: days.length,
    lift: 1,
    usefulness: usefulness({ confidence, regularity: kept.length / days.length, automated: false, actionable: false }),
    automated: false,
    users: [],
    evidence: { days: kept.map((n) => n.day), minutes: lengths },
    params: {
      kind: "night",
      medianSeconds: median * 60,
      lowerQuartileSeconds: q1 * 60,
      upperQuartileSeconds: q3 * 60,
      meanSeconds: round3(mean * 60),
      sdSeconds: round3(sd * 60),
      minSeconds: lengths[0] * 60,
      maxSeconds: lengths[lengths.length - 1] * 60,
      minuteOfDay: centre,
      time: formatMinuteOfDay(centre),
      wakeMinuteOfDay: wake,
      wakeTime: formatMinuteOfDay(wake),
      windowMinutes: s.radiusMinutes,
      joinGapMinutes: s.joinGapMinutes,
      minStayMinutes: s.minStayMinutes,
    },
  };
}
