// L2 time_based_daily: when, each day, an entity reached each state (minute of day, per day).
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbDays,
  attribute,
  emptyAttribution,
  mergeAttribution,
  mergeDays,
  mergeSorted,
  unionSorted,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { entityStateKey, HabitStates } from "./entity-classes.js";

/** One day of one (entity, state): the wall-clock minutes it was entered. */
export interface TimeBasedDay {
  /** Minutes of day 0..1439, sorted; a DST day's repeated hour repeats minutes. */
  minutes: number[];
  /** The subset of `minutes` whose change an automation or script caused, sorted. */
  automated: number[];
  /** User ids that caused a change that day, sorted. */
  users: string[];
}

/**
 * Row "entity|state" (e.g. "light.kitchen|on"). Days keep their identity so support is counted
 * in days and weekday/weekend can be told apart; merging two windows is a union of days.
 */
export interface TimeBasedValue extends Attribution {
  entity: string;
  state: string;
  /** Transitions into the state over all days. */
  count: number;
  days: Record<string, TimeBasedDay>;
}

/** Transitions kept per row and day: a chattering entity cannot bloat the table. */
export const TIME_BASED_MAX_PER_DAY = 96;

export const timeBasedDaily: AggregateKind<TimeBasedValue> = {
  name: "time_based_daily",

  computeDay(input: DayInput): Map<string, TimeBasedValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    const rows = new Map<string, TimeBasedValue>();
    for (const e of input.events) {
      if (e.previous === e.state) continue;
      const state = habits.of(e.entity, e.state);
      if (state === null) continue;
      const key = entityStateKey(e.entity, state);
      let row = rows.get(key);
      if (!row) {
        row = {
          entity: e.entity,
          state,
          count: 0,
          ...emptyAttribution(),
          days: { [input.day]: { minutes: [], automated: [], users: [] } },
        };
        rows.set(key, row);
      }
      row.count += 1;
      attribute(row, e);
      const day = row.days[input.day];
      if (day.minutes.length >= TIME_BASED_MAX_PER_DAY) continue;
      const minute = clock.minuteOfDay(e.ts);
      day.minutes.push(minute);
      if (isAutomated(e)) day.automated.push(minute);
      if (e.user && !day.users.includes(e.user)) day.users.push(e.user);
    }
    for (const row of rows.values()) {
      const day = row.days[input.day];
      // Wall-clock minutes are not monotonic on the day the clocks go back.
      day.minutes.sort((a, b) => a - b);
      day.automated.sort((a, b) => a - b);
      day.users.sort();
    }
    return rows;
  },

  merge(a, b) {
    return {
      entity: a.entity,
      state: a.state,
      count: a.count + b.count,
      ...mergeAttribution(a, b),
      days: mergeDays(a.days, b.days, mergeTimeBasedDay),
    };
  },

  absorb: absorbTimeBased,
};

/** merge in place, for rows just decoded (see AggregateKind.absorb). */
function absorbTimeBased(a: TimeBasedValue, b: TimeBasedValue): TimeBasedValue {
  a.count += b.count;
  absorbAttribution(a, b);
  absorbDays(a.days, b.days, mergeTimeBasedDay);
  return a;
}

function mergeTimeBasedDay(x: TimeBasedDay, y: TimeBasedDay): TimeBasedDay {
  return {
    minutes: mergeSorted(x.minutes, y.minutes),
    automated: mergeSorted(x.automated, y.automated),
    users: unionSorted(x.users, y.users),
  };
}
