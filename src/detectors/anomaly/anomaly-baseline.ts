// What "normal" looks like for the anomaly checks, built from L2 days only: usage times, on-durations, routines, hourly activity.
import { domainOf } from "../../core/home-event.js";
import { circularMinuteDistance, weekdayOf } from "../../core/local-time.js";
import type { WindowReader } from "../../layers/aggregate-kind.js";
import { isActiveState } from "../../layers/kinds/entity-classes.js";
import {
  type AnomalyValue,
  anomalyDaily,
  type DurationValue,
  durationDaily,
  TIME_BASED_MAX_PER_DAY,
  type TimeBasedValue,
  timeBasedDaily,
} from "../../layers/kinds/index.js";
import { buildRoutineExpectations, type RoutineExpectation } from "./routine-expectations.js";

export interface UsageProfile {
  entity: string;
  /**
   * Minutes of day of the activations nobody automated that recur: another day had one within
   * RECUR_MINUTES. A single odd night does not make its hour usual. Sorted, repeats kept.
   */
  minutes: number[];
  /** Days with at least one activation. */
  days: number;
  /** Minutes of the day within RECUR_MINUTES of a usual minute: near 1440 for something used at any hour. */
  coverage: number;
}

/** Domains whose active state is presence or a mode held for days (a thermostat heating), not a device left running. */
const NOT_LEFT_ON_DOMAINS: ReadonlySet<string> = new Set([
  "person",
  "device_tracker",
  "climate",
  "water_heater",
  "alarm_control_panel",
]);

/** An activation time is usual when another day had one this close to it. */
export const RECUR_MINUTES = 60;

export interface DurationProfile {
  entity: string;
  /** Completed on-intervals in the window. */
  count: number;
  /** The longest interval of the window leaving out its longest day: one odd day does not make its length usual. */
  maxSec: number;
  meanSec: number;
}

export interface AnomalyBaselines {
  from: string;
  to: string;
  /** Rolled-up days of the window: what every share is counted against. */
  days: string[];
  usage: Map<string, UsageProfile>;
  durations: Map<string, DurationProfile>;
  routines: RoutineExpectation[];
  /** Entities whose changes say someone is active (not ones that fire as much at night as by day). */
  activityEntities: Set<string>;
  /**
   * Activity subject ("home", or "area:<id>") → day → changes per hour (0..23) of activity
   * entities; every covered day is present.
   */
  hourly: Map<string, Map<string, number[]>>;
  /** Activity subject → the most changes it had in any one hour of the baseline, its busiest day left out. */
  peakHour: Map<string, number>;
  /** Entity → days it went unavailable: a flaky device is not news every time. */
  unavailableDays: Map<string, number>;
  /** Entities seen in the window. */
  known: Set<string>;
}

/** Minimum activation days before an entity's usage times are trusted. */
export const MIN_USAGE_DAYS = 10;
/** Minimum completed on-intervals before an entity's durations are trusted. */
export const MIN_DURATION_COUNT = 10;
/** Night hours (1:00–4:59) against day hours (8:00–21:59): a people sensor is quiet at night. */
const NIGHT_HOURS = [1, 2, 3, 4];
const DAY_HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];

export interface BaselineSources {
  reader: WindowReader;
  from: string;
  to: string;
  areaOf(entity: string): string | null;
}

export function buildAnomalyBaselines({ reader, from, to, areaOf }: BaselineSources): AnomalyBaselines {
  const days = reader.coveredDays(from, to);
  const timeBased = reader.byDay(timeBasedDaily, from, to);
  const anomalyDays = reader.byDay(anomalyDaily, from, to);
  const usage = usageProfiles(timeBased);
  const durations = durationProfiles(reader.byDay(durationDaily, from, to));
  const { activityEntities, hourly, unavailableDays, known } = activityProfiles(days, anomalyDays, areaOf);
  // The busiest hour of all days but the busiest one: last month's party does not make the next one usual.
  const peakHour = new Map<string, number>();
  for (const [subject, byDay] of hourly) {
    const dayPeaks = [...byDay.values()].map((hours) => Math.max(...hours)).sort((a, b) => b - a);
    peakHour.set(subject, dayPeaks.length > 1 ? dayPeaks[1] : (dayPeaks[0] ?? 0));
  }
  for (const rows of timeBased.values()) for (const v of rows.values()) known.add(v.entity);
  return {
    from,
    to,
    days,
    usage,
    durations,
    routines: buildRoutineExpectations(days, timeBased, anomalyDays),
    activityEntities,
    hourly,
    peakHour,
    unavailableDays,
    known,
  };
}

function usageProfiles(timeBased: Map<string, Map<string, TimeBasedValue>>): Map<string, UsageProfile> {
  // entity → [minute, day index] of every manual activation
  const points = new Map<string, [number, number][]>();
  const activeDays = new Map<string, Set<number>>();
  // time_based_daily keeps at most TIME_BASED_MAX_PER_DAY minutes per row and day: a chattering
  // entity's later changes are missing, so its usage times cannot be judged.
  const truncated = new Set<string>();
  let index = 0;
  for (const [day, rows] of timeBased) {
    for (const v of rows.values()) {
      const d = v.days[day];
      if (d && d.minutes.length >= TIME_BASED_MAX_PER_DAY) truncated.add(v.entity);
      if (!isActiveState(v.entity, v.state)) continue;
      if (!d) continue;
      const manual = withoutAutomated(d.minutes, d.automated);
      if (manual.length === 0) continue;
      let list = points.get(v.entity);
      if (!list) {
        list = [];
        points.set(v.entity, list);
      }
      for (const m of manual) list.push([m, index]);
      let days = activeDays.get(v.entity);
      if (!days) {
        days = new Set();
        activeDays.set(v.entity, days);
      }
      days.add(index);
    }
    index++;
  }
  const out = new Map<string, UsageProfile>();
  for (const [entity, list] of points) {
    if (truncated.has(entity)) continue;
    list.sort((a, b) => a[0] - b[0]);
    const minutes = list.filter((_, i) => recursOnAnotherDay(list, i)).map(([m]) => m);
    out.set(entity, { entity, minutes, days: activeDays.get(entity)!.size, coverage: coverageOf(minutes) });
  }
  return out;
}

function coverageOf(minutes: readonly number[]): number {
  const covered = new Uint8Array(1440);
  for (const m of new Set(minutes))
    for (let d = -RECUR_MINUTES; d <= RECUR_MINUTES; d++) covered[(((m + d) % 1440) + 1440) % 1440] = 1;
  return covered.reduce((n, c) => n + c, 0);
}

/** Whether a day other than point i's has an activation within RECUR_MINUTES of it; points sorted by minute, circular. */
function recursOnAnotherDay(sorted: readonly [number, number][], i: number): boolean {
  const [minute, day] = sorted[i];
  const n = sorted.length;
  for (const step of [1, -1]) {
    for (let k = 1; k < n; k++) {
      const [m, d] = sorted[(((i + step * k) % n) + n) % n];
      if (circularMinuteDistance(m, minute) > RECUR_MINUTES) break;
      if (d !== day) return true;
    }
  }
  return false;
}

function durationProfiles(byDay: Map<string, Map<string, DurationValue>>): Map<string, DurationProfile> {
  const acc = new Map<string, { count: number; sumSec: number; dayMax: number[] }>();
  for (const rows of byDay.values()) {
    for (const v of rows.values()) {
      // Being home for two days, or a thermostat heating all week, is not a device left on.
      if (NOT_LEFT_ON_DOMAINS.has(domainOf(v.entity))) continue;
      let a = acc.get(v.entity);
      if (!a) {
        a = { count: 0, sumSec: 0, dayMax: [] };
        acc.set(v.entity, a);
      }
      a.count += v.count;
      a.sumSec += v.sumSec;
      a.dayMax.push(v.maxSec);
    }
  }
  const out = new Map<string, DurationProfile>();
  for (const [entity, a] of acc) {
    const sorted = a.dayMax.sort((x, y) => y - x);
    const maxSec = sorted.length > 1 ? sorted[1] : sorted[0];
    out.set(entity, { entity, count: a.count, maxSec, meanSec: a.count ? a.sumSec / a.count : 0 });
  }
  return out;
}

/** Removes one occurrence of each automated minute (both lists are sorted). */
export function withoutAutomated(minutes: readonly number[], automated: readonly number[]): number[] {
  if (automated.length === 0) return [...minutes];
  const out: number[] = [];
  let j = 0;
  for (const m of minutes) {
    while (j < automated.length && automated[j] < m) j++;
    if (j < automated.length && automated[j] === m) {
      j++;
      continue;
    }
    out.push(m);
  }
  return out;
}

function activityProfiles(
  days: string[],
  anomalyDays: Map<string, Map<string, AnomalyValue>>,
  areaOf: (entity: string) => string | null,
) {
  const known = new Set<string>();
  const unavailableDays = new Map<string, number>();
  const night = new Map<string, number>();
  const daytime = new Map<string, number>();
  for (const rows of anomalyDays.values()) {
    for (const v of rows.values()) {
      if (v.subject !== "entity") continue;
      known.add(v.id);
      const day = Object.values(v.days)[0];
      if (day && day.unavailable > 0) unavailableDays.set(v.id, (unavailableDays.get(v.id) ?? 0) + 1);
      for (const [how, n] of Object.entries(v.hourSum)) {
        const hour = Number(how) % 24;
        if (NIGHT_HOURS.includes(hour)) night.set(v.id, (night.get(v.id) ?? 0) + n);
        if (DAY_HOURS.includes(hour)) daytime.set(v.id, (daytime.get(v.id) ?? 0) + n);
      }
    }
  }
  const activityEntities = new Set<string>();
  for (const [entity, dayCount] of daytime) {
    const nightRate = (night.get(entity) ?? 0) / NIGHT_HOURS.length;
    const dayRate = dayCount / DAY_HOURS.length;
    if (dayRate > 0 && nightRate < 0.25 * dayRate) activityEntities.add(entity);
  }
  const hourly = new Map<string, Map<string, number[]>>([["home", new Map()]]);
  for (const day of days) {
    const counts = hourlyActivity(anomalyDays.get(day)?.values() ?? [], activityEntities, areaOf);
    for (const subject of counts.keys()) if (!hourly.has(subject)) hourly.set(subject, new Map());
    // A subject with no activity on a covered day had zero activity that day, not missing data.
    for (const [subject, byDay] of hourly) byDay.set(day, counts.get(subject) ?? new Array<number>(24).fill(0));
  }
  for (const byDay of hourly.values()) {
    for (const day of days) if (!byDay.has(day)) byDay.set(day, new Array<number>(24).fill(0));
  }
  return { activityEntities, hourly, unavailableDays, known };
}

/** Baseline days that fall on the same weekday as `day`. */
export function sameWeekday(days: readonly string[], day: string): string[] {
  const w = weekdayOf(day);
  return days.filter((d) => weekdayOf(d) === w);
}

/** One day's changes per hour of the activity entities, for the home ("home") and each area ("area:<id>"). */
export function hourlyActivity(
  rows: Iterable<AnomalyValue>,
  activityEntities: ReadonlySet<string>,
  areaOf: (entity: string) => string | null,
): Map<string, number[]> {
  const out = new Map<string, number[]>([["home", new Array<number>(24).fill(0)]]);
  const home = out.get("home")!;
  for (const v of rows) {
    if (v.subject !== "entity" || !activityEntities.has(v.id)) continue;
    const area = areaOf(v.id);
    let hours: number[] | undefined;
    if (area !== null) {
      hours = out.get(`area:${area}`);
      if (!hours) {
        hours = new Array<number>(24).fill(0);
        out.set(`area:${area}`, hours);
      }
    }
    for (const [how, n] of Object.entries(v.hourSum)) {
      const hour = Number(how) % 24;
      home[hour] += n;
      if (hours) hours[hour] += n;
    }
  }
  return out;
}
