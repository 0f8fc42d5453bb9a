// Which of a home's routines the catalog found, by the rule in routine-truth.ts.
import { circularMinuteDistance } from "../../src/core/local-time.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import type { Routine } from "./routine-truth.js";

export const areaId = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/** The finding's time of day: a minute, or an hour range [from, to) in minutes; null when it has none. */
export function findingTime(p: StoredPattern): { from: number; to: number } | null {
  const q = p.params as Record<string, unknown>;
  const minute = [q.minuteOfDay, q.startMinuteOfDay, q.weekdayMinuteOfDay].find((m) => typeof m === "number");
  if (typeof minute === "number") return { from: minute, to: minute };
  if (typeof q.fromHour === "number" && typeof q.toHour === "number")
    return { from: q.fromHour * 60, to: q.toHour * 60 };
  return null;
}

/** Rooms a finding names: its area, a move's two ends, a session's areas. */
export function findingAreas(p: StoredPattern): string[] {
  const q = p.params as Record<string, unknown>;
  const out = [p.area, q.fromArea, q.toArea, ...(Array.isArray(q.areas) ? q.areas : [])];
  return out.filter((a): a is string => typeof a === "string");
}

function near(minute: number, t: { from: number; to: number }): boolean {
  if (t.from === t.to) return circularMinuteDistance(minute, t.from) <= 45;
  const span = (t.to - t.from + 1440) % 1440 || 1440;
  const offset = (minute - (t.from - 45) + 2880) % 1440;
  return offset <= span + 90;
}

export function finds(p: StoredPattern, r: Routine): boolean {
  const t = findingTime(p);
  if (!t || !near(r.minute, t)) return false;
  const rooms = new Set(r.areas.map(areaId));
  return p.entities.some((e) => r.entities.includes(e)) || findingAreas(p).some((a) => rooms.has(areaId(a)));
}

export function matchRoutines(routines: Routine[], patterns: StoredPattern[]) {
  return routines.map((routine) => ({ routine, by: patterns.filter((p) => finds(p, routine)) }));
}
