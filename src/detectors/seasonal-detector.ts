// Detector 10, seasonal: use that belongs to a season, and month-over-month changes, per entity and area.
import { monthOf } from "../core/local-time.js";
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
  /** In-season share of the days in use over the season's share of all days, lower bound, at least. */
  minSeasonLift: 2,
  /** Month over month: the day rates' 95 % intervals must not overlap and differ by at least this factor. */
  minTrendFactor: 2,
  maxChangesPerDay: 80,
};
export type SeasonalSettings = typeof SEASONAL_DEFAULTS;

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

interface MonthUse {
  month: string;
  covered: number;
  activeDays: number;
  count: number;
}

export class SeasonalDetector implements Detector {
  readonly type = "seasonal" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<SeasonalSettings> = {}) {
    this.windowDays = defaults.windowDays ?? SEASONAL_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...SEASONAL_DEFAULTS, ...this.defaults }, input.settings);
    const coveredByMonth = new Map<string, number>();
    for (const day of input.reader.coveredDays(input.from, input.to)) coveredByMonth.set(monthOf(day), (coveredByMonth.get(monthOf(day)) ?? 0) + 1);
    const months = [...coveredByMonth].filter(([, n]) => n >= s.minDaysPerMonth).map(([m]) => m).sort();
    if (months.length < s.minMonths) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const bySubject = new Map<string, { value: SeasonalValue; uses: MonthUse[] }>();
    const periods = input.reader.byPeriod(seasonalMonthly, input.from, input.to);
    for (const month of months) {
      for (const [key, v] of periods.get(month) ?? []) {
        if (v.subject === "entity" && (!entities.allows(v.id) || !entities.controllable(v.id))) continue;
        let entry = bySubject.get(key);
        if (!entry) bySubject.set(key, (entry = { value: v, uses: months.map((m) => ({ month: m, covered: coveredByMonth.get(m)!, activeDays: 0, count: 0 })) }));
        const use = entry.uses.find((u) => u.month === month)!;
        use.activeDays = v.activeDays;
        use.count = v.count;
      }
    }
    const findings: Finding[] = [];
    for (const [key, { value, uses }] of bySubject) {
      const season = seasonOf(uses, s);
      if (season) findings.push(this.finding(key, value, season, input));
      else {
        const trend = lastMonthTrend(uses, s);
        if (trend) findings.push(this.finding(key, value, trend, input));
      }
    }
    return findings;
  }

  private finding(key: string, v: SeasonalValue, c: Claim, input: DetectorInput): Finding {
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
      usefulness: usefulness({ confidence: c.confidence, regularity: c.support / Math.max(1, c.opportunities), automated, actionable: v.subject === "entity" }),
      automated,
      users: Object.entries(v.users).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([u]) => u),
      evidence: { days: [], months: c.evidence },
      params: { kind: c.kind, months: c.months.map((m) => Number(m.slice(5))), subject: v.subject },
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
  evidence: { month: string; activeDays: number; coveredDays: number }[];
}

/** The run of consecutive months holding most of the days in use, far beyond its share of the days. */
function seasonOf(uses: MonthUse[], s: SeasonalSettings): Claim | null {
  const total = uses.reduce((n, u) => n + u.activeDays, 0);
  const coveredTotal = uses.reduce((n, u) => n + u.covered, 0);
  if (total < s.minSupportDays) return null;
  let best: Claim | null = null;
  // A full year of consecutive months is a circle: winter runs from October over to March.
  const circle = uses.length === 12 && consecutive(uses.map((u) => u.month));
  for (let start = 0; start < uses.length; start++) {
    for (let length = 1; length < uses.length; length++) {
      if (!circle && start + length > uses.length) break;
      const run = Array.from({ length }, (_, i) => uses[(start + i) % uses.length]);
      const k = run.reduce((n, u) => n + u.activeDays, 0);
      const covered = run.reduce((n, u) => n + u.covered, 0);
      if (k < s.minSupportDays) continue;
      const share = wilsonLowerBound(k, total);
      const lift = share / (covered / coveredTotal);
      if (lift < s.minSeasonLift || share < s.minConfidence) continue;
      // Prefer the tightest run that explains as much.
      if (best && (share < best.confidence || (share === best.confidence && run.length >= best.months.length))) continue;
      best = {
        kind: "season",
        months: run.map((u) => u.month).sort(),
        summary: `is used mostly in ${monthRange(run.map((u) => u.month))}: ${k} of its ${total} days in use, in ${covered} of ${coveredTotal} days`,
        confidence: share,
        support: k,
        opportunities: total,
        lift,
        evidence: uses.map((u) => ({ month: u.month, activeDays: u.activeDays, coveredDays: u.covered })),
      };
    }
  }
  return best;
}

/** The last month against the one before: a day rate that clearly rose or fell. */
function lastMonthTrend(uses: MonthUse[], s: SeasonalSettings): Claim | null {
  if (uses.length < 2) return null;
  const [before, last] = uses.slice(-2);
  if (!consecutive([before.month, last.month])) return null;
  const rising = last.activeDays / last.covered > before.activeDays / before.covered;
  const [low, high] = rising ? [before, last] : [last, before];
  const z = 1.96;
  const highLow = wilsonLowerBound(high.activeDays, high.covered, z);
  const lowHigh = wilsonUpperBound(low.activeDays, low.covered, z);
  if (high.activeDays < s.minSupportDays || highLow <= lowHigh || high.activeDays / high.covered < s.minTrendFactor * (low.activeDays / low.covered)) return null;
  const confidence = wilsonLowerBound(high.activeDays, high.covered);
  const name = (m: string) => MONTH_NAMES[Number(m.slice(5)) - 1];
  return {
    kind: rising ? "rising" : "falling",
    months: [before.month, last.month],
    summary: `was used on ${last.activeDays} of ${last.covered} days in ${name(last.month)}, against ${before.activeDays} of ${before.covered} in ${name(before.month)}`,
    confidence,
    support: high.activeDays,
    opportunities: high.covered,
    lift: (high.activeDays / high.covered) / Math.max(1 / (low.covered + 1), low.activeDays / low.covered),
    evidence: [before, last].map((u) => ({ month: u.month, activeDays: u.activeDays, coveredDays: u.covered })),
  };
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
