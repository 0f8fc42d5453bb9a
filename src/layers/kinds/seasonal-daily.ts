// L2 seasonal_daily: per entity and per area, how much use a day saw (summed into months by L3).
import { weekdayOf } from "../../core/local-time.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import { type Attribution, absorbAttribution, attribute, mergeAttribution } from "./attribution.js";
import { chatteringEntities, HabitStates } from "./entity-classes.js";
import { onIntervals, overlapMs } from "./on-intervals.js";

/** Row "entity|<id>" or "area|<id>" (areas leave chattering entities out); summed over a month by seasonal_monthly. */
export interface SeasonalValue extends Attribution {
  subject: "entity" | "area";
  id: string;
  /** Habit changes. */
  count: number;
  /** Whole seconds on within the days (clipped at midnight; an area sums its entities). */
  onSec: number;
  /** Days with any change or on-time. */
  activeDays: number;
  /**
   * The same days split by weekday (Monday first), so a habit of two weekdays a week is measured
   * against those weekdays. Absent in rows rolled up before it existed; a merge with such a row drops it.
   */
  weekdayDays?: number[];
}

export const seasonalDaily: AggregateKind<SeasonalValue> = {
  name: "seasonal_daily",

  computeDay(input: DayInput): Map<string, SeasonalValue> {
    const habits = new HabitStates();
    const areaCache = new Map<string, string | null>();
    const areaOf = (entity: string): string | null => {
      let area = areaCache.get(entity);
      if (area === undefined) {
        area = input.areaOf(entity);
        areaCache.set(entity, area);
      }
      return area;
    };
    const chatter = chatteringEntities(input.events);
    const rows = new Map<string, SeasonalValue>();
    const oneWeekday = Array.from({ length: 7 }, (_, w) => (w === weekdayOf(input.day) ? 1 : 0));
    const row = (subject: "entity" | "area", id: string): SeasonalValue => {
      const key = `${subject}|${id}`;
      let r = rows.get(key);
      if (!r) {
        r = { subject, id, count: 0, onSec: 0, activeDays: 1, weekdayDays: oneWeekday, automated: 0, users: {} };
        rows.set(key, r);
      }
      return r;
    };
    for (const e of input.events) {
      if (e.previous === e.state || habits.of(e.entity, e.state) === null) continue;
      const entityRow = row("entity", e.entity);
      entityRow.count += 1;
      attribute(entityRow, e);
      const area = chatter.has(e.entity) ? null : areaOf(e.entity);
      if (area !== null) {
        const areaRow = row("area", area);
        areaRow.count += 1;
        attribute(areaRow, e);
      }
    }
    for (const interval of onIntervals(input)) {
      const seconds = Math.round(overlapMs(interval, input.start, input.end) / 1000);
      if (seconds === 0) continue;
      row("entity", interval.entity).onSec += seconds;
      const area = chatter.has(interval.entity) ? null : areaOf(interval.entity);
      if (area !== null) row("area", area).onSec += seconds;
    }
    return rows;
  },

  merge(a, b) {
    const weekdays =
      a.weekdayDays && b.weekdayDays ? { weekdayDays: a.weekdayDays.map((n, w) => n + b.weekdayDays![w]) } : {};
    return {
      subject: a.subject,
      id: a.id,
      count: a.count + b.count,
      onSec: a.onSec + b.onSec,
      activeDays: a.activeDays + b.activeDays,
      ...weekdays,
      ...mergeAttribution(a, b),
    };
  },

  absorb(a, b) {
    a.count += b.count;
    a.onSec += b.onSec;
    a.activeDays += b.activeDays;
    if (a.weekdayDays && b.weekdayDays) {
      for (let w = 0; w < a.weekdayDays.length; w++) a.weekdayDays[w] += b.weekdayDays[w];
    } else delete a.weekdayDays;
    absorbAttribution(a, b);
    return a;
  },
};
