// L2 contextual_daily: each habit change with its context (sun, presence, weather, outside temperature).
import { domainOf, type HomeEvent } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbDays,
  addCount,
  addCountsInto,
  attribute,
  type Counts,
  mergeAttribution,
  mergeCounts,
  mergeDays,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { entityStateKey, HabitStates, isNumericState } from "./entity-classes.js";

/** Sun-relative bins are quarter hours, clamped to ±12 hours. */
export const SUN_BIN_MINUTES = 15;
const SUN_BIN_LIMIT = 48;

/** Row "usage|entity|state": the contexts its transitions happened in. */
export interface ContextUsageValue extends Attribution {
  type: "usage";
  entity: string;
  state: string;
  count: number;
  /** Quarter hour of day (0..95) → transitions: the clock view to compare the sun view with. */
  clock: Counts;
  /** Quarter hours relative to that day's sunset / sunrise (-48..47; bin b covers [15b, 15b + 15) min) → transitions. */
  sunset: Counts;
  sunrise: Counts;
  /** "home" (anyone home), "away" (nobody), "unknown" (no person.* known) → transitions. */
  presence: Counts;
  /** Weather state ("rainy", "sunny", …, "unknown") → transitions. */
  weather: Counts;
  /** Outside temperature bucket: lower edge of 5 °C steps ("-5", "0", "15") or "unknown" → transitions. */
  temperature: Counts;
  /** Days with at least one transition. */
  activeDays: number;
}

/** Row "context": how long each context lasted, the chance baseline for usage shares. */
export interface ContextExposureValue {
  type: "context";
  days: number;
  presenceMs: Counts;
  weatherMs: Counts;
  temperatureMs: Counts;
  /** Per day, the minute of day of sunrise and sunset seen on sun.sun (null when none). */
  sun: Record<string, { sunrise: number | null; sunset: number | null }>;
  /**
   * Per day, the weather and outside temperature bucket that lasted longest in each wall-clock hour
   * (index 0..23): what it was like at a habit's time on the days it did not happen. Absent in rows
   * stored before it was kept.
   */
  hourly?: Record<string, HourlyContext>;
}

export interface HourlyContext {
  weather: string[];
  temperature: string[];
}

export type ContextualValue = ContextUsageValue | ContextExposureValue;

export const TEMPERATURE_BUCKET = 5;
const MINUTE = 60_000;
export const OUTSIDE_TEMPERATURE = /^sensor\.[a-z0-9_]*(outdoor|outside|exterior|aussen)[a-z0-9_]*temp/;

export function temperatureBucket(celsius: number): string {
  return String(Math.floor(celsius / TEMPERATURE_BUCKET) * TEMPERATURE_BUCKET);
}

/** Tracks the context as events pass: who is home, the weather, the temperature outside. */
class ContextState {
  private readonly people = new Map<string, boolean>();
  weatherEntity: string | null = null;
  weather = "unknown";
  temperature = "unknown";

  /** Returns true when the event changed the context. */
  apply(e: HomeEvent): boolean {
    const domain = domainOf(e.entity);
    if (domain === "person") {
      this.people.set(e.entity, e.state === "home");
      return true;
    }
    if (domain === "weather" && (this.weatherEntity === null || this.weatherEntity === e.entity)) {
      this.weatherEntity = e.entity;
      this.weather = e.state === "unavailable" ? "unknown" : e.state;
      return true;
    }
    if (OUTSIDE_TEMPERATURE.test(e.entity)) {
      this.temperature = isNumericState(e.state) ? temperatureBucket(Number(e.state)) : "unknown";
      return true;
    }
    return false;
  }

  presence(): string {
    if (this.people.size === 0) return "unknown";
    for (const home of this.people.values()) if (home) return "home";
    return "away";
  }
}

const isContextEntity = (entity: string): boolean => {
  const domain = domainOf(entity);
  return domain === "person" || domain === "weather" || domain === "sun" || OUTSIDE_TEMPERATURE.test(entity);
};

export const contextualDaily: AggregateKind<ContextualValue> = {
  name: "contextual_daily",

  computeDay(input: DayInput): Map<string, ContextualValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    let sunrise: number | null = null;
    let sunset: number | null = null;
    for (const e of input.events) {
      if (e.entity !== "sun.sun" || e.previous === e.state) continue;
      if (e.state === "above_horizon" && sunrise === null) sunrise = e.ts;
      if (e.state === "below_horizon" && sunset === null) sunset = e.ts;
    }
    const context = new ContextState();
    const carried = [...input.carryIn.values()].filter((e) => isContextEntity(e.entity)).sort((a, b) => a.ts - b.ts);
    for (const e of carried) context.apply(e);
    const exposure: ContextExposureValue = {
      type: "context",
      days: 1,
      presenceMs: {},
      weatherMs: {},
      temperatureMs: {},
      sun: {
        [input.day]: {
          sunrise: sunrise === null ? null : clock.minuteOfDay(sunrise),
          sunset: sunset === null ? null : clock.minuteOfDay(sunset),
        },
      },
    };
    const perHour = Array.from({ length: 24 }, () => ({ weather: {} as Counts, temperature: {} as Counts }));
    let since = input.start;
    const accrue = (until: number): void => {
      const ms = until - since;
      if (ms <= 0) return;
      addCount(exposure.presenceMs, context.presence(), ms);
      addCount(exposure.weatherMs, context.weather, ms);
      addCount(exposure.temperatureMs, context.temperature, ms);
      // Split at wall-clock hour boundaries (offsets are whole minutes, so a boundary is a whole minute).
      for (let from = since; from < until; ) {
        const minute = clock.minuteOfDay(from);
        const next = Math.min(until, from - (from % MINUTE) + (60 - (minute % 60)) * MINUTE);
        const hour = perHour[Math.floor(minute / 60)];
        addCount(hour.weather, context.weather, next - from);
        addCount(hour.temperature, context.temperature, next - from);
        from = next;
      }
      since = until;
    };
    const rows = new Map<string, ContextualValue>();
    const contextEntities = new Map<string, boolean>();
    for (const e of input.events) {
      let isContext = contextEntities.get(e.entity);
      if (isContext === undefined) {
        isContext = isContextEntity(e.entity);
        contextEntities.set(e.entity, isContext);
      }
      if (isContext) {
        accrue(e.ts);
        context.apply(e);
        continue;
      }
      if (e.previous === e.state) continue;
      const state = habits.of(e.entity, e.state);
      if (state === null || domainOf(e.entity) === "device_tracker") continue;
      const key = `usage|${entityStateKey(e.entity, state)}`;
      let row = rows.get(key) as ContextUsageValue | undefined;
      if (!row) {
        row = {
          type: "usage",
          entity: e.entity,
          state,
          count: 0,
          clock: {},
          sunset: {},
          sunrise: {},
          presence: {},
          weather: {},
          temperature: {},
          activeDays: 1,
          automated: 0,
          users: {},
        };
        rows.set(key, row);
      }
      row.count += 1;
      addCount(row.clock, Math.floor(clock.minuteOfDay(e.ts) / 15));
      if (sunset !== null) addCount(row.sunset, sunBin(e.ts - sunset));
      if (sunrise !== null) addCount(row.sunrise, sunBin(e.ts - sunrise));
      addCount(row.presence, context.presence());
      addCount(row.weather, context.weather);
      addCount(row.temperature, context.temperature);
      attribute(row, e);
    }
    accrue(input.end);
    exposure.hourly = {
      [input.day]: {
        weather: perHour.map((h) => longest(h.weather)),
        temperature: perHour.map((h) => longest(h.temperature)),
      },
    };
    rows.set("context", exposure);
    return rows;
  },

  merge(a, b) {
    if (a.type === "usage" && b.type === "usage") {
      return {
        ...a,
        count: a.count + b.count,
        clock: mergeCounts(a.clock, b.clock),
        sunset: mergeCounts(a.sunset, b.sunset),
        sunrise: mergeCounts(a.sunrise, b.sunrise),
        presence: mergeCounts(a.presence, b.presence),
        weather: mergeCounts(a.weather, b.weather),
        temperature: mergeCounts(a.temperature, b.temperature),
        activeDays: a.activeDays + b.activeDays,
        ...mergeAttribution(a, b),
      };
    }
    if (a.type === "context" && b.type === "context") {
      return {
        type: "context",
        days: a.days + b.days,
        presenceMs: mergeCounts(a.presenceMs, b.presenceMs),
        weatherMs: mergeCounts(a.weatherMs, b.weatherMs),
        temperatureMs: mergeCounts(a.temperatureMs, b.temperatureMs),
        sun: mergeDays(a.sun, b.sun, mergeSun),
        // Rows stored before the hourly context was kept merge without it; the days that have it keep it.
        ...(a.hourly || b.hourly ? { hourly: mergeDays(a.hourly ?? {}, b.hourly ?? {}, (x) => x) } : {}),
      };
    }
    throw new TypeError(`contextual_daily: cannot merge a ${a.type} row with a ${b.type} row`);
  },

  absorb(a, b) {
    if (a.type === "usage" && b.type === "usage") {
      a.count += b.count;
      addCountsInto(a.clock, b.clock);
      addCountsInto(a.sunset, b.sunset);
      addCountsInto(a.sunrise, b.sunrise);
      addCountsInto(a.presence, b.presence);
      addCountsInto(a.weather, b.weather);
      addCountsInto(a.temperature, b.temperature);
      a.activeDays += b.activeDays;
      absorbAttribution(a, b);
      return a;
    }
    if (a.type === "context" && b.type === "context") {
      a.days += b.days;
      addCountsInto(a.presenceMs, b.presenceMs);
      addCountsInto(a.weatherMs, b.weatherMs);
      addCountsInto(a.temperatureMs, b.temperatureMs);
      absorbDays(a.sun, b.sun, mergeSun);
      if (b.hourly) {
        a.hourly ??= {};
        absorbDays(a.hourly, b.hourly, (x) => x);
      }
      return a;
    }
    throw new TypeError(`contextual_daily: cannot merge a ${a.type} row with a ${b.type} row`);
  },
};

function mergeSun(
  x: { sunrise: number | null; sunset: number | null },
  y: { sunrise: number | null; sunset: number | null },
): { sunrise: number | null; sunset: number | null } {
  return {
    sunrise: x.sunrise === null ? y.sunrise : y.sunrise === null ? x.sunrise : Math.min(x.sunrise, y.sunrise),
    sunset: x.sunset === null ? y.sunset : y.sunset === null ? x.sunset : Math.min(x.sunset, y.sunset),
  };
}

/** The key held longest ("unknown" when nothing was). */
function longest(counts: Counts): string {
  let best = "unknown";
  let ms = 0;
  for (const [k, v] of Object.entries(counts)) if (v > ms) [best, ms] = [k, v];
  return best;
}

/** Quarter-hour bin of a time offset, clamped to ±12 h. */
export function sunBin(offsetMs: number): number {
  const bin = Math.floor(offsetMs / (SUN_BIN_MINUTES * 60_000));
  return Math.max(-SUN_BIN_LIMIT, Math.min(SUN_BIN_LIMIT - 1, bin));
}
