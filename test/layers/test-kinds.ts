// Small aggregate kinds of our own, so the layers are tested without the real detector kinds.
import type { AggregateKind, DayInput, PeriodKind } from "../../src/layers/aggregate-kind.js";

/** Events per entity and state: "light.kitchen|on" → 3. */
export const stateCounts: AggregateKind<number> = {
  name: "state_counts_daily",
  computeDay(input: DayInput) {
    const out = new Map<string, number>();
    for (const e of input.events) out.set(`${e.entity}|${e.state}`, (out.get(`${e.entity}|${e.state}`) ?? 0) + 1);
    return out;
  },
  merge: (a, b) => a + b,
};

/** Events per entity and local hour of day (0..23; a 25-hour day counts its repeated hour twice). */
export const hourHistogram: AggregateKind<number[]> = {
  name: "hour_histogram_daily",
  computeDay(input: DayInput) {
    const out = new Map<string, number[]>();
    for (const e of input.events) {
      const hist = out.get(e.entity) ?? new Array<number>(24).fill(0);
      hist[input.time.parts(e.ts).hour]++;
      out.set(e.entity, hist);
    }
    return out;
  },
  merge: (a, b) => a.map((n, i) => n + b[i]),
};

/** Milliseconds each on/off entity spent "on" within the day, using the carry-in state at midnight. */
export const onTime: AggregateKind<{ onMs: number; starts: number }> = {
  name: "on_time_daily",
  computeDay(input: DayInput) {
    const out = new Map<string, { onMs: number; starts: number }>();
    const onSince = new Map<string, number>();
    for (const [entity, e] of input.carryIn) if (e.state === "on") onSince.set(entity, input.start);
    for (const e of input.events) {
      if (e.state !== "on" && e.state !== "off") continue;
      const row = out.get(e.entity) ?? { onMs: 0, starts: 0 };
      out.set(e.entity, row);
      const since = onSince.get(e.entity);
      if (e.state === "on" && since === undefined) {
        onSince.set(e.entity, e.ts);
        row.starts++;
      } else if (e.state === "off" && since !== undefined) {
        row.onMs += e.ts - since;
        onSince.delete(e.entity);
      }
    }
    for (const [entity, since] of onSince) {
      const row = out.get(entity) ?? { onMs: 0, starts: 0 };
      row.onMs += input.end - since;
      out.set(entity, row);
    }
    return out;
  },
  merge: (a, b) => ({ onMs: a.onMs + b.onMs, starts: a.starts + b.starts }),
};

/** Which area each entity's events came from (uses areaOf). */
export const areaCounts: AggregateKind<number> = {
  name: "area_counts_daily",
  computeDay(input: DayInput) {
    const out = new Map<string, number>();
    for (const e of input.events) {
      const area = input.areaOf(e.entity) ?? "none";
      out.set(area, (out.get(area) ?? 0) + 1);
    }
    return out;
  },
  merge: (a, b) => a + b,
};

export const stateCountsWeekly: PeriodKind<number> = {
  name: "state_counts_weekly",
  period: "week",
  source: stateCounts,
};
export const onTimeMonthly: PeriodKind<{ onMs: number; starts: number }> = {
  name: "on_time_monthly",
  period: "month",
  source: onTime,
};

export const TEST_KINDS = [stateCounts, hourHistogram, onTime, areaCounts] as AggregateKind<unknown>[];
export const TEST_PERIOD_KINDS = [stateCountsWeekly, onTimeMonthly] as PeriodKind<unknown>[];
