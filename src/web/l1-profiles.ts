// Entity and area profiles computed straight from L1 (the last days of raw events), for when no L2 rows exist yet.
import type { Clock } from "../core/clock.js";
import type { HomeEvent } from "../core/home-event.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import { type RoomBasedValue, roomBasedDaily } from "../layers/kinds/room-based-daily.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type {
  AreaActivityResponse,
  AreaTransition,
  DurationBin,
  DurationsResponse,
  HeatmapResponse,
} from "./api-types.js";

/** States in which a device is "in use": an on-duration runs from entering one to leaving it. */
export const ACTIVE_STATES: ReadonlySet<string> = new Set(["on", "open", "playing", "home", "unlocked"]);

/** Upper bounds of the on-duration bins, seconds: under a minute up to four hours and more. */
const BIN_EDGES = [60, 300, 900, 1800, 3600, 7200, 14400];

export interface EntityProfiles {
  heatmap(entityId: string): HeatmapResponse | Promise<HeatmapResponse>;
  durations(entityId: string): DurationsResponse | Promise<DurationsResponse>;
}

export interface L1ProfileDeps {
  events: EventStore;
  time: LocalTime;
  clock: Clock;
  /** Local days looked at, today included. */
  days?: number;
}

/** The window of the last `days` local days, today included, up to now. */
export function recentDays(time: LocalTime, now: number, days: number): { days: string[]; from: number; to: number } {
  const today = time.dayOf(now);
  const list: string[] = [];
  for (let i = days - 1; i >= 0; i--) list.push(addDays(today, -i));
  return { days: list, from: time.dayBounds(list[0]).start, to: now + 1 };
}

/**
 * The last `days` local days, today included, from the first that holds a raw event: a home
 * listened to since this morning has been seen for one day, not seven. All of them when the home
 * was heard before them, or not at all.
 */
export function heldRecentDays(deps: L1ProfileDeps): { days: string[]; from: number; to: number } {
  const w = recentDays(deps.time, deps.clock.now(), deps.days ?? 7);
  if (deps.events.query({ from: 0, to: w.from, limit: 1 }).length > 0) return w;
  const first = deps.events.query({ from: w.from, to: w.to, limit: 1 })[0];
  if (!first) return w;
  const days = w.days.filter((d) => d >= deps.time.dayOf(first.ts));
  return { days, from: deps.time.dayBounds(days[0]).start, to: w.to };
}

export function hourOfWeekCells(events: readonly HomeEvent[], time: LocalTime): number[][] {
  const cells = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const e of events) {
    const p = time.parts(e.ts);
    cells[p.weekday][p.hour]++;
  }
  return cells;
}

/** Lengths (seconds) of the completed intervals spent in an active state, in time order. */
export function activeIntervals(events: readonly HomeEvent[]): number[] {
  const lengths: number[] = [];
  let since: number | null = null;
  for (const e of events) {
    const active = ACTIVE_STATES.has(e.state);
    if (active && since === null) since = e.ts;
    else if (!active && since !== null) {
      lengths.push((e.ts - since) / 1000);
      since = null;
    }
  }
  return lengths;
}

export function durationBins(lengths: readonly number[]): DurationBin[] {
  const bins: DurationBin[] = [];
  let from = 0;
  for (const edge of [...BIN_EDGES, null]) {
    bins.push({
      fromSec: from,
      toSec: edge,
      count: lengths.filter((l) => l >= from && (edge === null || l < edge)).length,
    });
    if (edge !== null) from = edge;
  }
  return bins;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function createL1EntityProfiles(deps: L1ProfileDeps): EntityProfiles {
  const window = (entityId: string) => {
    const w = heldRecentDays(deps);
    return { ...w, events: deps.events.query({ from: w.from, to: w.to, entities: [entityId] }) };
  };
  return {
    heatmap(entityId) {
      const w = window(entityId);
      return { entityId, source: "l1", days: w.days, cells: hourOfWeekCells(w.events, deps.time) };
    },
    durations(entityId) {
      const w = window(entityId);
      const lengths = activeIntervals(w.events);
      return {
        entityId,
        source: "l1",
        days: w.days,
        intervals: lengths.length,
        medianSec: median(lengths),
        bins: durationBins(lengths),
      };
    },
  };
}

export interface L1AreaDeps extends L1ProfileDeps {
  registry: RegistryStore;
}

/**
 * Activity per area by hour of week and the moves between areas, from the last days of L1: each
 * raw day counted as its room_based_daily row would be, so the panel and the area sensors read
 * the same figures before the first rollup as after it.
 */
export function l1AreaActivity(deps: L1AreaDeps): AreaActivityResponse {
  const w = heldRecentDays(deps);
  const names = new Map(deps.registry.listAreas().map((a) => [a.areaId, a.name]));
  const areaOf = (entity: string) => deps.registry.areaOf(entity);
  const rows = new Map<string, RoomBasedValue>();
  for (const day of w.days) {
    const bounds = deps.time.dayBounds(day);
    const end = Math.min(bounds.end, w.to);
    const events = deps.events.query({ from: bounds.start, to: end });
    const input = { day, start: bounds.start, end, events, carryIn: new Map(), time: deps.time, areaOf };
    for (const [area, row] of roomBasedDaily.computeDay(input)) {
      const before = rows.get(area);
      rows.set(area, before ? roomBasedDaily.merge(before, row) : row);
    }
  }
  const areas = [...rows.values()]
    .map((r) => {
      const hourOfWeek = new Array<number>(168).fill(0);
      for (const [how, n] of Object.entries(r.hourOfWeek)) hourOfWeek[Number(how)] += n;
      return { areaId: r.area, name: names.get(r.area) ?? r.area, hourOfWeek, total: r.events };
    })
    .filter((a) => a.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const transitions: AreaTransition[] = [...rows.values()]
    .flatMap((r) => Object.entries(r.transitions).map(([to, count]) => ({ from: r.area, to, count })))
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { source: "l1", days: w.days, areas, transitions: transitions.slice(0, 30) };
}
