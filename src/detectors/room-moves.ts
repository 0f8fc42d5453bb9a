// How people move between areas, read from room_based_daily: corridors, routes, their share and direction.
import type { RoomBasedValue } from "../layers/kinds/room-based-daily.js";
import type { FindingOf } from "../patterns/finding.js";

/** First hour and the hour after the last of a window of moves. */
export interface HourSpan {
  from: number;
  to: number;
}

/** A corridor carries at least this share of all the passes through any area. */
const MIN_SHARE_OF_ALL_PASSES = 0.25;

/** Areas that most moves into go straight through (a short stay, then on to a third area). */
export function corridorsOf(values: readonly RoomBasedValue[], minShare: number, minPasses: number): Set<string> {
  const entries = new Map<string, number>();
  const passes = new Map<string, number>();
  for (const v of values) {
    for (const [to, n] of Object.entries(v.transitions)) entries.set(to, (entries.get(to) ?? 0) + n);
    for (const [route, n] of Object.entries(v.throughTransitions)) {
      const via = route.slice(0, route.indexOf(">"));
      passes.set(via, (passes.get(via) ?? 0) + n);
    }
  }
  // With two people about, any room's visits are often cut short by the other's motion elsewhere
  // and look like passes (a bathroom reaches half); a corridor also carries a good part of all the
  // passes in the home.
  const total = [...passes.values()].reduce((a, b) => a + b, 0);
  const carries = (n: number) => n >= minPasses && n >= MIN_SHARE_OF_ALL_PASSES * total;
  return new Set(
    [...passes].filter(([area, n]) => carries(n) && n >= minShare * (entries.get(area) ?? 0)).map(([area]) => area),
  );
}

/** An area's moves ("to|hour", "via>to|hour" → count) summed over some days. */
export function movesOn(
  byDay: Map<string, Map<string, RoomBasedValue>>,
  days: readonly string[],
  area: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const day of days) {
    const row = byDay.get(day)?.get(area);
    if (row) for (const [key, n] of Object.entries(row.transitionHours)) out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

/** Share of all moves out of the area, in the window's hours, that reach `to`. */
export function routeShare(moves: Record<string, number>, to: string, w: HourSpan): number {
  let all = 0;
  let mine = 0;
  for (const [key, n] of Object.entries(moves)) {
    const hour = hourOf(key);
    if (hour < w.from || hour >= w.to) continue;
    const route = routeOf(key);
    if (!route.includes(">")) all += n;
    if (reaches(route, to)) mine += n;
  }
  return all > 0 ? mine / all : 0;
}

/** Moves from the area to `to` (straight or through a pass) arriving in the window's hours. */
export function movesInWindow(moves: Record<string, number>, to: string, w: HourSpan): number {
  let n = 0;
  for (const [key, count] of Object.entries(moves)) {
    const hour = hourOf(key);
    if (hour >= w.from && hour < w.to && reaches(routeOf(key), to)) n += count;
  }
  return n;
}

/** "to|hour" or "via>to|hour" → the route, "to" or "via>to". */
export const routeOf = (key: string) => key.slice(0, key.lastIndexOf("|"));
export const hourOf = (key: string) => Number(key.slice(key.lastIndexOf("|") + 1));
/** A route reaches an area straight ("to") or through a short pass ("via>to"). */
export const reaches = (route: string, to: string) => route === to || route.endsWith(`>${to}`);

/**
 * Areas people go to from this one, however they get there: whether the hallway sensor caught the
 * walk through it or not, going from the kitchen to the living room is one move.
 */
export function destinationsOf(value: RoomBasedValue): string[] {
  const through = Object.keys(value.throughTransitions).map((r) => r.slice(r.indexOf(">") + 1));
  return [...new Set([...Object.keys(value.transitions), ...through])].sort();
}

/** The way a move usually goes: through the corridor most of its walks cross, or straight. */
export function usualRoute(value: RoomBasedValue, to: string): string {
  const direct = value.transitions[to] ?? 0;
  const [via, n] = Object.entries(value.throughTransitions)
    .filter(([r]) => r.endsWith(`>${to}`))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [to, 0];
  return n > direct ? via : to;
}

/** A move into or out of the corridor of a reported route at the same time is part of that route. */
export function withoutCorridorSteps(findings: FindingOf<"room_based">[]): FindingOf<"room_based">[] {
  const routes = findings.flatMap((f) => (f.params.kind === "transition" && f.params.via ? [f.params] : []));
  return findings.filter(({ params: step }) => {
    if (step.kind !== "transition" || step.via) return true;
    return !routes.some((r) => {
      const sameTime = Math.abs(r.fromHour - step.fromHour) <= 1;
      const firstLeg = r.fromArea === step.fromArea && r.via === step.toArea;
      const secondLeg = r.via === step.fromArea && r.toArea === step.toArea;
      return sameTime && (firstLeg || secondLeg);
    });
  });
}
