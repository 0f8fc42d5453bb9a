// Day-level checks of weather and temperature claims: whether the calendar already explains a change, and whether its days are context days.
import { weekdayOf } from "../../core/local-time.js";
import type { ContextExposureValue } from "../../layers/kinds/contextual-daily.js";
import type { TimeBasedValue } from "../../layers/kinds/time-based-daily.js";

/** Day-level check: at least this many days without it, and context days this much more common among days with it. */
const MIN_UNUSED_DAYS = 3;
const MIN_DAY_SHARE_GAP = 0.2;

/**
 * True when the calendar already says whether it happens: on the weekdays it happens on at all, it
 * happens on more than `share` of them. Weather or cold cannot gate what happens anyway, and what
 * happens every weekday morning would otherwise look "cold-weather" just because mornings are cold.
 */
export function calendarExplains(timeBased: Map<string, Map<string, TimeBasedValue>>, key: string, share: number): boolean {
  const seen = [0, 0, 0, 0, 0, 0, 0];
  const used = [0, 0, 0, 0, 0, 0, 0];
  for (const [day, rows] of timeBased) {
    const w = weekdayOf(day);
    seen[w] += 1;
    if (rows.get(key)?.days[day]) used[w] += 1;
  }
  const active = [0, 1, 2, 3, 4, 5, 6].filter((w) => used[w] > 0 && used[w] * 2 >= seen[w] * 0.5);
  const daysOn = active.reduce((n, w) => n + seen[w], 0);
  const usedOn = active.reduce((n, w) => n + used[w], 0);
  return daysOn > 0 && usedOn > share * daysOn;
}

/** Each day's weather (the one that lasted longest) and its coldest and warmest outside temperature bucket held for an hour. */
export interface DayContext {
  weather: string;
  coldest: number | null;
  warmest: number | null;
}

export function dayContexts(byDay: Map<string, Map<string, unknown>>): Map<string, DayContext> {
  const out = new Map<string, DayContext>();
  for (const [day, rows] of byDay) {
    const c = rows.get("context") as ContextExposureValue | undefined;
    if (!c) continue;
    const weather = Object.entries(c.weatherMs).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "unknown";
    const held = Object.entries(c.temperatureMs).filter(([b, ms]) => b !== "unknown" && ms >= 3_600_000).map(([b]) => Number(b));
    out.set(day, { weather, coldest: held.length ? Math.min(...held) : null, warmest: held.length ? Math.max(...held) + 5 : null });
  }
  return out;
}

/**
 * The day-level check of a weather or temperature claim: on the weekdays it happens at all, the
 * days it happened are context days clearly more often than the days it did not. Uses that merely
 * fall at a warm time of day (evenings) on days like any other fail it.
 */
export function daysAgree(timeBased: Map<string, Map<string, TimeBasedValue>>, key: string, days: Map<string, DayContext>, inContext: (d: DayContext) => boolean): boolean {
  const used: boolean[] = [];
  const unused: boolean[] = [];
  const weekdaysUsed = new Set<number>();
  for (const [day, rows] of timeBased) if (rows.get(key)?.days[day]) weekdaysUsed.add(weekdayOf(day));
  for (const [day, rows] of timeBased) {
    const context = days.get(day);
    if (!context || !weekdaysUsed.has(weekdayOf(day))) continue;
    (rows.get(key)?.days[day] ? used : unused).push(inContext(context));
  }
  if (used.length === 0 || unused.length < MIN_UNUSED_DAYS) return false;
  const share = (list: boolean[]) => list.filter(Boolean).length / list.length;
  return share(used) >= share(unused) + MIN_DAY_SHARE_GAP;
}
