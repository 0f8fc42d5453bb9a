// Detector 10, seasonal: use that belongs to a season, and month-over-month changes, per entity and area.
import { monthOf, weekdayOf } from "../core/local-time.js";
import { seasonalMonthly } from "../layers/kinds/period-kinds.js";
import type { SeasonalValue } from "../layers/kinds/seasonal-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { Detector, DetectorInput } from "./detector.js";
import { wilsonLowerBound, wilsonUpperBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName } from "./scoring/wording.js";

export const SEASONAL_DEFAULTS = {
  windowDays: 365,
  minConfidence: 0.5,
  /** Months with at least this many rolled-up days count; fewer than minMonths of them and nothing is said. */
  minDaysPerMonth: 20,
  minMonths: 3,
  /** Days in use within the season, at least. */
  minSupportDays: 6,
  /** The season's day rate over the other months' rate, at least (both intervals must also part). */
  minSeasonLift: 2,
  /** Month over month: the day rates' intervals must not overlap and differ by at least this factor. */
  minTrendFactor: 2,
  /** Two rates differ only when their intervals at this z part (1.96: 97.5 % each side). */
  separationZ: 1.96,
  maxChangesPerDay: 80,
};
export type SeasonalSettings = typeof SEASONAL_DEFAULTS;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

interface MonthUse {
  month: string;
  covered: number;
  /** Rolled-up days of the month per weekday, Monday first. */
  coveredByWeekday: number[];
  activeDays: number;
  /** Days in use per weekday; null when the stored rows predate the split. */
  activeByWeekday: number[] | null;
  count: number;
}

/** A month as the tests see it: days in use and days that could have been, on the subject's weekdays. */
interface MonthRate {
  month: string;
  active: number;
  days: number;
}

export class SeasonalDetector implements Detector {
  readonly type = "seasonal" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<SeasonalSettings> = {}) {
    this.windowDays = defaults.windowDays ?? SEASONAL_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...SEASONAL_DEFAULTS, ...this.defaults }, input.settings);
    const coveredByMonth = new Map<string, number[]>();
    // Months are read from the month aggregates, which outlive the daily rows: count every rolled-up day.
    for (const day of input.reader.rolledUpDays(input.from, input.to)) {
      const perWeekday = coveredByMonth.get(monthOf(day)) ?? new Array<number>(7).fill(0);
      perWeekday[weekdayOf(day)] += 1;
      coveredByMonth.set(monthOf(day), perWeekday);
    }
    const covered = (m: string) => coveredByMonth.get(m)!.reduce((a, b) => a + b, 0);
    const months = [...coveredByMonth.keys()].filter((m) => covered(m) >= s.minDaysPerMonth).sort();
    if (months.length < s.minMonths) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const bySubject = new Map<string, { value: SeasonalValue; uses: MonthUse[] }>();
    const periods = input.reader.byPeriod(seasonalMonthly, input.from, input.to);
    for (const month of months) {
      for (const [key, v] of periods.get(month) ?? []) {
        if (v.subject === "entity" && (!entities.allows(v.id) || !entities.controllable(v.id))) continue;
        let entry = bySubject.get(key);
        if (!entry) {
          const uses = months.map((m) => ({
            month: m,
            covered: covered(m),
            coveredByWeekday: coveredByMonth.get(m)!,
            activeDays: 0,
            activeByWeekday: new Array<number>(7).fill(0),
            count: 0,
          }));
          entry = { value: v, uses };
          bySubject.set(key, entry);
        }
        const use = entry.uses.find((u) => u.month === month)!;
        use.activeDays = v.activeDays;
        use.activeByWeekday = v.weekdayDays ?? null;
        use.count = v.count;
      }
    }
    const findings: Finding[] = [];
    for (const [key, { value, uses }] of bySubject) {
      const { weekdays, rates } = onItsWeekdays(uses);
      const claim = seasonOf(rates, weekdays, s) ?? lastMonthTrend(rates, weekdays, s);
      if (claim) findings.push(this.finding(key, value, claim, weekdays, input));
    }
    return findings;
  }

  private finding(key: string, v: SeasonalValue, c: Claim, weekdays: number[], input: DetectorInput): Finding {
    const name = v.subject === "entity" ? entityName(v.id, input.registry) : `The ${v.id.replace(/_/g, " ")} area`;
    const automated = v.automated * 2 > v.count;
    return {
      type: "seasonal",
      key: `seasonal|${key}|${c.kind}|${c.months.map((m) => m.slice(5)).join(",")}`,
      entities: v.subject === "entity" ? [v.id] : [],
      area: v.subject === "entity" ? input.registry.areaOf(v.id) : v.id,
      summary: `${name} ${c.summary}${automated ? " (already automated)" : ""}`,
      confidence: round3(c.confidence),
      support: c.support,
      opportunities: c.opportunities,
      lift: round3(c.lift),
      usefulness: usefulness({
        confidence: c.confidence,
        regularity: c.regularity,
        automated,
        actionable: v.subject === "entity",
      }),
      automated,
      users: Object.entries(v.users)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([u]) => u),
      evidence: { days: [], months: c.evidence },
      params: { kind: c.kind, months: c.months.map((m) => Number(m.slice(5))), weekdays, subject: v.subject },
    };
  }
}

interface Claim {
  kind: "season" | "rising" | "falling";
  months: string[];
  summary: string;
  confidence: number;
  support: number;
  opportunities: number;
  lift: number;
  /** Share of the days that could have seen it on which it happened, where it happens most. */
  regularity: number;
  evidence: { month: string; activeDays: number; coveredDays: number }[];
}

/**
 * The weekdays it is ever used on, and each month's days in use against its days on those
 * weekdays: a heater used on Wednesdays and Fridays is judged by Wednesdays and Fridays. The
 * weekdays are chosen from the whole window, so they favour no month over another.
 */
function onItsWeekdays(uses: MonthUse[]): { weekdays: number[]; rates: MonthRate[] } {
  const split = uses.every((u) => u.activeByWeekday !== null);
  const weekdays = split
    ? [0, 1, 2, 3, 4, 5, 6].filter((w) => uses.some((u) => u.activeByWeekday![w] > 0))
    : [0, 1, 2, 3, 4, 5, 6];
  const rates = uses.map((u) => ({
    month: u.month,
    active: split ? weekdays.reduce((n, w) => n + u.activeByWeekday![w], 0) : u.activeDays,
    days: weekdays.reduce((n, w) => n + u.coveredByWeekday[w], 0),
  }));
  return { weekdays, rates };
}

/**
 * The run of consecutive months whose day rate clearly stands above the other months': both 95 %
 * intervals part and the rate is minSeasonLift times theirs. Of the runs that pass, the one that
 * explains the months best (the two-rate likelihood) is the season. Confidence: lower bound of the
 * share of its days in use that fall in the season.
 */
function seasonOf(rates: MonthRate[], weekdays: number[], s: SeasonalSettings): Claim | null {
  const total = rates.reduce((n, r) => n + r.active, 0);
  const totalDays = rates.reduce((n, r) => n + r.days, 0);
  if (total < s.minSupportDays) return null;
  let best: { claim: Claim; fit: number } | null = null;
  // A full year of consecutive months is a circle: winter runs from October over to March.
  const circle = rates.length === 12 && consecutive(rates.map((r) => r.month));
  for (let start = 0; start < rates.length; start++) {
    for (let length = 1; length < rates.length; length++) {
      if (!circle && start + length > rates.length) break;
      const run = Array.from({ length }, (_, i) => rates[(start + i) % rates.length]);
      const k = run.reduce((n, r) => n + r.active, 0);
      const n = run.reduce((m, r) => m + r.days, 0);
      const rest = { k: total - k, n: totalDays - n };
      if (k < s.minSupportDays || n === 0 || rest.n === 0) continue;
      const rate = k / n;
      const restRate = rest.k / rest.n;
      if (wilsonLowerBound(k, n, s.separationZ) <= wilsonUpperBound(rest.k, rest.n, s.separationZ)) continue;
      const lift = rate / Math.max(restRate, 1 / (rest.n + 1));
      const share = wilsonLowerBound(k, total);
      if (lift < s.minSeasonLift || share < s.minConfidence) continue;
      const fit = logLikelihood(k, n) + logLikelihood(rest.k, rest.n);
      // Equal fits: the tighter run.
      if (best && (fit < best.fit || (fit === best.fit && length >= best.claim.months.length))) continue;
      const names = run.map((r) => r.month);
      best = {
        fit,
        claim: {
          kind: "season",
          months: [...names].sort(),
          summary: `is used mostly in ${monthRange(names)}: on ${k} of ${n} ${daysWord(weekdays)} then, against ${rest.k} of ${rest.n} in the other months`,
          confidence: share,
          support: k,
          opportunities: total,
          lift,
          regularity: rate,
          evidence: rates.map((r) => ({ month: r.month, activeDays: r.active, coveredDays: r.days })),
        },
      };
    }
  }
  return best?.claim ?? null;
}

/** Log-likelihood of k days in use of n at their own rate (0 log 0 = 0). */
function logLikelihood(k: number, n: number): number {
  const p = k / n;
  return (k > 0 ? k * Math.log(p) : 0) + (n - k > 0 ? (n - k) * Math.log(1 - p) : 0);
}

/** The last month against the one before: a day rate that clearly rose or fell. */
function lastMonthTrend(rates: MonthRate[], weekdays: number[], s: SeasonalSettings): Claim | null {
  if (rates.length < 2) return null;
  const [before, last] = rates.slice(-2);
  if (!consecutive([before.month, last.month]) || before.days === 0 || last.days === 0) return null;
  const rising = last.active / last.days > before.active / before.days;
  const [low, high] = rising ? [before, last] : [last, before];
  const highLow = wilsonLowerBound(high.active, high.days, s.separationZ);
  const lowHigh = wilsonUpperBound(low.active, low.days, s.separationZ);
  if (
    high.active < s.minSupportDays ||
    highLow <= lowHigh ||
    high.active / high.days < s.minTrendFactor * (low.active / low.days)
  )
    return null;
  const confidence = wilsonLowerBound(high.active, high.days);
  const name = (m: string) => MONTH_NAMES[Number(m.slice(5)) - 1];
  const word = daysWord(weekdays);
  return {
    kind: rising ? "rising" : "falling",
    months: [before.month, last.month],
    summary: `was used on ${last.active} of ${last.days} ${word} in ${name(last.month)}, against ${before.active} of ${before.days} in ${name(before.month)}`,
    confidence,
    support: high.active,
    opportunities: high.days,
    lift: high.active / high.days / Math.max(1 / (low.days + 1), low.active / low.days),
    regularity: high.active / high.days,
    evidence: [before, last].map((r) => ({ month: r.month, activeDays: r.active, coveredDays: r.days })),
  };
}

/** "days", or the weekdays it is used on: "Wednesdays and Fridays". */
function daysWord(weekdays: number[]): string {
  if (weekdays.length === 7) return "days";
  const names = weekdays.map((w) => WEEKDAY_NAMES[w]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function consecutive(months: string[]): boolean {
  for (let i = 1; i < months.length; i++) {
    const [y1, m1] = months[i - 1].split("-").map(Number);
    const [y2, m2] = months[i].split("-").map(Number);
    if (y2 * 12 + m2 !== y1 * 12 + m1 + 1) return false;
  }
  return true;
}

function monthRange(months: string[]): string {
  const name = (m: string) => MONTH_NAMES[Number(m.slice(5)) - 1];
  return months.length === 1 ? name(months[0]) : `${name(months[0])} to ${name(months[months.length - 1])}`;
}
