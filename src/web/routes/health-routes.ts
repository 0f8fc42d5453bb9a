// GET /api/health: each source and store with its status, and one overall verdict.
import type { Clock } from "../../core/clock.js";
import { hidePaths } from "../../core/hide-paths.js";
import type { ServiceHealthFinding } from "../../core/service-health.js";
import type { SourceStatus } from "../../sources/event-source.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { HealthResponse, HealthState, InstancesHealth, StoreHealth } from "../api-types.js";
import type { RouteModule } from "../route-module.js";

/** The Docker HEALTHCHECK and monitors call it bare: it takes no query parameters. */
export const HEALTH_ROUTES = {
  health: apiRoute("GET", "/health"),
};

export interface HealthDeps {
  version: string;
  /** The home's IANA zone. */
  timeZone: string;
  /** Where the zone came from: "Home Assistant", "time_zone option", "the system", … */
  timeZoneSource: string;
  /** When the service started, epoch ms. */
  startedAt: number;
  clock: Clock;
  sources: () => SourceStatus[];
  stores: () => StoreHealth[];
  /** Open problems from self-watching; none when the service is not watched. */
  serviceHealth?: () => ServiceHealthFinding[];
  /** With an MQTT broker: which instance on it publishes to Home Assistant. */
  instances?: () => InstancesHealth;
}

/**
 * A broken store is an error; a disconnected source, a struggling store, standing by while
 * another instance publishes to Home Assistant, or a lost MQTT broker only degrades the service.
 */
export function overallHealth(
  sources: SourceStatus[],
  stores: StoreHealth[],
  serviceHealth: readonly ServiceHealthFinding[] = [],
  instances?: InstancesHealth,
): HealthState {
  if (stores.some((s) => s.status === "error")) return "error";
  if (stores.some((s) => s.status === "degraded")) return "degraded";
  // A stalled ingest or a failing rollup degrades the service; it never answers 503 (the
  // Supervisor's watchdog would restart an add-on whose stores are fine).
  if (serviceHealth.length > 0) return "degraded";
  // What this instance learns does not reach Home Assistant: the user should see why.
  if (instances?.self.role === "standby") return "degraded";
  // Nothing it learns reaches Home Assistant's entities while its broker is away.
  if (instances?.broker === "disconnected") return "degraded";
  if (sources.some((s) => s.state === "error" || s.state === "disconnected")) return "degraded";
  return "ok";
}

export function healthRoutes(deps: HealthDeps): RouteModule {
  return (api) => {
    addRoute(api, HEALTH_ROUTES.health, (c) => {
      // Details quote errors (an import file, a full disk's file name): the open endpoint shows no paths.
      const sources = deps.sources().map((s) => (s.detail ? { ...s, detail: hidePaths(s.detail) } : s));
      const stores = deps.stores().map((s) => (s.detail ? { ...s, detail: hidePaths(s.detail) } : s));
      const serviceHealth = deps.serviceHealth?.() ?? [];
      const instances = deps.instances?.();
      const body: HealthResponse = {
        status: overallHealth(sources, stores, serviceHealth, instances),
        version: deps.version,
        timeZone: deps.timeZone,
        timeZoneSource: deps.timeZoneSource,
        uptimeSec: Math.max(0, Math.floor((deps.clock.now() - deps.startedAt) / 1000)),
        sources,
        stores,
        serviceHealth,
        ...(instances ? { instances } : {}),
      };
      // 503 lets the container HEALTHCHECK (and any monitor) see a broken store without parsing.
      return c.json(body, body.status === "error" ? 503 : 200);
    });
  };
}
