// Calendar periods of the L3 layer: ISO weeks named by their Monday, months named "YYYY-MM".
import { addDays, daysBetween, monthOf, weekStart } from "../core/local-time.js";

export type PeriodUnit = "week" | "month";

/** The period that contains a local day. */
export function periodOf(day: string, unit: PeriodUnit): string {
  return unit === "week" ? weekStart(day) : monthOf(day);
}

/** First and last local day of a period. */
export function periodDays(period: string, unit: PeriodUnit): { first: string; last: string } {
  if (unit === "week") return { first: period, last: addDays(period, 6) };
  const first = `${period}-01`;
  const [y, m] = period.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
  return { first, last: addDays(next, -1) };
}

/** Every period that has at least one day in [from, to], oldest first. */
export function periodsTouching(from: string, to: string, unit: PeriodUnit): string[] {
  const out: string[] = [];
  if (from > to) return out;
  let period = periodOf(from, unit);
  const lastPeriod = periodOf(to, unit);
  for (;;) {
    out.push(period);
    if (period === lastPeriod) return out;
    period = periodOf(addDays(periodDays(period, unit).last, 1), unit);
  }
}

/** Local days from..to inclusive, oldest first. */
export function daysInRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  const out: string[] = [];
  for (let i = 0; i <= n; i++) out.push(addDays(from, i));
  return out;
}
