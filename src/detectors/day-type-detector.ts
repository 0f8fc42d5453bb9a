// Detector 8, day_type: what an entity does differently by day type — later at weekends, only on some weekdays.
import { weekdayOf } from "../core/local-time.js";
import { type DayTypeValue, dayTypeDaily } from "../layers/kinds/day-type-daily.js";
import { isActiveState } from "../layers/kinds/entity-classes.js";
import type { FindingOf } from "../patterns/finding.js";
import type { Detector, DetectorInput } from "./detector.js";
import {
  circularDifference,
  circularMinuteDistance,
  circularSummary,
  formatMinuteOfDay,
} from "./scoring/circular-time.js";
import { wilsonLowerBound, wilsonUpperBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, stateVerb } from "./scoring/wording.js";

type DayTypeFinding = FindingOf<"day_type">;

export const DAY_TYPE_DEFAULTS = {
  windowDays: 56,
  minConfidence: 0.5,
  /** Days of each day type on which it happened, at least. */
  minSupportDays: 4,
  /** Weekday and weekend times this far apart (minutes, circular) are two habits… */
  minShiftMinutes: 40,
  /** …and each day type's times spread at most this much (circular standard deviation). */
  maxSpreadMinutes: 40,
  /** A day's first change this far from its day type's centre still counts for it. */
  radiusMinutes: 60,
  /** "Only on some days": the lower bound of the rate on those days at least this… */
  minInRate: 0.5,
  /** …and the upper bound on the other days at most this. */
  maxOutRate: 0.2,
  maxChangesPerDay: 80,
  includePassive: false,
};
export type DayTypeSettings = typeof DAY_TYPE_DEFAULTS;

const WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

interface GroupTiming {
  centre: number;
  spread: number;
  hits: Map<string, number>;
  days: string[];
}

export class DayTypeDetector implements Detector {
  readonly type = "day_type" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<DayTypeSettings> = {}) {
    this.windowDays = defaults.windowDays ?? DAY_TYPE_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): DayTypeFinding[] {
    const s = readSettings({ ...DAY_TYPE_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const findings: DayTypeFinding[] = [];
    for (const value of input.reader.merged(dayTypeDaily, input.from, input.to).values()) {
      if (!isActiveState(value.entity, value.state) || !entities.allows(value.entity)) continue;
      if (!s.includePassive && !entities.speaksFor(value.entity)) continue;
      const shift = timeShift(value, covered, s);
      if (shift) findings.push(this.shiftFinding(value, shift, input, s));
      const only = someDaysOnly(value, covered, s);
      if (only) findings.push(this.someDaysFinding(value, only, input));
    }
    return oneStatePerHabit(findings);
  }

  private shiftFinding(
    value: DayTypeValue,
    t: { weekday: GroupTiming; weekend: GroupTiming; confidence: number },
    input: DetectorInput,
    s: DayTypeSettings,
  ): DayTypeFinding {
    const { weekday: w, weekend: e } = t;
    const shift = Math.round(circularDifference(w.centre, e.centre));
    const days = [...w.hits.keys(), ...e.hits.keys()].sort();
    const automated = days.filter((d) => value.days[d].automated === value.days[d].count).length * 2 > days.length;
    const name = entityName(value.entity, input.registry);
    const support = w.hits.size + e.hits.size;
    const opportunities = w.days.length + e.days.length;
    return {
      type: "day_type",
      key: `day_type|${value.entity}|${value.state}|shift`,
      entities: [value.entity],
      area: input.registry.areaOf(value.entity),
      summary:
        `${name} ${stateVerb(value.entity, value.state, input.registry)} around ${formatMinuteOfDay(w.centre)} on weekdays (${w.hits.size} of ${w.days.length})` +
        ` and around ${formatMinuteOfDay(e.centre)} at weekends (${e.hits.size} of ${e.days.length}), ${Math.abs(shift)} min ${shift > 0 ? "later" : "earlier"}` +
        (automated ? " (already automated)" : ""),
      confidence: round3(t.confidence),
      support,
      opportunities,
      usefulness: usefulness({
        confidence: t.confidence,
        regularity: support / opportunities,
        automated,
        actionable: true,
      }),
      automated,
      users: topUsersOf(value),
      evidence: { days, weekdayMinutes: [...w.hits.values()], weekendMinutes: [...e.hits.values()] },
      params: {
        state: value.state,
        kind: "shift",
        weekdayMinuteOfDay: w.centre,
        weekendMinuteOfDay: e.centre,
        weekdayTime: formatMinuteOfDay(w.centre),
        weekendTime: formatMinuteOfDay(e.centre),
        weekdaySpreadMinutes: round3(w.spread),
        weekendSpreadMinutes: round3(e.spread),
        shiftMinutes: shift,
        windowMinutes: s.radiusMinutes,
      },
    };
  }

  private someDaysFinding(
    value: DayTypeValue,
    o: {
      weekdays: number[];
      inDays: string[];
      hits: string[];
      outDays: string[];
      outHits: string[];
      confidence: number;
    },
    input: DetectorInput,
  ): DayTypeFinding {
    const label = dayLabel(o.weekdays);
    const name = entityName(value.entity, input.registry);
    const automated = o.hits.filter((d) => value.days[d].automated === value.days[d].count).length * 2 > o.hits.length;
    return {
      type: "day_type",
      key: `day_type|${value.entity}|${value.state}|days|${o.weekdays.join("")}`,
      entities: [value.entity],
      area: input.registry.areaOf(value.entity),
      summary:
        `${name} ${stateVerb(value.entity, value.state, input.registry)} on ${o.hits.length} of ${o.inDays.length} ${label} but only ${o.outHits.length} of ${o.outDays.length} other days` +
        (automated ? " (already automated)" : ""),
      confidence: round3(o.confidence),
      support: o.hits.length,
      opportunities: o.inDays.length,
      lift: round3(
        o.hits.length /
          o.inDays.length /
          Math.max(1 / (o.outDays.length + 1), o.outHits.length / Math.max(1, o.outDays.length)),
      ),
      usefulness: usefulness({
        confidence: o.confidence,
        regularity: o.hits.length / o.inDays.length,
        automated,
        actionable: true,
      }),
      automated,
      users: topUsersOf(value),
      evidence: { days: o.hits, otherDays: o.outHits },
      params: { state: value.state, kind: "days", weekdays: o.weekdays, dayType: label },
    };
  }
}

/** Weekday and weekend first times that are each regular and clearly apart. */
function timeShift(value: DayTypeValue, covered: string[], s: DayTypeSettings) {
  const weekday = groupTiming(
    value,
    covered.filter((d) => weekdayOf(d) < 5),
    s,
  );
  const weekend = groupTiming(
    value,
    covered.filter((d) => weekdayOf(d) >= 5),
    s,
  );
  if (!weekday || !weekend) return null;
  const apart = circularMinuteDistance(weekday.centre, weekend.centre);
  if (apart < Math.max(s.minShiftMinutes, 2 * Math.max(weekday.spread, weekend.spread))) return null;
  // The claim holds on a day when that day's first change is near its own day type's time.
  const confidence = wilsonLowerBound(weekday.hits.size + weekend.hits.size, weekday.days.length + weekend.days.length);
  if (confidence < s.minConfidence) return null;
  return { weekday, weekend, confidence };
}

/** The day type's first changes of the day around their circular mean, re-centred once. */
function groupTiming(value: DayTypeValue, days: string[], s: DayTypeSettings): GroupTiming | null {
  const firsts = new Map<string, number>();
  for (const d of days) if (value.days[d]) firsts.set(d, value.days[d].first);
  if (firsts.size < s.minSupportDays) return null;
  let centre = circularSummary([...firsts.values()]).mean;
  let hits = new Map<string, number>();
  for (let pass = 0; pass < 2; pass++) {
    hits = new Map([...firsts].filter(([, m]) => circularMinuteDistance(m, centre) <= s.radiusMinutes));
    if (hits.size === 0) return null;
    centre = circularSummary([...hits.values()]).mean;
  }
  const spread = circularSummary([...hits.values()]).spread;
  if (hits.size < s.minSupportDays || spread > s.maxSpreadMinutes) return null;
  return { centre, spread, hits, days };
}

/** Weekdays on which it (almost) always happens while on the others it (almost) never does. */
function someDaysOnly(value: DayTypeValue, covered: string[], s: DayTypeSettings) {
  const used = (d: string) => value.days[d] !== undefined;
  const rate = (w: number) => {
    const days = covered.filter((d) => weekdayOf(d) === w);
    return days.length ? days.filter(used).length / days.length : 0;
  };
  const weekdays = [0, 1, 2, 3, 4, 5, 6].filter((w) => rate(w) >= 0.5);
  if (weekdays.length === 0 || weekdays.length === 7) return null;
  const inDays = covered.filter((d) => weekdays.includes(weekdayOf(d)));
  const outDays = covered.filter((d) => !weekdays.includes(weekdayOf(d)));
  const hits = inDays.filter(used);
  const outHits = outDays.filter(used);
  if (hits.length < s.minSupportDays) return null;
  const inLow = wilsonLowerBound(hits.length, inDays.length);
  const outHigh = wilsonUpperBound(outHits.length, outDays.length);
  if (inLow < s.minInRate || outHigh > s.maxOutRate) return null;
  // The claim is both "on these days" and "not on the others": the weaker bound.
  const confidence = Math.min(inLow, 1 - outHigh);
  if (confidence < s.minConfidence) return null;
  return { weekdays, inDays, hits, outDays, outHits, confidence };
}

/**
 * Two active states of one entity with the same day-type habit ("on" and "playing" of a TV) are
 * one habit: the most confident is kept, "on" first among equals.
 */
function oneStatePerHabit(findings: DayTypeFinding[]): DayTypeFinding[] {
  const kept: DayTypeFinding[] = [];
  const ordered = [...findings].sort(
    (a, b) =>
      b.confidence - a.confidence ||
      Number(b.params.state === "on") - Number(a.params.state === "on") ||
      (a.key < b.key ? -1 : 1),
  );
  for (const f of ordered) {
    const twin = kept.some((k) => {
      if (k.entities[0] !== f.entities[0]) return false;
      const [a, b] = [k.params, f.params];
      if (a.kind === "days" && b.kind === "days") return JSON.stringify(a.weekdays) === JSON.stringify(b.weekdays);
      return (
        a.kind === "shift" &&
        b.kind === "shift" &&
        circularMinuteDistance(a.weekdayMinuteOfDay, b.weekdayMinuteOfDay) <= 15 &&
        circularMinuteDistance(a.weekendMinuteOfDay, b.weekendMinuteOfDay) <= 15
      );
    });
    if (!twin) kept.push(f);
  }
  return kept;
}

function dayLabel(weekdays: number[]): string {
  if (weekdays.join() === "0,1,2,3,4") return "weekdays";
  if (weekdays.join() === "5,6") return "weekend days";
  const names = weekdays.map((w) => WEEKDAY_NAMES[w]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function topUsersOf(value: DayTypeValue): string[] {
  return Object.entries(value.users)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([u]) => u);
}
