// Routines regular enough that their absence is news: "the kitchen is always busy by 07:30".
import { weekdayOf } from "../../core/local-time.js";
import { isActiveState } from "../../layers/kinds/entity-classes.js";
import { type AnomalyValue, isPassive, type TimeBasedValue } from "../../layers/kinds/index.js";
import { type Sensitivity, THRESHOLDS } from "./anomaly-settings.js";

export type DayGroup = "weekday" | "weekend" | "all";

export type RoutineSubject = { kind: "entity"; entity: string } | { kind: "area"; area: string };

export interface RoutineExpectation {
  subject: RoutineSubject;
  group: DayGroup;
  /** Baseline days of the group. */
  eligible: number;
  /** First activity of each baseline day of the group that had one, minutes of day, sorted. */
  firsts: number[];
}

/** What a routine promises at one sensitivity. */
export interface RoutineDeadline {
  /** It started by this minute of day on `hits` of `eligible` days… */
  usual: number;
  hits: number;
  /** …typically around this minute… */
  typical: number;
  /** …so no activity by this minute means it was missed. */
  deadline: number;
  /** Predictive chance of a miss under the baseline (rule of succession). */
  missChance: number;
}

/** A routine that starts earlier than this is a late night, not a morning: its day boundary is unreliable. */
const EARLIEST_USUAL = 5 * 60;
/** Deadlines must fall inside the day they belong to. */
const LATEST_DEADLINE = 23 * 60 + 30;
const MIN_ELIGIBLE = 8;

export function groupOf(day: string): "weekday" | "weekend" {
  return weekdayOf(day) >= 5 ? "weekend" : "weekday";
}

export function subjectId(s: RoutineSubject): string {
  return s.kind === "entity" ? s.entity : `area:${s.area}`;
}

export function buildRoutineExpectations(
  days: readonly string[],
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  anomalyDays: Map<string, Map<string, AnomalyValue>>,
): RoutineExpectation[] {
  // subject id → day → first activity minute
  const firsts = new Map<string, { subject: RoutineSubject; byDay: Map<string, number> }>();
  const note = (subject: RoutineSubject, day: string, minute: number) => {
    const id = subjectId(subject);
    let entry = firsts.get(id);
    if (!entry) {
      entry = { subject, byDay: new Map() };
      firsts.set(id, entry);
    }
    const prev = entry.byDay.get(day);
    if (prev === undefined || minute < prev) entry.byDay.set(day, minute);
  };
  for (const [day, rows] of timeBased) {
    for (const v of rows.values()) {
      if (!isActiveState(v.entity, v.state) || isPassive(v.entity)) continue;
      const first = v.days[day]?.minutes[0];
      if (first !== undefined) note({ kind: "entity", entity: v.entity }, day, first);
    }
  }
  for (const [day, rows] of anomalyDays) {
    for (const v of rows.values()) {
      const first = v.subject === "area" ? v.days[day]?.firstMinute : null;
      if (first !== null && first !== undefined) note({ kind: "area", area: v.id }, day, first);
    }
  }
  const out: RoutineExpectation[] = [];
  for (const { subject, byDay } of firsts.values()) {
    for (const group of ["weekday", "weekend", "all"] as const) {
      const eligible = days.filter((d) => group === "all" || groupOf(d) === group);
      if (eligible.length < MIN_ELIGIBLE) continue;
      const values = eligible
        .map((d) => byDay.get(d))
        .filter((m): m is number => m !== undefined)
        .sort((a, b) => a - b);
      const expectation: RoutineExpectation = { subject, group, eligible: eligible.length, firsts: values };
      if (deadlineAt(expectation, "high")) out.push(expectation);
    }
  }
  return out;
}

/** The routine's promise at a sensitivity, or null when it is not regular enough for it. */
export function deadlineAt(e: RoutineExpectation, level: Sensitivity): RoutineDeadline | null {
  const t = THRESHOLDS[level];
  for (let i = 0; i < e.firsts.length; i++) {
    const hits = i + 1;
    const missChance = (e.eligible - hits + 1) / (e.eligible + 2);
    if (missChance > t.missChance) continue;
    // Equal minutes: count them all as hits at this time.
    if (i + 1 < e.firsts.length && e.firsts[i + 1] === e.firsts[i]) continue;
    const usual = e.firsts[i];
    const typical = e.firsts[Math.floor(i / 2)];
    if (usual < EARLIEST_USUAL) return null;
    const deadline = usual + Math.max(t.missMarginMinutes, 2 * (usual - typical));
    if (deadline > LATEST_DEADLINE) return null;
    return { usual, hits, typical, deadline, missChance };
  }
  return null;
}

/** The most specific regular expectation of a subject for a day (its day type before all days). */
export function expectationsFor(
  all: readonly RoutineExpectation[],
  day: string,
  level: Sensitivity,
): { e: RoutineExpectation; d: RoutineDeadline }[] {
  const group = groupOf(day);
  const bySubject = new Map<string, { e: RoutineExpectation; d: RoutineDeadline }>();
  for (const e of all) {
    if (e.group !== group && e.group !== "all") continue;
    const d = deadlineAt(e, level);
    if (!d) continue;
    const id = subjectId(e.subject);
    const current = bySubject.get(id);
    if (!current || (current.e.group === "all" && e.group !== "all")) bySubject.set(id, { e, d });
  }
  return [...bySubject.values()];
}

/** Missed routines whose deadlines fall this close together are one missed stretch of the day, reported once. */
export const MISS_GROUP_MINUTES = 60;

/** True when a miss at `deadline` belongs with one already reported at one of `reported`. */
export function sameMissedStretch(reported: readonly number[], deadline: number): boolean {
  return reported.some((m) => Math.abs(m - deadline) <= MISS_GROUP_MINUTES);
}
