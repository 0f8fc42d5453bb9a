// Entity and area profiles computed straight from L1 (the last days of raw events), for when no L2 rows exist yet.
import type { Clock } from "../core/clock.js";
import { domainOf, type HomeEvent } from "../core/home-event.js";
import { addDays, type LocalTime } from "../core/local-time.js";
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

/** Movement between areas counts when the next area becomes active within this time. */
const TRANSITION_GAP_MS = 10 * 60_000;
/** Domains whose changes say a person is in the room (not a sensor reading or the sun). */
export const PRESENCE_DOMAINS: ReadonlySet<string> = new Set([
  "binary_sensor",
  "light",
  "switch",
  "media_player",
  "cover",
]);

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
    const w = recentDays(deps.time, deps.clock.now(), deps.days ?? 7);
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

/** Activity per area by hour of week and the moves between areas, from the last days of L1. */
export function l1AreaActivity(deps: L1AreaDeps): AreaActivityResponse {
  const w = recentDays(deps.time, deps.clock.now(), deps.days ?? 7);
  const names = new Map(deps.registry.listAreas().map((a) => [a.areaId, a.name]));
  const areaCache = new Map<string, string | null>();
  const areaOf = (entity: string) => {
    if (!areaCache.has(entity)) areaCache.set(entity, deps.registry.areaOf(entity));
    return areaCache.get(entity) ?? null;
  };
  const perArea = new Map<string, number[]>();
  const moves = new Map<string, AreaTransition>();
  let last: { area: string; ts: number } | null = null;
  for (const e of deps.events.query({ from: w.from, to: w.to })) {
    const area = areaOf(e.entity);
    // Temperatures, power readings and the sun change all day: they say nothing about people.
    if (!area || !PRESENCE_DOMAINS.has(domainOf(e.entity))) continue;
    let hours = perArea.get(area);
    if (!hours) {
      hours = new Array<number>(168).fill(0);
      perArea.set(area, hours);
    }
    hours[deps.time.parts(e.ts).hourOfWeek]++;
    if (!ACTIVE_STATES.has(e.state)) continue;
    if (last && last.area !== area && e.ts - last.ts <= TRANSITION_GAP_MS) {
      const key = `${last.area}\u0000${area}`;
      const move = moves.get(key) ?? { from: last.area, to: area, count: 0 };
      move.count++;
      moves.set(key, move);
    }
    last = { area, ts: e.ts };
  }
  const areas = [...perArea]
    .map(([areaId, hourOfWeek]) => ({
      areaId,
      name: names.get(areaId) ?? areaId,
      hourOfWeek,
      total: hourOfWeek.reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const transitions = [...moves.values()].sort(
    (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return { source: "l1", days: w.days, areas, transitions: transitions.slice(0, 30) };
}
