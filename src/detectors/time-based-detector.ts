// Detector 1, time_based: an entity reaching a state around a time of day, support counted in days.
import { weekdayOf } from "../core/local-time.js";
import { isActSensor } from "../layers/kinds/act-sensors.js";
import { topUsers } from "../layers/kinds/attribution.js";
import { CHATTER_CHANGES_PER_DAY, isActiveState } from "../layers/kinds/entity-classes.js";
import { type TimeBasedValue, timeBasedDaily } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { Detector, DetectorInput } from "./detector.js";
import { binomialTail } from "./scoring/binomial-tail.js";
import {
  circularDifference,
  circularMinuteDistance,
  circularPeaks,
  circularSummary,
  formatMinuteOfDay,
  nearestMinute,
} from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, stateVerb, stateWord } from "./scoring/wording.js";

export const TIME_BASED_DEFAULTS = {
  windowDays: 28,
  /** Lowest confidence (Wilson lower bound of the day rate) reported. */
  minConfidence: 0.5,
  minSupportDays: 5,
  /** A cluster wider than this (circular standard deviation) is not "a time of day". */
  maxSpreadMinutes: 40,
  /** The day rate must beat what the entity's own number of changes would give by chance this many times. */
  minLift: 5,
  /**
   * Or, for a sensor of an act used several times a day (the toilet flushed six times, the fridge opened at
   * every meal), beat chance at least this many times on so many days that chance would give that
   * count less often than once in maxChanceP: its other uses cap the lift any habit of it can reach.
   */
  minBusyLift: 2,
  maxChanceP: 0.001,
  /** Changes this close to the one before are one use for the chance (a fridge opened three times while cooking). */
  useGapMinutes: 10,
  /** How far from a cluster's centre a day's change may lie and still count for it. */
  radiusMinutes: 60,
  /** A return to rest (off, closed) this soon after an "on" cluster on the same days is reported with it. */
  pairMinutes: 180,
  /** Weekday and weekend clusters this close, with rates this close, are one daily habit. */
  mergeMinutes: 30,
  mergeRateDifference: 0.25,
  maxChangesPerDay: CHATTER_CHANGES_PER_DAY,
  /** Passive sensors (motion, doors, presence) are reported only when this is on. */
  includePassive: false,
};
export type TimeBasedSettings = typeof TIME_BASED_DEFAULTS;

type DayGroup = "daily" | "weekdays" | "weekends";
const GROUP_WORDS: Record<DayGroup, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };

interface Cluster {
  group: DayGroup;
  centre: number;
  spread: number;
  /** Days of the group, and the supporting day → minute. */
  groupDays: string[];
  hits: Map<string, number>;
  confidence: number;
  lift: number;
  /** Chance that a day of the group has a use in the window, and so the chance of this many days. */
  chanceP: number;
}

export class TimeBasedDetector implements Detector {
  readonly type = "time_based" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<TimeBasedSettings> = {}) {
    this.windowDays = defaults.windowDays ?? TIME_BASED_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...TIME_BASED_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const groups: Record<DayGroup, string[]> = {
      daily: covered,
      weekdays: covered.filter((d) => weekdayOf(d) < 5),
      weekends: covered.filter((d) => weekdayOf(d) >= 5),
    };
    const byEntity = new Map<string, Found[]>();
    for (const value of input.reader.merged(timeBasedDaily, input.from, input.to).values()) {
      if (!entities.allows(value.entity)) continue;
      if (!s.includePassive && !entities.speaksFor(value.entity)) continue;
      const list = byEntity.get(value.entity) ?? [];
      for (const cluster of clustersOf(value, groups, s)) list.push({ value, cluster });
      byEntity.set(value.entity, list);
    }
    const findings: Finding[] = [];
    for (const list of byEntity.values()) {
      for (const found of foldTwinStatesAndReturns(list, s)) findings.push(this.finding(found, input, s));
    }
    return findings;
  }

  private finding({ value, cluster: c, endsWith }: Found, input: DetectorInput, s: TimeBasedSettings): Finding {
    const days = [...c.hits.keys()].sort();
    const automatedDays = days.filter((d) => value.days[d].automated.includes(c.hits.get(d)!)).length;
    const userCounts: Record<string, number> = {};
    for (const d of days) for (const u of value.days[d].users) userCounts[u] = (userCounts[u] ?? 0) + 1;
    const automated = automatedDays * 2 > days.length;
    const time = formatMinuteOfDay(c.centre);
    const spread = Math.round(c.spread);
    const name = entityName(value.entity, input.registry);
    return {
      type: "time_based",
      key: `time_based|${value.entity}|${value.state}|${c.group}|${String(Math.round(c.centre / 60) % 24).padStart(2, "0")}`,
      entities: [value.entity],
      area: input.registry.areaOf(value.entity),
      summary:
        `${name} ${stateVerb(value.entity, value.state, input.registry)} around ${time} ± ${spread} min on ${days.length} of ${c.groupDays.length} ${GROUP_WORDS[c.group]}` +
        (endsWith && !isPulse(c, endsWith.cluster)
          ? `, ${stateWord(endsWith.value.entity, endsWith.value.state, input.registry)} again around ${formatMinuteOfDay(endsWith.cluster.centre)}`
          : "") +
        (automated ? " (already automated)" : ""),
      confidence: round3(c.confidence),
      support: days.length,
      opportunities: c.groupDays.length,
      lift: round3(c.lift),
      usefulness: usefulness({
        confidence: c.confidence,
        regularity: days.length / c.groupDays.length,
        automated,
        actionable: true,
      }),
      automated,
      users: topUsers(userCounts),
      evidence: { days, minutes: days.map((d) => c.hits.get(d)!) },
      params: {
        state: value.state,
        dayType: c.group,
        minuteOfDay: c.centre,
        time,
        spreadMinutes: round3(c.spread),
        windowMinutes: s.radiusMinutes,
        ...(endsWith
          ? {
              endState: endsWith.value.state,
              endMinuteOfDay: endsWith.cluster.centre,
              endTime: formatMinuteOfDay(endsWith.cluster.centre),
            }
          : {}),
      },
    };
  }
}

interface Found {
  value: TimeBasedValue;
  cluster: Cluster;
  /** The return to rest that follows this cluster on the same days, reported with it. */
  endsWith?: Found;
}

/**
 * One entity's clusters without near duplicates: two states reached at the same time on the same
 * days ("on" and "playing") are one habit, and a return to rest soon after an "on" cluster on the
 * same days ("off around 07:10") belongs to that cluster rather than being a habit of its own.
 */
function foldTwinStatesAndReturns(list: Found[], s: TimeBasedSettings): Found[] {
  const sameDays = (a: Cluster, b: Cluster): boolean => {
    let shared = 0;
    for (const d of b.hits.keys()) if (a.hits.has(d)) shared++;
    return shared >= 0.8 * Math.min(a.hits.size, b.hits.size);
  };
  const ordered = [...list].sort(
    (x, y) =>
      y.cluster.confidence - x.cluster.confidence ||
      Number(y.value.state === "on") - Number(x.value.state === "on") ||
      (x.value.state < y.value.state ? -1 : 1),
  );
  const kept: Found[] = [];
  for (const f of ordered) {
    const twin = kept.some(
      (k) =>
        k.value.state !== f.value.state &&
        isActiveState(k.value.entity, k.value.state) === isActiveState(f.value.entity, f.value.state) &&
        circularMinuteDistance(k.cluster.centre, f.cluster.centre) <= 15 &&
        sameDays(k.cluster, f.cluster),
    );
    if (!twin) kept.push(f);
  }
  const out: Found[] = [];
  for (const f of kept) {
    if (isActiveState(f.value.entity, f.value.state)) {
      out.push(f);
      continue;
    }
    const start = kept.find((k) => {
      if (!isActiveState(k.value.entity, k.value.state) || k.endsWith) return false;
      const after = circularDifference(k.cluster.centre, f.cluster.centre);
      // A pulse (a flush, a doorbell) is back at rest the same minute: its off is its end too.
      return (
        after >= 0 &&
        after <= s.pairMinutes &&
        sameDays(k.cluster, f.cluster) &&
        durationIsSteadier(k.cluster, f.cluster)
      );
    });
    if (start) start.endsWith = f;
    else out.push(f);
  }
  return out;
}

/** Back at rest within a couple of minutes: saying "off again around" the same time says nothing. */
function isPulse(on: Cluster, off: Cluster): boolean {
  return circularDifference(on.centre, off.centre) <= 2;
}

/**
 * The off belongs to the on when how long it stays on varies less than the clock time of the off:
 * the bathroom light goes off fifteen minutes after it went on, but the porch light goes off at
 * 23:00 sharp whenever the sunset switched it on. Then the off is a time of its own.
 */
function durationIsSteadier(on: Cluster, off: Cluster): boolean {
  const durations: number[] = [];
  for (const [day, minute] of off.hits) {
    const start = on.hits.get(day);
    if (start !== undefined) durations.push(circularDifference(start, minute));
  }
  if (durations.length < 2) return false;
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  const sd = Math.sqrt(durations.reduce((a, d) => a + (d - mean) ** 2, 0) / durations.length);
  return sd <= off.spread;
}

/** Clusters of one entity and state, weekday and weekend apart unless they agree. */
export function clustersOf(value: TimeBasedValue, groups: Record<DayGroup, string[]>, s: TimeBasedSettings): Cluster[] {
  const weekday = candidates(value, "weekdays", groups.weekdays, s);
  const weekend = candidates(value, "weekends", groups.weekends, s);
  const out: Cluster[] = [];
  const absorbed = new Set<Cluster>();
  for (const w of weekday) {
    const e = evaluate(value, "weekends", groups.weekends, w.centre, s);
    const similar =
      e !== null &&
      circularMinuteDistance(e.centre, w.centre) <= s.mergeMinutes &&
      Math.abs(e.hits.size / Math.max(1, groups.weekends.length) - w.hits.size / Math.max(1, groups.weekdays.length)) <=
        s.mergeRateDifference;
    const daily = similar ? evaluate(value, "daily", groups.daily, w.centre, s) : null;
    if (daily && passes(daily, s)) {
      out.push(daily);
      for (const x of weekend) if (circularMinuteDistance(x.centre, daily.centre) <= s.radiusMinutes) absorbed.add(x);
    } else if (passes(w, s)) {
      out.push(w);
    }
  }
  for (const x of weekend) if (!absorbed.has(x) && passes(x, s)) out.push(x);
  return out;
}

function candidates(value: TimeBasedValue, group: DayGroup, days: string[], s: TimeBasedSettings): Cluster[] {
  const points: number[] = [];
  for (const d of days) {
    const day = value.days[d];
    if (day) for (const m of new Set(day.minutes)) points.push(m);
  }
  const out: Cluster[] = [];
  for (const peak of circularPeaks(points, 15, s.radiusMinutes).slice(0, 6)) {
    const c = evaluate(value, group, days, peak.minute, s);
    if (c && out.every((o) => circularMinuteDistance(o.centre, c.centre) > s.mergeMinutes)) out.push(c);
  }
  return out;
}

/** The cluster around a centre: each day's nearest change, re-centred once on what it found. */
function evaluate(
  value: TimeBasedValue,
  group: DayGroup,
  days: string[],
  centre: number,
  s: TimeBasedSettings,
): Cluster | null {
  if (days.length === 0) return null;
  let hits = nearestPerDay(value, days, centre, s.radiusMinutes);
  if (hits.size === 0) return null;
  let summary = circularSummary([...hits.values()]);
  const radius = Math.min(s.radiusMinutes, Math.max(20, 3 * summary.spread));
  hits = nearestPerDay(value, days, summary.mean, radius);
  if (hits.size === 0) return null;
  summary = circularSummary([...hits.values()]);
  // Chance: a day with n changes spread uniformly has one within the window with 1 - (1 - w/1440)^n.
  const width = Math.min(1, (2 * radius + 1) / 1440);
  let chance = 0;
  // A sensor of an act (the fridge, the flush) is used many times a day in bursts; a light's or a
  // switch's many changes are better told as what they follow (co_occurrence), so they keep the
  // plain chance and the plain lift.
  const act = isActSensor(value.entity);
  const usesOn = (d: string) => {
    const minutes = value.days[d]?.minutes ?? [];
    return act ? usesOf(minutes, s.useGapMinutes) : minutes.length;
  };
  for (const d of days) chance += 1 - (1 - width) ** usesOn(d);
  chance /= days.length;
  const rate = hits.size / days.length;
  return {
    group,
    centre: summary.mean,
    spread: summary.spread,
    groupDays: days,
    hits,
    confidence: wilsonLowerBound(hits.size, days.length),
    lift: chance > 0 ? rate / chance : Infinity,
    chanceP: act ? binomialTail(hits.size, days.length, chance) : 1,
  };
}

/** A day's uses: its changes, counting those within `gap` minutes of the one before as one. */
export function usesOf(minutes: readonly number[], gap: number): number {
  let uses = 0;
  let last = -Infinity;
  for (const m of minutes) {
    if (m - last > gap) uses++;
    last = m;
  }
  return uses;
}

function nearestPerDay(value: TimeBasedValue, days: string[], centre: number, radius: number): Map<string, number> {
  const hits = new Map<string, number>();
  for (const d of days) {
    const day = value.days[d];
    if (!day) continue;
    const m = nearestMinute(day.minutes, centre, radius);
    if (m !== null) hits.set(d, m);
  }
  return hits;
}

function passes(c: Cluster, s: TimeBasedSettings): boolean {
  return (
    c.hits.size >= s.minSupportDays &&
    c.confidence >= s.minConfidence &&
    c.spread <= s.maxSpreadMinutes &&
    (c.lift >= s.minLift || (c.lift >= s.minBusyLift && c.chanceP <= s.maxChanceP))
  );
}
