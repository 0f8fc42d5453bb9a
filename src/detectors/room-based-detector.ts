// Detector 4, room_based: per area, the hours it is typically in use, and the moves people make between areas.
import { weekdayOf } from "../core/local-time.js";
import { topUsers } from "../layers/kinds/attribution.js";
import { type RoomBasedValue, roomBasedDaily } from "../layers/kinds/room-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { Detector, DetectorInput } from "./detector.js";
import {
  corridorsOf,
  destinationsOf,
  hourOf,
  movesInWindow,
  movesOn,
  reaches,
  routeOf,
  routeShare,
  usualRoute,
  withoutCorridorSteps,
} from "./room-moves.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { round3, usefulness } from "./scoring/usefulness.js";

export const ROOM_BASED_DEFAULTS = {
  windowDays: 28,
  /** Lowest Wilson lower bound of the share of days. */
  minConfidence: 0.6,
  minSupportDays: 5,
  /**
   * An hour is typical when the area is in use then this many times more often than in its quiet
   * hours (the lower quartile of its hours, at least one day). Not the average hour: a living room
   * busy from breakfast to bedtime at weekends has no hour at 1.5 times its average.
   */
  minActivityLift: 2,
  /** A move is typical at a time when it happens then this many times more often than in an average two hours. */
  minTransitionLift: 2,
  /**
   * A move must go more than this many times as often one way as back in its window. Two people in
   * two rooms make the sensors take turns, kitchen, living room, kitchen: "moves" both ways as often.
   */
  minDirection: 1,
  /** Of all moves out of the area in that window, at least this share must take this route. */
  minRouteShare: 0.4,
  /** An area most people only pass through on their way (a hallway) is a corridor: this share of the moves into it go on. */
  minCorridorShare: 0.5,
  /** Findings per area, kind (activity windows, moves) and day type (weekdays, weekends, daily), most confident first. */
  maxPerArea: 3,
};
export type RoomBasedSettings = typeof ROOM_BASED_DEFAULTS;

type DayGroup = "daily" | "weekdays" | "weekends";
const GROUP_WORDS: Record<DayGroup, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };

interface Window {
  group: DayGroup;
  /** First hour and the hour after the last (exclusive). */
  from: number;
  to: number;
  days: string[];
  groupDays: number;
  confidence: number;
  lift: number;
}

export class RoomBasedDetector implements Detector {
  readonly type = "room_based" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<RoomBasedSettings> = {}) {
    this.windowDays = defaults.windowDays ?? ROOM_BASED_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...ROOM_BASED_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const groups: Record<DayGroup, string[]> = {
      daily: covered,
      weekdays: covered.filter((d) => weekdayOf(d) < 5),
      weekends: covered.filter((d) => weekdayOf(d) >= 5),
    };
    const byDay = input.reader.byDay(roomBasedDaily, input.from, input.to);
    const names = new Map(input.registry.listAreas().map((a) => [a.areaId, a.name]));
    const nameOf = (area: string) => names.get(area) ?? area.replace(/_/g, " ");
    const findings: Finding[] = [];
    const merged = [...input.reader.merged(roomBasedDaily, input.from, input.to).values()];
    const corridors = corridorsOf(merged, s.minCorridorShare, s.minSupportDays);
    for (const value of merged) {
      const hoursOf = (day: string) => {
        const row = byDay.get(day)?.get(value.area);
        if (!row) return new Set<number>();
        // hourDays: hours with activity, and those a bed or seat mat held on.
        return new Set(Object.keys(row.hourDays).map((how) => Number(how) % 24));
      };
      // A corridor is busy whenever anyone goes anywhere: its hours restate the rooms' own.
      const activity = corridors.has(value.area)
        ? []
        : combine(groups, (days, group) => activityWindows(days, group, hoursOf, s));
      const windows = strongest(
        activity,
        (w) => w.group,
        (a, b) => b.confidence - a.confidence || a.from - b.from,
        s.maxPerArea,
      );
      for (const w of windows) findings.push(activityFinding(value, w, nameOf, input.registry));
      const moves: Finding[] = [];
      // A walk into or out of a corridor is half a move: where it began or ended is what tells.
      for (const to of corridors.has(value.area) ? [] : destinationsOf(value).filter((a) => !corridors.has(a))) {
        const hoursOfRoute = (day: string) => {
          const row = byDay.get(day)?.get(value.area);
          const hours = new Set<number>();
          if (row)
            for (const [key, n] of Object.entries(row.transitionHours))
              if (n > 0 && reaches(routeOf(key), to)) hours.add(hourOf(key));
          return hours;
        };
        for (const w of combine(groups, (days, group) => transitionWindows(days, group, hoursOfRoute, s))) {
          // Judged on the days it happened: weekday mornings' walks out of the front door say nothing of Saturday's.
          const here = movesOn(byDay, w.days, value.area);
          const oneWay =
            movesInWindow(here, to, w) > s.minDirection * movesInWindow(movesOn(byDay, w.days, to), value.area, w);
          if (oneWay && routeShare(here, to, w) >= s.minRouteShare)
            moves.push(transitionFinding(value, usualRoute(value, to), w, nameOf));
        }
      }
      findings.push(
        ...strongest(
          moves,
          (m) => m.params.dayType,
          (a, b) => b.confidence - a.confidence || (a.key < b.key ? -1 : 1),
          s.maxPerArea,
        ),
      );
    }
    return withoutCorridorSteps(findings);
  }
}

/**
 * Weekday and weekend windows, merged into a daily one when both cover the same hours. A window
 * over all days wins over the split ones it overlaps when it is at least as sure as each: a
 * resident whose weekends look like weekdays has every-day habits, and split in two one half can
 * fall under the bar (or both can) while the whole clears it.
 */
function combine(
  groups: Record<DayGroup, string[]>,
  windowsOf: (days: string[], group: DayGroup) => Window[],
): Window[] {
  const overlaps = (a: Window, b: Window) => a.from < b.to && b.from < a.to;
  let weekday = windowsOf(groups.weekdays, "weekdays");
  let weekend = windowsOf(groups.weekends, "weekends");
  const everyDay = windowsOf(groups.daily, "daily").filter((d) =>
    [...weekday, ...weekend].every((w) => !overlaps(w, d) || d.confidence >= w.confidence),
  );
  weekday = weekday.filter((w) => !everyDay.some((d) => overlaps(w, d)));
  weekend = weekend.filter((w) => !everyDay.some((d) => overlaps(w, d)));
  const out: Window[] = [...everyDay];
  const used = new Set<Window>();
  for (const w of weekday) {
    const twin = weekend.find((e) => !used.has(e) && e.from === w.from && e.to === w.to);
    if (twin) {
      used.add(twin);
      const days = [...w.days, ...twin.days].sort();
      const groupDays = w.groupDays + twin.groupDays;
      out.push({
        ...w,
        group: "daily",
        days,
        groupDays,
        confidence: wilsonLowerBound(days.length, groupDays),
        lift: Math.min(w.lift, twin.lift),
      });
    } else out.push(w);
  }
  for (const e of weekend) if (!used.has(e)) out.push(e);
  return out;
}

/** Runs of hours in which the area is in use on most days, and clearly more than in its quiet hours. */
function activityWindows(
  days: string[],
  group: DayGroup,
  hoursOf: (day: string) => Set<number>,
  s: RoomBasedSettings,
): Window[] {
  if (days.length === 0) return [];
  const perDay = days.map((d) => [d, hoursOf(d)] as const);
  const active = Array.from({ length: 24 }, (_, h) => perDay.filter(([, hours]) => hours.has(h)).length);
  const quiet = Math.max(1, [...active].sort((a, b) => a - b)[5]);
  const typical = active.map(
    (n) =>
      n >= s.minSupportDays && wilsonLowerBound(n, days.length) >= s.minConfidence && n >= s.minActivityLift * quiet,
  );
  const out: Window[] = [];
  for (let h = 0; h < 24; h++) {
    if (!typical[h] || (h > 0 && typical[h - 1])) continue;
    let end = h + 1;
    while (end < 24 && typical[end]) end++;
    const supporting = perDay.filter(([, hours]) => [...hours].some((x) => x >= h && x < end)).map(([d]) => d);
    const weakest = Math.min(...active.slice(h, end));
    out.push({
      group,
      from: h,
      to: end,
      days: supporting,
      groupDays: days.length,
      confidence: wilsonLowerBound(weakest, days.length),
      lift: weakest / quiet,
    });
  }
  return out;
}

/**
 * The two-hour windows in which a move happens on most days, when that is clearly a usual time for
 * it: the walk from the kitchen to the living room after breakfast and again after dinner.
 */
function transitionWindows(
  days: string[],
  group: DayGroup,
  hoursOf: (day: string) => Set<number>,
  s: RoomBasedSettings,
): Window[] {
  if (days.length === 0) return [];
  const perDay = days.map((d) => [d, hoursOf(d)] as const);
  const inWindow = (h: number) => perDay.filter(([, hours]) => hours.has(h) || hours.has((h + 1) % 24));
  const counts = Array.from({ length: 24 }, (_, h) => inWindow(h).length);
  const mean = counts.reduce((a, b) => a + b, 0) / 24;
  // On a tie the window that starts at the busier hour: 06:00–08:00 for moves at 06:40, not 05:00–07:00.
  const atHour = Array.from({ length: 24 }, (_, h) => perDay.filter(([, hours]) => hours.has(h)).length);
  const out: Window[] = [];
  const free = (h: number) => out.every((w) => Math.min((h - w.from + 24) % 24, (w.from - h + 24) % 24) >= 2);
  for (;;) {
    let best = -1;
    for (let h = 0; h < 24; h++) {
      if (free(h) && (best < 0 || counts[h] > counts[best] || (counts[h] === counts[best] && atHour[h] > atHour[best])))
        best = h;
    }
    if (best < 0) return out;
    const n = counts[best];
    const confidence = wilsonLowerBound(n, days.length);
    const lift = mean > 0 ? n / mean : 0;
    if (n < s.minSupportDays || confidence < s.minConfidence || lift < s.minTransitionLift) return out;
    out.push({
      group,
      from: best,
      to: best + 2,
      days: inWindow(best).map(([d]) => d),
      groupDays: days.length,
      confidence,
      lift,
    });
  }
}

/**
 * The first `limit` of each day type in `order`: weekends are fewer days, so what they show is less
 * certain, and must not push a clear weekday evening out of the list (nor it them).
 */
function strongest<T>(items: T[], groupOf: (item: T) => unknown, order: (a: T, b: T) => number, limit: number): T[] {
  return (["daily", "weekdays", "weekends"] as const).flatMap((group) =>
    items
      .filter((i) => groupOf(i) === group)
      .sort(order)
      .slice(0, limit),
  );
}

function hours(w: Window): string {
  const hh = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
  return `${hh(w.from)}–${hh(w.to)}`;
}

function activityFinding(
  value: RoomBasedValue,
  w: Window,
  nameOf: (area: string) => string,
  registry: RegistryStore,
): Finding {
  const devices = Object.entries(value.entities)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([e]) => e);
  void registry;
  return {
    type: "room_based",
    key: `room_based|activity|${value.area}|${w.group}|${w.from}`,
    // An area's pattern is about the room, not any one device: the devices used go in the evidence.
    entities: [],
    area: value.area,
    summary: `${nameOf(value.area)} is usually in use ${hours(w)} on ${w.days.length} of ${w.groupDays} ${GROUP_WORDS[w.group]}`,
    confidence: round3(w.confidence),
    support: w.days.length,
    opportunities: w.groupDays,
    lift: round3(w.lift),
    usefulness: usefulness({
      confidence: w.confidence,
      regularity: w.days.length / w.groupDays,
      automated: false,
      actionable: false,
    }),
    automated: value.automated > value.events,
    users: topUsers(value.users),
    evidence: { days: w.days, devices },
    params: { kind: "activity", dayType: w.group, fromHour: w.from, toHour: w.to },
  };
}

function transitionFinding(value: RoomBasedValue, route: string, w: Window, nameOf: (area: string) => string): Finding {
  const [via, to] = route.includes(">") ? route.split(">") : [null, route];
  return {
    type: "room_based",
    key: `room_based|transition|${value.area}|${via ?? ""}|${to}|${w.group}|${w.from}`,
    entities: [],
    area: value.area,
    summary:
      `People usually move from ${nameOf(value.area)} to ${nameOf(to)}${via ? ` through ${nameOf(via)}` : ""} ` +
      `between ${hours(w).replace("–", " and ")} on ${w.days.length} of ${w.groupDays} ${GROUP_WORDS[w.group]}`,
    confidence: round3(w.confidence),
    support: w.days.length,
    opportunities: w.groupDays,
    lift: round3(w.lift),
    usefulness: usefulness({
      confidence: w.confidence,
      regularity: w.days.length / w.groupDays,
      automated: false,
      actionable: false,
    }),
    automated: false,
    users: topUsers(value.users),
    evidence: { days: w.days },
    params: {
      kind: "transition",
      fromArea: value.area,
      toArea: to,
      via,
      dayType: w.group,
      fromHour: w.from,
      toHour: w.to,
    },
  };
}
