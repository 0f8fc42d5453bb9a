// GET /api/stats: what has been ingested, by source, domain and hour, and how big the store is.
import type { Clock } from "../../core/clock.js";
import type { IngestCounters } from "../../ingest/ingest-pipeline.js";
import type { EventStore } from "../../storage/event-store.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { HourCount, StatsResponse } from "../api-types.js";
import type { RouteModule } from "../route-module.js";

const HOUR = 3_600_000;

export const STATS_ROUTES = {
  stats: apiRoute("GET", "/stats"),
};

export interface StatsDeps {
  events: EventStore;
  clock: Clock;
  ingest: () => IngestCounters;
  /** Bytes the stores take on disk (database, WAL, archive). */
  storeSizeBytes: () => number;
}

/** The 24 hour buckets ending with the current one, every hour present (0 when quiet). */
export function last24Hours(events: EventStore, now: number): HourCount[] {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - 24 * HOUR;
  const counted = new Map(events.countByHour(start, end).map((h) => [h.hour, h.count]));
  const hours: HourCount[] = [];
  for (let hour = start; hour < end; hour += HOUR) hours.push({ hour, count: counted.get(hour) ?? 0 });
  return hours;
}

export function statsRoutes(deps: StatsDeps): RouteModule {
  return (api) => {
    addRoute(api, STATS_ROUTES.stats, (c) => {
      const stats = deps.events.stats();
      const body: StatsResponse = {
        total: stats.total,
        oldest: stats.oldest,
        newest: stats.newest,
        bySource: stats.bySource,
        byDomain: stats.byDomain,
        perHour: last24Hours(deps.events, deps.clock.now()),
        storeSizeBytes: deps.storeSizeBytes(),
        ingest: deps.ingest(),
      };
      return c.json(body);
    });
  };
}
