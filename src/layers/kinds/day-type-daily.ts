// L2 day_type_daily: per entity and state, how often and between which times, day by day.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbDays,
  attribute,
  mergeAttribution,
  mergeDays,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { entityStateKey, HabitStates } from "./entity-classes.js";

export interface DayTypeDay {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  count: number;
  /** Minutes of day of the first and last transition. */
  first: number;
  last: number;
  /** Of `count`, caused by an automation. */
  automated: number;
}

/** Row "entity|state": one entry per day it happened, so any grouping of days (weekday, weekend, holidays) can be compared. */
export interface DayTypeValue extends Attribution {
  entity: string;
  state: string;
  days: Record<string, DayTypeDay>;
}

export const dayTypeDaily: AggregateKind<DayTypeValue> = {
  name: "day_type_daily",

  computeDay(input: DayInput): Map<string, DayTypeValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    const rows = new Map<string, DayTypeValue>();
    for (const e of input.events) {
      if (e.previous === e.state) continue;
      const state = habits.of(e.entity, e.state);
      if (state === null) continue;
      const key = entityStateKey(e.entity, state);
      const minute = clock.minuteOfDay(e.ts);
      let row = rows.get(key);
      if (!row) {
        const day: DayTypeDay = { weekday: clock.weekday, count: 0, first: minute, last: minute, automated: 0 };
        row = { entity: e.entity, state, days: { [input.day]: day }, automated: 0, users: {} };
        rows.set(key, row);
      }
      const day = row.days[input.day];
      day.count += 1;
      day.first = Math.min(day.first, minute);
      day.last = Math.max(day.last, minute);
      if (isAutomated(e)) day.automated += 1;
      attribute(row, e);
    }
    return rows;
  },

  merge(a, b) {
    return {
      entity: a.entity,
      state: a.state,
      days: mergeDays(a.days, b.days, mergeDayTypeDay),
      ...mergeAttribution(a, b),
    };
  },

  absorb(a, b) {
    absorbDays(a.days, b.days, mergeDayTypeDay);
    absorbAttribution(a, b);
    return a;
  },
};

function mergeDayTypeDay(x: DayTypeDay, y: DayTypeDay): DayTypeDay {
  return {
    weekday: x.weekday,
    count: x.count + y.count,
    first: Math.min(x.first, y.first),
    last: Math.max(x.last, y.last),
    automated: x.automated + y.automated,
  };
}
