// Detector 7, session: bursts of household activity separated by quiet gaps, with their typical start times.
import { weekdayOf } from "../core/local-time.js";
import { type TimeBasedValue, timeBasedDaily } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { withoutAutomated } from "./anomaly/anomaly-baseline.js";
import type { Detector, DetectorInput } from "./detector.js";
import { daysAtHome, isDoorOut, LEAVING_DEFAULTS, leavingFindings } from "./leaving-home.js";
import { circularMinuteDistance, circularPeaks, circularSummary, formatMinuteOfDay } from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { areaName, formatSeconds } from "./scoring/wording.js";

export const SESSION_DEFAULTS = {
  windowDays: 28,
  /** A quiet stretch this long ends a session. */
  gapMinutes: 30,
  /** A session has at least this many changes by at least this many entities. */
  minEvents: 4,
  minEntities: 2,
  minSupportDays: 5,
  minConfidence: 0.5,
  /** Start times wider than this (circular standard deviation) are not "a time of day". */
  maxSpreadMinutes: 40,
  /** A day's session starting this far from a cluster's centre still counts for it. */
  radiusMinutes: 60,
  /** Weekday and weekend clusters this close, with rates this close, are one daily session. */
  mergeMinutes: 30,
  mergeRateDifference: 0.25,
  /** The start rate must beat what sessions starting at random times would give this many times. */
  minLift: 3,
  maxChangesPerDay: 80,
  /**
   * A weekday session missing on some days of the week (the home-office days, when the house never
   * goes quiet before it) is told for the days it keeps: each on this share of its days or more,
   * each left out on half or fewer.
   */
  keptWeekdayShare: 2 / 3,
  droppedWeekdayShare: 0.5,
};
export type SessionSettings = typeof SESSION_DEFAULTS;

type DayGroup = "daily" | "weekdays" | "weekends";
const GROUP_WORDS: Record<DayGroup, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };
const WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays"];

/** One burst of activity on one day. */
export interface Burst {
  start: number;
  end: number;
  events: number;
  entities: Set<string>;
}

interface Cluster {
  group: DayGroup;
  centre: number;
  spread: number;
  groupDays: string[];
  hits: Map<string, Burst>;
  confidence: number;
  lift: number;
  /** Days of the week (0 = Monday) the cluster holds for, when only some of its group's. */
  weekdays?: number[];
}

export class SessionDetector implements Detector {
  readonly type = "session" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<SessionSettings> = {}) {
    this.windowDays = defaults.windowDays ?? SESSION_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...SESSION_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const byDay = input.reader.byDay(timeBasedDaily, input.from, input.to);
    // Motion sensors change often, and are the best sign someone is about: only chatter that goes
    // on at night as by day is left out (peopleEntities), not busy sensors.
    const allowed = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, {
      ...s,
      maxChangesPerDay: Infinity,
    });
    const people = peopleEntities(byDay, (e) => allowed.allows(e));
    const bursts = new Map<string, Burst[]>();
    for (const day of covered) bursts.set(day, burstsOfDay(byDay.get(day), day, people, s));
    const groups: Record<DayGroup, string[]> = {
      daily: covered,
      weekdays: covered.filter((d) => weekdayOf(d) < 5),
      weekends: covered.filter((d) => weekdayOf(d) >= 5),
    };
    const findings = clustersOf(bursts, groups, s).map((c) => this.finding(c, input.registry));
    // Leaving home is the other end of a session: the door, then a long quiet.
    const home = daysAtHome(covered, byDay, (e) => allowed.allows(e));
    for (const door of new Set([...byDay.values()].flatMap((rows) => [...rows.values()].map((v) => v.entity)))) {
      if (!isDoorOut(door, input.registry.areaOf(door))) continue;
      findings.push(...leavingFindings(door, home, byDay, (e) => allowed.allows(e), input.registry, LEAVING_DEFAULTS));
    }
    return findings;
  }

  private finding(c: Cluster, registry: RegistryStore): Finding {
    const days = [...c.hits.keys()].sort();
    const sessions = days.map((d) => c.hits.get(d)!);
    const minutes = sessions.map((b) => b.end - b.start).sort((a, b) => a - b);
    const duration = minutes[Math.floor(minutes.length / 2)];
    const entityDays = new Map<string, number>();
    for (const b of sessions) for (const e of b.entities) entityDays.set(e, (entityDays.get(e) ?? 0) + 1);
    const common = [...entityDays]
      .filter(([, n]) => n * 2 >= sessions.length)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([e]) => e);
    const areas = [...new Set(common.map((e) => registry.areaOf(e)).filter((a): a is string => a !== null))].sort();
    const time = formatMinuteOfDay(c.centre);
    const spread = Math.round(c.spread);
    const dayWords = c.weekdays ? weekdayWords(c.weekdays) : GROUP_WORDS[c.group];
    return {
      type: "session",
      key: `session|${c.group}|${String(Math.round(c.centre / 60) % 24).padStart(2, "0")}`,
      entities: [],
      area: null,
      summary:
        `Household activity starts around ${time} ± ${spread} min on ${days.length} of ${c.groupDays.length} ${dayWords}` +
        ` and lasts about ${formatSeconds(duration * 60)}` +
        (areas.length ? ` (${areaNames(areas, registry).join(", ")})` : ""),
      confidence: round3(c.confidence),
      support: days.length,
      opportunities: c.groupDays.length,
      lift: round3(c.lift),
      usefulness: usefulness({
        confidence: c.confidence,
        regularity: days.length / c.groupDays.length,
        automated: false,
        actionable: false,
      }),
      automated: false,
      users: [],
      evidence: { days, starts: sessions.map((b) => b.start), ends: sessions.map((b) => b.end) },
      params: {
        dayType: c.group,
        ...(c.weekdays ? { weekdays: c.weekdays } : {}),
        minuteOfDay: c.centre,
        time,
        spreadMinutes: round3(c.spread),
        durationMinutes: duration,
        areas,
        commonEntities: common.slice(0, 8),
      },
    };
  }
}

/**
 * Entities whose changes mean someone is about: not chatter, and far quieter at night (1:00–4:59)
 * than by day (8:00–21:59), as people are; a device that switches as often at 3:00 as at 15:00 is not.
 */
export function peopleEntities(
  byDay: Map<string, Map<string, TimeBasedValue>>,
  allows: (entity: string) => boolean,
): Set<string> {
  const night = new Map<string, number>();
  const daytime = new Map<string, number>();
  for (const [day, rows] of byDay) {
    for (const v of rows.values()) {
      for (const m of v.days[day]?.minutes ?? []) {
        const hour = Math.floor(m / 60);
        if (hour >= 1 && hour <= 4) night.set(v.entity, (night.get(v.entity) ?? 0) + 1);
        else if (hour >= 8 && hour <= 21) daytime.set(v.entity, (daytime.get(v.entity) ?? 0) + 1);
      }
    }
  }
  const out = new Set<string>();
  for (const [entity, n] of daytime) {
    if (allows(entity) && (night.get(entity) ?? 0) / 4 < 0.25 * (n / 14)) out.add(entity);
  }
  return out;
}

/** The day's bursts: changes nobody automated, of people entities, split at quiet gaps. */
export function burstsOfDay(
  rows: Map<string, TimeBasedValue> | undefined,
  day: string,
  people: ReadonlySet<string>,
  s: SessionSettings,
): Burst[] {
  const changes: [number, string][] = [];
  for (const v of rows?.values() ?? []) {
    const d = v.days[day];
    if (!d || !people.has(v.entity)) continue;
    for (const m of withoutAutomated(d.minutes, d.automated)) changes.push([m, v.entity]);
  }
  changes.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const out: Burst[] = [];
  let current: Burst | null = null;
  for (const [minute, entity] of changes) {
    if (current && minute - current.end >= s.gapMinutes) {
      out.push(current);
      current = null;
    }
    current ??= { start: minute, end: minute, events: 0, entities: new Set() };
    current.end = minute;
    current.events += 1;
    current.entities.add(entity);
  }
  if (current) out.push(current);
  // Only real bursts: one switch flicked at 14:00 is not a session.
  return out.filter((b) => b.events >= s.minEvents && b.entities.size >= s.minEntities);
}

function clustersOf(bursts: Map<string, Burst[]>, groups: Record<DayGroup, string[]>, s: SessionSettings): Cluster[] {
  const weekday = candidates(bursts, "weekdays", groups.weekdays, s);
  const weekend = candidates(bursts, "weekends", groups.weekends, s);
  const out: Cluster[] = [];
  const absorbed = new Set<Cluster>();
  for (const w of weekday) {
    const e = evaluate(bursts, "weekends", groups.weekends, w.centre, s);
    const rate = (c: Cluster) => c.hits.size / Math.max(1, c.groupDays.length);
    const similar =
      e !== null &&
      circularMinuteDistance(e.centre, w.centre) <= s.mergeMinutes &&
      Math.abs(rate(e) - rate(w)) <= s.mergeRateDifference;
    const daily = similar ? evaluate(bursts, "daily", groups.daily, w.centre, s) : null;
    if (daily && passes(daily, s)) {
      out.push(daily);
      for (const x of weekend) if (circularMinuteDistance(x.centre, daily.centre) <= s.radiusMinutes) absorbed.add(x);
    } else {
      const narrowed = onItsWeekdays(bursts, w, s);
      if (narrowed && passes(narrowed, s)) out.push(narrowed);
      else if (passes(w, s)) out.push(w);
    }
  }
  for (const x of weekend) if (!absorbed.has(x) && passes(x, s)) out.push(x);
  return out;
}

/**
 * The weekday cluster on the days of the week it keeps, when those are clearly apart from the rest:
 * someone who works from home on Wednesdays and Fridays is about all afternoon on those days, so the
 * evening does not start from a quiet house then. "On 12 of 12 Mondays, Tuesdays and Thursdays" is
 * what the household does; "on 15 of 20 weekdays" says it less surely and of days it does not hold for.
 */
function onItsWeekdays(bursts: Map<string, Burst[]>, c: Cluster, s: SessionSettings): Cluster | null {
  const kept: number[] = [];
  for (let weekday = 0; weekday < 5; weekday++) {
    const days = c.groupDays.filter((d) => weekdayOf(d) === weekday);
    if (days.length === 0) continue;
    const share = days.filter((d) => c.hits.has(d)).length / days.length;
    if (share >= s.keptWeekdayShare) kept.push(weekday);
    else if (share > s.droppedWeekdayShare) return null;
  }
  if (kept.length < 2 || kept.length === 5) return null;
  const days = c.groupDays.filter((d) => kept.includes(weekdayOf(d)));
  const narrowed = evaluate(bursts, c.group, days, c.centre, s);
  return narrowed && { ...narrowed, weekdays: kept };
}

/** The rooms as Home Assistant names them ("Living room", not living_room), in the order of their names. */
function areaNames(areas: string[], registry: RegistryStore): string[] {
  return areas.map((a) => areaName(a, registry)).sort((a, b) => a.localeCompare(b));
}

function weekdayWords(weekdays: number[]): string {
  const names = weekdays.map((w) => WEEKDAY_NAMES[w]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function candidates(bursts: Map<string, Burst[]>, group: DayGroup, days: string[], s: SessionSettings): Cluster[] {
  const starts = days.flatMap((d) => (bursts.get(d) ?? []).map((b) => b.start));
  const out: Cluster[] = [];
  for (const peak of circularPeaks(starts, 15, s.radiusMinutes).slice(0, 6)) {
    const c = evaluate(bursts, group, days, peak.minute, s);
    if (c && out.every((o) => circularMinuteDistance(o.centre, c.centre) > s.mergeMinutes)) out.push(c);
  }
  return out;
}

/** The cluster around a centre: each day's session starting nearest to it, re-centred once. */
function evaluate(
  bursts: Map<string, Burst[]>,
  group: DayGroup,
  days: string[],
  centre: number,
  s: SessionSettings,
): Cluster | null {
  if (days.length === 0) return null;
  let hits = nearestPerDay(bursts, days, centre, s.radiusMinutes);
  if (hits.size === 0) return null;
  let summary = circularSummary([...hits.values()].map((b) => b.start));
  const radius = Math.min(s.radiusMinutes, Math.max(20, 3 * summary.spread));
  hits = nearestPerDay(bursts, days, summary.mean, radius);
  if (hits.size === 0) return null;
  summary = circularSummary([...hits.values()].map((b) => b.start));
  // Chance: a day with n sessions starting anywhere has one in the window with 1 - (1 - w/1440)^n.
  const width = Math.min(1, (2 * radius + 1) / 1440);
  let chance = 0;
  for (const d of days) chance += 1 - (1 - width) ** (bursts.get(d)?.length ?? 0);
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
  };
}

function nearestPerDay(
  bursts: Map<string, Burst[]>,
  days: string[],
  centre: number,
  radius: number,
): Map<string, Burst> {
  const hits = new Map<string, Burst>();
  for (const d of days) {
    let best: Burst | null = null;
    for (const b of bursts.get(d) ?? []) {
      const distance = circularMinuteDistance(b.start, centre);
      if (distance <= radius && (!best || distance < circularMinuteDistance(best.start, centre))) best = b;
    }
    if (best) hits.set(d, best);
  }
  return hits;
}

function passes(c: Cluster, s: SessionSettings): boolean {
  return (
    c.hits.size >= s.minSupportDays &&
    c.confidence >= s.minConfidence &&
    c.spread <= s.maxSpreadMinutes &&
    c.lift >= s.minLift
  );
}
