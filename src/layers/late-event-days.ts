// The closed days that late events re-open: the days they fall in, and the days after whose carry-in they change.
import type { LocalTime } from "../core/local-time.js";
import { CARRY_IN_MS } from "./aggregate-kind.js";
import { daysInRange } from "./periods.js";

/** Events of today re-open nothing: today is rolled up once it closes. Days come back sorted. */
export function daysReopenedBy(times: Iterable<number>, time: LocalTime, today: string): string[] {
  const todayStart = time.dayBounds(today).start;
  const latestPerDay = new Map<string, number>();
  for (const ts of times) {
    if (ts >= todayStart) continue;
    const day = time.dayOf(ts);
    if ((latestPerDay.get(day) ?? -Infinity) < ts) latestPerDay.set(day, ts);
  }
  const days = new Set<string>();
  for (const [day, ts] of latestPerDay) {
    for (const d of daysInRange(day, time.dayOf(Math.min(ts + CARRY_IN_MS, todayStart - 1)))) days.add(d);
  }
  return [...days].sort();
}
