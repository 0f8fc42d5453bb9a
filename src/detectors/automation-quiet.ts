// Automations that went quiet: ran on most days of their usual weeks, silent now for twice their usual gap.

import type { AutomationRunDay } from "../automations/automation-run-days.js";
import { addDays, daysBetween, type LocalTime } from "../core/local-time.js";

/** Eight weeks of run days are judged. */
export const QUIET_WINDOW_DAYS = 56;
/** Ran on at least this share of the days of the weeks in which it ran at all. */
const MIN_DAY_SHARE = 0.5;
/** Silent for this many times its usual gap between run days… */
const GAP_FACTOR = 2;
/** …and never for less than this many days. */
const MIN_SILENT_DAYS = 2;
/** Fewer run days say nothing about a usual gap. */
const MIN_RUN_DAYS = 4;

export interface QuietAutomation {
  automation: string;
  name: string;
  /** Epoch ms of its newest run. */
  lastRun: number;
  lastRunDay: string;
  /** Median whole days between two run days. */
  usualGapDays: number;
  /** Days after its last run day up to the newest day any automation ran, none with a run of its own. */
  silentDays: number;
  /** Days with runs, of the days of the weeks in which it ran. */
  runDays: number;
  ofDays: number;
}

/**
 * Judges each automation on the run days up to `to`. Weeks are counted back from its last run day,
 * so the silence itself never dilutes the weeks it was usual in; the first week counts only from
 * its first run (the add-on may have started hearing runs mid-week). Silence counts only up to the
 * newest day any automation was heard: days the add-on was stopped or cut off from Home Assistant
 * are not evidence that an automation stopped.
 */
export function quietAutomations(runDays: readonly AutomationRunDay[], to: string): QuietAutomation[] {
  const byAutomation = new Map<string, AutomationRunDay[]>();
  let heardUntil = "";
  for (const r of runDays) {
    if (r.day > to) continue;
    byAutomation.set(r.automation, [...(byAutomation.get(r.automation) ?? []), r]);
    if (r.day > heardUntil) heardUntil = r.day;
  }
  const out: QuietAutomation[] = [];
  for (const [automation, rows] of byAutomation) {
    const days = rows.map((r) => r.day).sort();
    if (days.length < MIN_RUN_DAYS) continue;
    const first = days[0];
    const last = days[days.length - 1];
    const weeks = new Map<number, number>();
    for (const day of days) {
      const week = Math.floor(daysBetween(day, last) / 7);
      weeks.set(week, (weeks.get(week) ?? 0) + 1);
    }
    let ofDays = 0;
    for (const week of weeks.keys()) ofDays += Math.min(7, daysBetween(first, addDays(last, -7 * week)) + 1);
    if (days.length / ofDays < MIN_DAY_SHARE) continue;
    const gaps = days.slice(1).map((d, i) => daysBetween(days[i], d));
    const usualGapDays = median(gaps);
    const silentDays = daysBetween(last, heardUntil);
    if (silentDays < Math.max(MIN_SILENT_DAYS, GAP_FACTOR * usualGapDays)) continue;
    const newest = rows.reduce((a, b) => (b.lastTs > a.lastTs ? b : a));
    out.push({
      automation,
      name: newest.name,
      lastRun: newest.lastTs,
      lastRunDay: last,
      usualGapDays,
      silentDays,
      runDays: days.length,
      ofDays,
    });
  }
  return out.sort((a, b) => (a.automation < b.automation ? -1 : 1));
}

/** "Automation 'Morning lights' has not run since Tue 07:00; it usually runs every day". */
export function quietSummary(q: QuietAutomation, time: LocalTime): string {
  const p = time.parts(q.lastRun);
  const clock = `${pad(p.hour)}:${pad(p.minute)}`;
  const when = q.silentDays < 7 ? `${WEEKDAYS[p.weekday]} ${clock}` : `${q.lastRunDay} ${clock}`;
  const usual = q.usualGapDays === 1 ? "every day" : `every ${q.usualGapDays} days`;
  return `Automation '${q.name}' has not run since ${when}; it usually runs ${usual}`;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const pad = (n: number) => String(n).padStart(2, "0");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}
