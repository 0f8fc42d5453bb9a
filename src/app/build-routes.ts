// The API the panel and users call, assembled from each feature's route module.
import type { MiddlewareHandler } from "hono";
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import type { TypedBus } from "../core/event-bus.js";
import type { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { ServiceHealthFinding } from "../core/service-health.js";
import type { GraphSnapshot } from "../graph/graph-types.js";
import type { IngestPipeline } from "../ingest/ingest-pipeline.js";
import type { MetricFamily } from "../metrics/prometheus-text.js";
import type { NextActionService } from "../predict/next-action-service.js";
import type { Privacy } from "../privacy/privacy-services.js";
import type { EventSource } from "../sources/event-source.js";
import type { HaRestClient } from "../sources/ha/ha-rest-client.js";
import type { AuditLog } from "../storage/audit-log.js";
import type { BackupHold } from "../storage/sqlite/backup-hold.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { InstancesHealth, StoreHealth } from "../web/api-types.js";
import { createLayeredEntityProfiles, layeredAreaActivity } from "../web/layered-profiles.js";
import { responseCache } from "../web/response-cache.js";
import type { RouteModule } from "../web/route-module.js";
import { anomaliesRoutes } from "../web/routes/anomalies-routes.js";
import { areasRoutes } from "../web/routes/areas-routes.js";
import { deviceHealthRoutes } from "../web/routes/device-health-routes.js";
import { entitiesRoutes } from "../web/routes/entities-routes.js";
import { graphRoutes } from "../web/routes/graph-routes.js";
import { healthRoutes } from "../web/routes/health-routes.js";
import { liveRoutes } from "../web/routes/live-routes.js";
import { maintenanceRoutes } from "../web/routes/maintenance-routes.js";
import { metricsRoutes } from "../web/routes/metrics-routes.js";
import { patternsRoutes } from "../web/routes/patterns-routes.js";
import { predictionsRoutes } from "../web/routes/predictions-routes.js";
import { privacyRoutes } from "../web/routes/privacy-routes.js";
import { statsRoutes } from "../web/routes/stats-routes.js";
import { storageRoutes } from "../web/routes/storage-routes.js";
import { suggestionsRoutes } from "../web/routes/suggestions-routes.js";
import { knownEntities } from "../web/unknown-entity.js";
import type { Analysis } from "./build-analysis.js";

export interface RouteDeps {
  version: string;
  startedAt: number;
  /** Real time, for uptime: the demo's clock runs 60 times faster. */
  wallClock: Clock;
  clock: Clock;
  time: LocalTime;
  /** Where the home's time zone came from ("Home Assistant", "time_zone option", …). */
  timeZoneSource: string;
  logger: Logger;
  bus: TypedBus<AppEvents>;
  stores: SqliteStores;
  ingest: IngestPipeline;
  analysis: Analysis;
  sources: readonly EventSource[];
  /** The context graph (buildEngines). */
  graph: { snapshot(): GraphSnapshot };
  storeHealth: () => StoreHealth[];
  storageBytes: () => number;
  nextActions: NextActionService;
  audit: AuditLog;
  hold: BackupHold;
  /** Changes that create or pause things need a Home Assistant administrator under ingress. */
  admin: MiddlewareHandler;
  haRest?: HaRestClient;
  /** Everything /api/metrics shows, gathered per scrape. */
  metrics: () => MetricFamily[];
  privacy: Privacy;
  serviceHealth: () => ServiceHealthFinding[];
  /** With an MQTT broker: which instance on it publishes to Home Assistant. */
  instances?: () => InstancesHealth;
}

export function buildRoutes(deps: RouteDeps): RouteModule[] {
  const { stores, clock, analysis, bus, audit } = deps;
  const profiles = {
    reader: analysis.layers.reader,
    events: stores.events,
    registry: stores.registry,
    time: deps.time,
    clock,
  };
  const entities = knownEntities(stores.registry, stores.events);
  return [
    // Fifty open panels asking the same summaries get one computation a second, not fifty.
    (api) =>
      api.use(
        "*",
        responseCache({
          clock: deps.wallClock,
          ttlMs: 1_000,
          bypass: ["/api/health", "/api/live", "/api/analytics"],
        }),
      ),
    // Runs before the suggestion routes' own handlers.
    (api) => api.use("/suggestions/:patternId/create", deps.admin),
    healthRoutes({
      version: deps.version,
      timeZone: deps.time.timeZone,
      timeZoneSource: deps.timeZoneSource,
      startedAt: deps.startedAt,
      clock: deps.wallClock,
      sources: () => deps.sources.map((s) => s.status()),
      stores: deps.storeHealth,
      serviceHealth: deps.serviceHealth,
      instances: deps.instances,
    }),
    metricsRoutes({ families: deps.metrics }),
    statsRoutes({
      events: stores.events,
      clock,
      ingest: () => deps.ingest.counters(),
      storeSizeBytes: deps.storageBytes,
    }),
    entitiesRoutes({
      registry: stores.registry,
      events: stores.events,
      clock,
      profiles: createLayeredEntityProfiles(profiles),
    }),
    areasRoutes({ registry: stores.registry, activity: () => layeredAreaActivity(profiles) }),
    graphRoutes({ graph: deps.graph }),
    predictionsRoutes({ service: deps.nextActions }),
    storageRoutes({ report: () => analysis.layers.reporter.report(), analytics: analysis.layers.analytics }),
    patternsRoutes({ catalog: analysis.catalog, clock, bus, areas: () => stores.registry.listAreas(), entities }),
    anomaliesRoutes({ anomalies: analysis.anomalies, areas: () => stores.registry.listAreas(), entities }),
    deviceHealthRoutes({ problems: () => analysis.deviceHealth() }),
    suggestionsRoutes({
      catalog: analysis.catalog,
      registry: stores.registry,
      clock,
      ha: deps.haRest,
      audit,
      bus,
      logger: deps.logger.child("suggestions"),
    }),
    maintenanceRoutes({ hold: deps.hold, admin: deps.admin }),
    privacyRoutes({ privacy: deps.privacy, admin: deps.admin, beforeForget: () => void deps.ingest.flush() }),
    liveRoutes({ bus, clock, logger: deps.logger.child("live") }),
  ];
}
