// The one place that builds the concrete objects of a running service and wires them together.
import os from "node:os";
import path from "node:path";
import { areaActivityNow } from "./app/area-activity-now.js";
import { buildAnalysis } from "./app/build-analysis.js";
import { buildEngines, engineStoreHealth } from "./app/build-engines.js";
import { buildPublishers } from "./app/build-publishers.js";
import { buildRoutes } from "./app/build-routes.js";
import { buildSources, type DemoSettings } from "./app/build-sources.js";
import { homeTimeZone, rememberTimeZone } from "./app/home-time-zone.js";
import { instanceHostName } from "./app/instance-host-name.js";
import { instancesHealth } from "./app/instances-health.js";
import { recorderFirstStartSource, SUPERVISOR_RECORDER_DB } from "./app/recorder-first-start.js";
import { sqliteHealth } from "./app/sqlite-health.js";
import { storageHealth } from "./app/storage-health.js";
import { layerHealth } from "./app/store-health.js";
import { packageVersion } from "./app/version.js";
import type { AppEvents } from "./app-events.js";
import { backfillAutomationRuns } from "./automations/automation-run-backfill.js";
import { recordAutomationRuns } from "./automations/automation-run-recorder.js";
import type { Config } from "./config/config.js";
import type { Clock } from "./core/clock.js";
import { errorMessage } from "./core/errors.js";
import { TypedBus } from "./core/event-bus.js";
import { LocalTime } from "./core/local-time.js";
import type { Logger } from "./core/logger.js";
import { packageRoot } from "./core/package-root.js";
import { entityName } from "./detectors/scoring/wording.js";
import { createEntityFilter } from "./ingest/entity-filter.js";
import { excludingRegistry } from "./ingest/excluding-registry.js";
import { IngestPipeline } from "./ingest/ingest-pipeline.js";
import { L3_KINDS } from "./layers/kinds/index.js";
import { danglingRowFamilies } from "./metrics/dangling-row-metrics.js";
import { ServiceMetrics } from "./metrics/service-metrics.js";
import { ServiceWatch, type WatchedRun } from "./metrics/service-watch.js";
import { stateFamilies } from "./metrics/state-metrics.js";
import { NextActionService } from "./predict/next-action-service.js";
import { RecentActions, seedRecentActions } from "./predict/recent-actions.js";
import { createPrivacy } from "./privacy/privacy-services.js";
import { loadOrCreateInstanceId, newRunId } from "./publish/instance-presence/instance-id.js";
import { type InstanceIdentity, presenceWill } from "./publish/instance-presence/presence-message.js";
import { discoveryAvailabilityWill } from "./publish/mqtt-discovery/index.js";
import type { EventSink, EventSource } from "./sources/event-source.js";
import { HaRestClient } from "./sources/ha/ha-rest-client.js";
import type { CursorStore } from "./storage/event-store.js";
import { claimDataDir } from "./storage/service-pid-file.js";
import { BackupHold } from "./storage/sqlite/backup-hold.js";
import { openSqliteStores, type SqliteStores } from "./storage/sqlite/sqlite-stores.js";
import { API_ROUTES } from "./web/api-routes.js";
import { createWebApp } from "./web/create-app.js";
import { crossSiteGuard } from "./web/cross-site-guard.js";
import { ingressGuard } from "./web/ingress-guard.js";
import { layeredAreaActivity } from "./web/layered-profiles.js";
import { type HaAuthUser, HomeAssistantUserRoles, remoteUser, requireAdmin } from "./web/remote-user.js";
import { startServer } from "./web/serve.js";

export interface AppDeps {
  clock: Clock;
  logger: Logger;
  demo?: DemoSettings;
  fetch?: typeof fetch;
  /** The built panel; default ui/dist of the package (tests serve a copy they built themselves). */
  uiDir?: string;
  /** Home Assistant's recorder database for import_recorder_at_first_start (default: the Supervisor's map). */
  recorderDb?: string;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Flushes what is buffered, stops sources, scheduler and server, closes the stores. */
  stop(): Promise<void>;
}

const SOURCE_STOP_LIMIT_MS = 2_000;

export async function startApp(config: Config, deps: AppDeps): Promise<RunningApp> {
  const { logger } = deps;
  const version = packageVersion();
  logger.info(`Home Patterns ${version} starting`, { mode: config.mode, dataDir: config.dataDir });
  // service.pid makes this process the data dir's one writer before anything opens or migrates the
  // stores: a second service refuses to start (DataDirInUseError), and so do the commands that write.
  const releaseDataDir = claimDataDir(config.dataDir);
  let stores: SqliteStores;
  try {
    stores = openSqliteStores({
      dataDir: config.dataDir,
      logger: logger.child("storage"),
      now: () => deps.clock.now(),
    });
  } catch (err) {
    releaseDataDir();
    throw err;
  }

  const instance: InstanceIdentity = {
    id: loadOrCreateInstanceId(stores.cursors, logger),
    run: newRunId(),
    // Under the Supervisor every add-on container has the same host name: the host's own tells two apart.
    host: await instanceHostName({
      supervisor: config.supervisor,
      fetch: deps.fetch,
      osHostName: os.hostname,
      logger,
    }),
    version,
    startedAt: deps.clock.now(),
  };
  const entityFilter = createEntityFilter(config.options);
  const built = await buildSources({
    config,
    clock: deps.clock,
    logger,
    events: stores.events,
    registry: excludingRegistry(stores.registry, entityFilter),
    demo: deps.demo,
    fetch: deps.fetch,
    mqttClients: {
      main: { clientId: `home_patterns_${instance.run}`, will: discoveryAvailabilityWill() },
      presence: { clientId: `hp_presence_${instance.run}`, will: presenceWill(instance) },
    },
  });
  // In the demo everything runs on the simulator's accelerated clock, so a day passes in minutes.
  const clock = built.clock;
  const bus = new TypedBus<AppEvents>(logger.child("bus"));
  const metrics = new ServiceMetrics();
  metrics.start();
  const offMetrics = metrics.listen(bus);
  const ingest = new IngestPipeline({
    store: metrics.timedStore(stores.events),
    cursors: stores.cursors,
    clock,
    wallClock: deps.clock,
    logger: logger.child("ingest"),
    filter: entityFilter,
    bus,
  });

  const startedAt = deps.clock.now();
  // The layers exist only once the home's zone is known (after Home Assistant answered); what the
  // sources' catch-up commits before then still has to re-open the days it lands in.
  let earlyTimes: number[] | null = [];
  ingest.onCommitted("early-days", (events) => earlyTimes?.push(...events.map((e) => e.ts)));
  const recorder = recorderImport(config, deps.recorderDb, stores.cursors, () => ingest.flush(), logger);
  const sources = recorder ? [...built.sources, recorder] : built.sources;
  for (const source of sources) await startSource(source, metrics.countingSink(ingest, source.name), logger);
  const zone = homeTimeZone(config, built, stores.cursors);
  const timeZone = zone.name;
  rememberTimeZone(stores.cursors, timeZone);
  const time = new LocalTime(timeZone);
  logger.info("home time zone", { timeZone, from: zone.source });
  built.ha?.onHomeConfig((c) => {
    if (!config.timeZone && c.timeZone !== timeZone) {
      rememberTimeZone(stores.cursors, c.timeZone);
      logger.warn("Home Assistant's time zone changed; restart the add-on to count days in the new zone", {
        from: timeZone,
        to: c.timeZone,
      });
    }
  });

  const watch = new ServiceWatch({
    clock,
    logger: logger.child("watch"),
    bus,
    haConnected: () => built.ha?.status().state === "connected",
    lastIngestAt: () => ingest.counters().lastBatchAt,
    storage: () => analysis.layers.budget.usage(),
    rawRetentionDays: config.options.raw_retention_days,
  });
  const onRun = (run: WatchedRun, durationMs: number, error?: string) => {
    metrics.recordRun(run, durationMs, error);
    watch.recordRun(run, durationMs, error);
  };
  const ha = built.ha;
  const analysis = buildAnalysis({
    config,
    stores,
    ingest,
    time,
    clock,
    wallClock: deps.clock,
    logger,
    bus,
    onRun,
    automationGone: (automation) => ha?.hasEntity(automation) === false,
  });
  // Runs are counted as Home Assistant announces them, and the days missed are filled from its
  // history after each connect: the quiet-automation check reads these days.
  const offRuns = ha
    ? recordAutomationRuns({
        runs: analysis.automationRuns,
        time,
        contextEvents: (listener) => ha.onContextEvent(listener),
      })
    : undefined;
  const offRunBackfill = ha?.onSynced(() => {
    backfillAutomationRuns({ ha, runs: analysis.automationRuns, time, clock })
      .then((added) => {
        if (added === 0) return;
        logger.info("automation runs filled from Home Assistant's history", { runs: added });
        // Their silences show now, not after the next night: the quiet check alone reads runs.
        analysis.runner.run({ only: ["automation_quiet"] });
      })
      .catch((err) => logger.warn("automation run backfill failed", { error: errorMessage(err) }));
  });
  analysis.layers.markDirtyTimes(earlyTimes);
  earlyTimes = null;
  ingest.setWriteErrorPolicy((err) => analysis.layers.guard.handleWriteError(err));
  const storageBytes = () => analysis.layers.budget.usage().usedBytes;
  // What was last done, for predicting what follows it: seeded from the last hours stored.
  const recent = new RecentActions();
  const presence = [...stores.events.lastEventTimes()]
    .filter(([entity]) => entity.startsWith("person.") || entity.startsWith("device_tracker."))
    .flatMap(([entity, ts]) => stores.events.query({ from: ts, to: ts + 1, entities: [entity] }));
  recent.observe(presence);
  seedRecentActions(recent, (from, to) => stores.events.query({ from, to }), clock.now());
  ingest.onCommitted("predictions", (events) => recent.observe(events));
  const nextActions = new NextActionService({
    reader: analysis.layers.reader,
    time,
    clock,
    recent,
    nameOf: (entity) => entityName(entity, stores.registry),
    deviceClassOf: (entity) => stores.registry.deviceClassOf(entity),
  });
  const profiles = { reader: analysis.layers.reader, events: stores.events, registry: stores.registry, time, clock };
  const publishers = buildPublishers({
    config,
    ha: built.ha,
    mqtt: built.mqtt,
    mqttPresence: built.mqttPresence,
    instance,
    analysis,
    stores,
    storageBytes,
    nextActions,
    areaActivity: () => areaActivityNow({ ...profiles, profile: () => layeredAreaActivity(profiles) }),
    time,
    clock,
    logger,
    bus,
    version,
    serviceProblems: () => watch.active(),
  });
  // The context graph, and Redis, InfluxDB and Neo4j when their options are set.
  const engines = buildEngines({
    config,
    ingest,
    bus,
    registry: stores.registry,
    events: stores.events,
    catalog: analysis.catalog,
    ha: built.ha,
    simulator: built.simulator,
    clock,
    wallClock: deps.clock,
    logger,
    writeGate: publishers.presence?.writeGate,
  });
  const roles = built.ha
    ? new HomeAssistantUserRoles({ clock, listUsers: () => built.ha!.listUsers<HaAuthUser>() })
    : undefined;
  const audit = analysis.audit;
  const hold = new BackupHold(stores.db, clock, logger.child("backup"));
  const web = createWebApp({
    uiDir: deps.uiDir ?? path.join(packageRoot(), "ui", "dist"),
    logger: logger.child("web"),
    middleware: [
      ingressGuard({ ingressOnly: config.http.ingressOnly, apiToken: config.http.apiToken }),
      crossSiteGuard({
        ingressOnly: config.http.ingressOnly,
        listenHost: config.http.host,
        allowedHosts: config.http.allowedHosts,
      }),
      remoteUser({ ingressOnly: config.http.ingressOnly }),
    ],
    routeTable: API_ROUTES,
    routes: buildRoutes({
      version,
      startedAt,
      wallClock: deps.clock,
      clock,
      time,
      timeZoneSource: zone.source,
      logger,
      bus,
      stores,
      ingest,
      analysis,
      sources,
      graph: engines.graph,
      storeHealth: () => [
        sqliteHealth(stores.db.open, stores.dangling.counts()),
        storageHealth(analysis.layers.budget.usage(), analysis.layers.guard.state(), ingest.counters().pending),
        ...layerHealth(analysis.layers.cycle.lastReport(), analysis.layers.aggregates.lastRuns(1)[0]),
        ...engineStoreHealth(engines.status()),
      ],
      serviceHealth: () => watch.active(),
      instances: publishers.presence ? () => instancesHealth(publishers.presence!.status()) : undefined,
      metrics: () => [
        ...metrics.families(),
        ...stateFamilies({
          ingest: () => ingest.counters(),
          storage: () => analysis.layers.reporter.report(),
          engines: () => engines.status(),
          sources: () => sources.map((s) => s.status()),
          queues: () => ({ ha_events: publishers.haEvents?.status().queued ?? 0 }),
          serviceHealth: () => watch.active(),
        }),
        ...danglingRowFamilies(stores.dangling.counts()),
      ],
      storageBytes,
      nextActions,
      audit,
      privacy: createPrivacy({
        stores,
        layers: analysis.layers,
        periodKinds: L3_KINDS.map((k) => k.name),
        options: config.options,
        audit,
        clock,
        onForgotten: (subject) => {
          engines.graph.forget(subject.id);
          // The catalog lost patterns: sensors, Redis and the graph republish what is left.
          bus.emit("patternsUpdated", { active: analysis.catalog.list().length, changed: [] });
        },
      }),
      hold,
      admin: requireAdmin(roles),
      haRest: config.homeAssistant
        ? new HaRestClient({ baseUrl: config.homeAssistant.restUrl, token: config.homeAssistant.token })
        : undefined,
    }),
  });
  const server = await startServer({
    app: web,
    host: config.http.host,
    port: config.http.port,
    logger: logger.child("http"),
  });
  // The catch-up rollup of closed days can take a while after a long break: the panel is already up.
  void analysis.start().catch((err) => logger.error("layers failed to start", { error: errorMessage(err) }));
  await publishers.start().catch((err) => logger.error("publishers failed to start", { error: errorMessage(err) }));
  await engines.start().catch((err) => logger.error("optional engines failed to start", { error: errorMessage(err) }));
  watch.start();

  let stopped = false;
  return {
    url: server.url,
    port: server.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      watch.stop();
      await Promise.all(sources.map((s) => withLimit(s.stop(), SOURCE_STOP_LIMIT_MS, `${s.name} stop`, logger)));
      const flushed = ingest.close();
      if (!flushed)
        logger.error("some buffered events could not be stored before stopping", {
          pending: ingest.counters().pending,
        });
      offRuns?.();
      offRunBackfill?.();
      await withLimit(publishers.stop(), SOURCE_STOP_LIMIT_MS, "publishers stop", logger);
      await withLimit(engines.stop(), SOURCE_STOP_LIMIT_MS, "engines stop", logger);
      for (const connection of [built.mqtt, built.mqttPresence]) {
        await connection
          ?.close()
          .catch((err: unknown) => logger.warn("closing MQTT failed", { error: errorMessage(err) }));
      }
      await withLimit(analysis.stop(), SOURCE_STOP_LIMIT_MS, "layers stop", logger);
      hold.release();
      offMetrics();
      metrics.stop();
      await server.close();
      stores.close();
      releaseDataDir();
      logger.info("stopped", { stored: ingest.counters().stored });
    },
  };
}

/** The recorder database import at first start, when its option is on. */
function recorderImport(
  config: Config,
  recorderDb: string | undefined,
  cursors: CursorStore,
  flush: () => boolean,
  logger: Logger,
): EventSource | undefined {
  if (config.options.import_recorder_at_first_start !== true) return undefined;
  const file = recorderDb ?? SUPERVISOR_RECORDER_DB;
  return recorderFirstStartSource({
    file,
    dataDir: config.dataDir,
    cursors,
    flush,
    logger: logger.child("recorder-import"),
  });
}

async function startSource(source: EventSource, sink: EventSink, logger: Logger): Promise<void> {
  try {
    await source.start(sink);
  } catch (err) {
    // A source that cannot start (a refused token, a missing file) is shown in /api/health; the rest runs.
    logger.error(`source ${source.name} failed to start`, { error: errorMessage(err) });
  }
}

async function withLimit(promise: Promise<void>, ms: number, what: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn(`${what} took longer than ${ms} ms; continuing`);
      resolve();
    }, ms);
  });
  await Promise.race([promise.catch((err) => logger.warn(`${what} failed`, { error: errorMessage(err) })), limit]);
  clearTimeout(timer);
}
