// Entity and area profiles from the L2 daily aggregates when the days are rolled up, else from L1.
import type { Clock } from "../core/clock.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import { anomalyDaily, type Counts, durationBinStart, durationDaily, roomBasedDaily } from "../layers/kinds/index.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { AreaActivityResponse, DurationBin, HeatmapResponse } from "./api-types.js";
import { createL1EntityProfiles, durationBins, type EntityProfiles, l1AreaActivity } from "./l1-profiles.js";

export interface LayeredProfileDeps {
  reader: WindowReader;
  events: EventStore;
  registry: RegistryStore;
  time: LocalTime;
  clock: Clock;
  /** Closed local days read from L2, ending yesterday. Default 28: four of each weekday. */
  days?: number;
  /** Days of L1 read when L2 has nothing yet. Default 7. */
  rawDays?: number;
}

/** The closed days of the window that have been rolled up, oldest first. */
function coveredWindow(deps: LayeredProfileDeps): { from: string; to: string; days: string[] } {
  const to = addDays(deps.time.dayOf(deps.clock.now()), -1);
  const from = addDays(to, -((deps.days ?? 28) - 1));
  return { from, to, days: deps.reader.coveredDays(from, to) };
}

function hourOfWeekArray(counts: Counts): number[] {
  const hours = new Array<number>(168).fill(0);
  for (const [how, n] of Object.entries(counts)) {
    const h = Number(how);
    if (h >= 0 && h < 168) hours[h] += n;
  }
  return hours;
}

/**
 * L2 keeps on-durations in half-power-of-two bins; each is counted in the display bin that holds
 * its geometric middle, and the median is the middle of the bin where half the intervals are reached.
 */
function rebin(histogram: Counts): { bins: DurationBin[]; medianSec: number | null; intervals: number } {
  const middles: number[] = [];
  const entries = Object.entries(histogram)
    .map(([bin, n]) => ({ start: durationBinStart(Number(bin)), end: durationBinStart(Number(bin) + 1), n }))
    .sort((a, b) => a.start - b.start);
  for (const { start, end, n } of entries) {
    const middle = start === 0 ? end / 2 : Math.sqrt(start * end);
    for (let i = 0; i < n; i++) middles.push(middle);
  }
  const intervals = middles.length;
  return {
    bins: durationBins(middles),
    medianSec: intervals ? Math.round(middles[(intervals - 1) >> 1]) : null,
    intervals,
  };
}

export function createLayeredEntityProfiles(deps: LayeredProfileDeps): EntityProfiles {
  const raw = createL1EntityProfiles({ events: deps.events, time: deps.time, clock: deps.clock, days: deps.rawDays });
  return {
    heatmap(entityId): HeatmapResponse | Promise<HeatmapResponse> {
      const w = coveredWindow(deps);
      const row = w.days.length ? deps.reader.merged(anomalyDaily, w.from, w.to).get(`entity|${entityId}`) : undefined;
      // Numeric sensors have no L2 row (their readings are not habits): their raw events still tell a story.
      if (!row) return raw.heatmap(entityId);
      const hours = hourOfWeekArray(row.hourSum);
      return {
        entityId,
        source: "l2",
        days: w.days,
        cells: Array.from({ length: 7 }, (_, d) => hours.slice(d * 24, d * 24 + 24)),
      };
    },
    durations(entityId) {
      const w = coveredWindow(deps);
      const row = w.days.length ? deps.reader.merged(durationDaily, w.from, w.to).get(entityId) : undefined;
      if (!row) return raw.durations(entityId);
      return { entityId, source: "l2", days: w.days, ...rebin(row.histogram) };
    },
  };
}

export function layeredAreaActivity(deps: LayeredProfileDeps): AreaActivityResponse {
  const w = coveredWindow(deps);
  if (w.days.length === 0) {
    return l1AreaActivity({
      events: deps.events,
      registry: deps.registry,
      time: deps.time,
      clock: deps.clock,
      days: deps.rawDays,
    });
  }
  const names = new Map(deps.registry.listAreas().map((a) => [a.areaId, a.name]));
  const rows = [...deps.reader.merged(roomBasedDaily, w.from, w.to).values()];
  const areas = rows
    .map((r) => ({
      areaId: r.area,
      name: names.get(r.area) ?? r.area,
      hourOfWeek: hourOfWeekArray(r.hourOfWeek),
      total: r.events,
    }))
    .filter((a) => a.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const transitions = rows
    .flatMap((r) => Object.entries(r.transitions).map(([to, count]) => ({ from: r.area, to, count })))
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
    .slice(0, 30);
  return { source: "l2", days: w.days, areas, transitions };
}
