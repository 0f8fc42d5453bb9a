// L2 anomaly_daily: the per-entity and per-area day statistics anomaly baselines are built from.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbDays,
  addCount,
  addCountsInto,
  type Counts,
  mergeAttribution,
  mergeCounts,
  mergeDays,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { chatteringEntities, HabitStates } from "./entity-classes.js";
import { onIntervals, overlapMs } from "./on-intervals.js";

/** One subject's day: what a baseline needs and what the day is compared with. */
export interface AnomalyDay {
  /** Habit changes (any cause). */
  count: number;
  /** First and last minute of day of a change nobody automated; null when all were automated. */
  firstMinute: number | null;
  lastMinute: number | null;
  /** Whole seconds on within the day (clipped at midnight), and the longest single on-span. */
  onSec: number;
  longestOnSec: number;
  /** Times it became unavailable or unknown. */
  unavailable: number;
}

/**
 * Row "entity|<entity id>" or "area|<area id>". Hour-of-week counts keep a sum and a sum of
 * squares of the per-day counts: with the number of covered days per weekday (from the reader)
 * they give a mean and variance per hour of week, zero days included.
 */
export interface AnomalyValue extends Attribution {
  subject: "entity" | "area";
  id: string;
  hourSum: Counts;
  hourSumSq: Counts;
  days: Record<string, AnomalyDay>;
}

export const anomalyDaily: AggregateKind<AnomalyValue> = {
  name: "anomaly_daily",

  computeDay(input: DayInput): Map<string, AnomalyValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    const areaCache = new Map<string, string | null>();
    const rows = new Map<string, AnomalyValue>();
    const hourly = new Map<string, Counts>();
    // A chattering entity keeps its own row but would hide an area's quiet morning.
    const chatter = chatteringEntities(input.events);
    const row = (subject: "entity" | "area", id: string): AnomalyValue => {
      const key = `${subject}|${id}`;
      let r = rows.get(key);
      if (!r) {
        const day: AnomalyDay = {
          count: 0,
          firstMinute: null,
          lastMinute: null,
          onSec: 0,
          longestOnSec: 0,
          unavailable: 0,
        };
        r = { subject, id, hourSum: {}, hourSumSq: {}, days: { [input.day]: day }, automated: 0, users: {} };
        rows.set(key, r);
        hourly.set(key, {});
      }
      return r;
    };
    const record = (
      r: AnomalyValue,
      how: number,
      minute: number,
      automated: boolean,
      user: string | undefined,
    ): void => {
      const day = r.days[input.day];
      day.count += 1;
      addCount(hourly.get(`${r.subject}|${r.id}`)!, how);
      if (automated) r.automated += 1;
      else {
        if (day.firstMinute === null) day.firstMinute = minute;
        day.lastMinute = minute;
      }
      if (user) addCount(r.users, user);
    };
    for (const e of input.events) {
      if (e.previous === e.state) continue;
      let area = areaCache.get(e.entity);
      if (area === undefined) {
        area = input.areaOf(e.entity);
        areaCache.set(e.entity, area);
      }
      if (e.state === "unavailable" || e.state === "unknown") {
        if (habits.of(e.entity, "on") !== null) row("entity", e.entity).days[input.day].unavailable += 1;
        continue;
      }
      if (habits.of(e.entity, e.state) === null) continue;
      const minute = clock.minuteOfDay(e.ts);
      const how = clock.weekday * 24 + Math.floor(minute / 60);
      const automated = isAutomated(e);
      record(row("entity", e.entity), how, minute, automated, e.user);
      if (area !== null && !chatter.has(e.entity)) record(row("area", area), how, minute, automated, e.user);
    }
    for (const interval of onIntervals(input)) {
      const seconds = Math.round(overlapMs(interval, input.start, input.end) / 1000);
      if (seconds === 0) continue;
      const day = row("entity", interval.entity).days[input.day];
      day.onSec += seconds;
      day.longestOnSec = Math.max(day.longestOnSec, seconds);
    }
    for (const [key, counts] of hourly) {
      const r = rows.get(key)!;
      for (const [how, n] of Object.entries(counts)) {
        r.hourSum[how] = n;
        r.hourSumSq[how] = n * n;
      }
    }
    return rows;
  },

  merge(a, b) {
    return {
      subject: a.subject,
      id: a.id,
      hourSum: mergeCounts(a.hourSum, b.hourSum),
      hourSumSq: mergeCounts(a.hourSumSq, b.hourSumSq),
      days: mergeDays(a.days, b.days, mergeAnomalyDay),
      ...mergeAttribution(a, b),
    };
  },

  absorb(a, b) {
    addCountsInto(a.hourSum, b.hourSum);
    addCountsInto(a.hourSumSq, b.hourSumSq);
    absorbDays(a.days, b.days, mergeAnomalyDay);
    absorbAttribution(a, b);
    return a;
  },
};

function mergeAnomalyDay(x: AnomalyDay, y: AnomalyDay): AnomalyDay {
  return {
    count: x.count + y.count,
    firstMinute: minOrNull(x.firstMinute, y.firstMinute, Math.min),
    lastMinute: minOrNull(x.lastMinute, y.lastMinute, Math.max),
    onSec: x.onSec + y.onSec,
    longestOnSec: Math.max(x.longestOnSec, y.longestOnSec),
    unavailable: x.unavailable + y.unavailable,
  };
}

function minOrNull(x: number | null, y: number | null, pick: (p: number, q: number) => number): number | null {
  if (x === null) return y;
  if (y === null) return x;
  return pick(x, y);
}
