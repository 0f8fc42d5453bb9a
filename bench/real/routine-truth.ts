// The residents' routines from their own activity labels, by a rule fixed before any result was seen.
import { circularMinuteDistance } from "../../src/core/local-time.js";
import type { RealHome, Wall } from "./datasets.js";
import { haEntityOf } from "./home-entities.js";

/**
 * The rule (written on 2026-12-07 before the first detection run on these homes, unchanged since):
 * - Days: the local calendar days from the first to the last labelled activity start; a last day
 *   whose recording ends before 12:00 is no day (Ordóñez A ends at 07:22 on its 15th day).
 * - A routine is an activity started on at least 2/3 of those days inside one 60-minute window of
 *   the clock (circular, so 23:40–00:40 is one window). Each such window is one routine, so an
 *   activity done every morning and every night is two. A day counts once per window (its start
 *   nearest the window's centre), and a window that crosses midnight counts days from its start.
 * - Its time: the circular mean of those starts. Its sensors: those that turn on between one
 *   minute before and one minute after the labelled activity, on at least 1/3 of its days. Its
 *   rooms: the areas of those sensors.
 * - Found: a finding of the catalog names one of its rooms (as its area) or one of its sensors,
 *   and the finding's time of day lies within ±45 min of the routine's time (a finding with an
 *   hour range: the time lies in the range widened by 45 min each side; a finding with no time of
 *   day, such as a pair of devices, cannot find a routine).
 */
export const TRUTH_RULE = [
  "Days: the local calendar days from the first to the last labelled activity start; a last day whose recording ends before 12:00 is no day.",
  "A routine is an activity started on at least 2/3 of those days inside one 60-minute window of the clock (circular); each such window is one routine; a day counts once per window.",
  "Its time is the circular mean of those starts; its sensors are those that turn on from 1 min before to 1 min after the labelled activity on at least 1/3 of its days; its rooms are their areas.",
  "Found: a catalog finding names one of its rooms or one of its sensors, and the finding's time of day lies within ±45 min of the routine's time (an hour range widened by 45 min each side).",
];

export interface Routine {
  name: string;
  activity: string;
  /** Minute of day, circular mean. */
  minute: number;
  days: number;
  ofDays: number;
  entities: string[];
  areas: string[];
}

const DAY_MS = 86_400_000;

function dayIndex(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function wallMinutes(w: Wall): number {
  return dayIndex(w.day) * 1440 + w.second / 60;
}

function circularMean(minutes: number[]): number {
  let x = 0;
  let y = 0;
  for (const m of minutes) {
    x += Math.cos((2 * Math.PI * m) / 1440);
    y += Math.sin((2 * Math.PI * m) / 1440);
  }
  const a = Math.atan2(y, x);
  return Math.round((((a * 1440) / (2 * Math.PI)) % 1440) + 1440) % 1440;
}

export function labelledDays(home: RealHome): string[] {
  const starts = home.labels.map((l) => l.start.day).sort();
  const first = starts[0];
  let last = starts[starts.length - 1];
  const lastSensor = home.intervals.reduce(
    (w, i) => (wallMinutes(i.end) > wallMinutes(w) ? i.end : w),
    home.intervals[0].end,
  );
  if (lastSensor.day === last && lastSensor.second < 12 * 3600) last = addDay(last, -1);
  const days: string[] = [];
  for (let d = first; d <= last; d = addDay(d, 1)) days.push(d);
  return days;
}

function addDay(day: string, n: number): string {
  return new Date((dayIndex(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

export function homeRoutines(home: RealHome): Routine[] {
  const days = labelledDays(home);
  const daySet = new Set(days);
  const need = Math.ceil((2 / 3) * days.length - 1e-9);
  const out: Routine[] = [];
  const activities = [...new Set(home.labels.map((l) => l.activity))].sort();
  for (const activity of activities) {
    const labels = home.labels.filter((l) => l.activity === activity && daySet.has(l.start.day));
    const taken: number[] = [];
    for (;;) {
      // The 60-minute window (centre c, ±30 min) started on the most days, away from windows taken.
      let best: { centre: number; byDay: Map<number, (typeof labels)[number]> } | null = null;
      for (let c = 0; c < 1440; c++) {
        if (taken.some((t) => circularMinuteDistance(t, c) < 60)) continue;
        const byDay = new Map<number, (typeof labels)[number]>();
        for (const l of labels) {
          const m = l.start.second / 60;
          if (circularMinuteDistance(m, c) > 30) continue;
          // The window's own day: the day its earliest minute falls on.
          const key = Math.floor((wallMinutes(l.start) - (c - 30)) / 1440);
          const had = byDay.get(key);
          if (!had || circularMinuteDistance(had.start.second / 60, c) > circularMinuteDistance(m, c))
            byDay.set(key, l);
        }
        if (!best || byDay.size > best.byDay.size) best = { centre: c, byDay };
      }
      if (!best || best.byDay.size < need) break;
      taken.push(best.centre);
      const chosen = [...best.byDay.values()];
      const minute = circularMean(chosen.map((l) => l.start.second / 60));
      const entities = sensorsOf(home, chosen);
      const areas = [...new Set(entities.map((e) => e.area))].sort();
      out.push({
        name: `${activity} ${clock(minute)}`,
        activity,
        minute,
        days: chosen.length,
        ofDays: days.length,
        entities: entities.map((e) => e.entityId).sort(),
        areas,
      });
    }
  }
  return out.sort((a, b) => a.minute - b.minute);
}

function sensorsOf(home: RealHome, labels: { start: Wall; end: Wall }[]) {
  const counts = new Map<string, number>();
  for (const l of labels) {
    const from = wallMinutes(l.start) - 1;
    const to = wallMinutes(l.end) + 1;
    const seen = new Set<string>();
    for (const i of home.intervals) {
      const m = wallMinutes(i.start);
      if (m >= from && m <= to) seen.add(i.sensor);
    }
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n >= labels.length / 3)
    .map(([s]) => haEntityOf(home.name, s))
    .filter((e, i, all) => all.findIndex((x) => x.entityId === e.entityId) === i);
}

export function clock(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
