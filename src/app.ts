// The one place that builds the concrete objects of a running service and wires them together.
import path from "node:path";
import type { AppEvents } from "./core/app-events.js";
import type { Clock } from "./core/clock.js";
import { errorMessage } from "./core/errors.js";
import { TypedBus } from "./core/event-bus.js";
import { LocalTime } from "./core/local-time.js";
import type { Logger } from "./core/logger.js";
import { packageRoot } from "./core/package-root.js";
import type { Config } from "./config/config.js";
import { createEntityFilter } from "./ingest/entity-filter.js";
import { IngestPipeline } from "./ingest/ingest-pipeline.js";
import { buildSources, type DemoSettings } from "./app/build-sources.js";
import { packageVersion } from "./app/version.js";
import { openSqliteStores } from "./storage/sqlite/sqlite-stores.js";
import { createWebApp } from "./web/create-app.js";
import { ingressGuard } from "./web/ingress-guard.js";
import { remoteUser } from "./web/remote-user.js";
import { healthRoutes } from "./web/routes/health-routes.js";
import { statsRoutes } from "./web/routes/stats-routes.js";
import { entitiesRoutes } from "./web/routes/entities-routes.js";
import { areasRoutes } from "./web/routes/areas-routes.js";
import { liveRoutes } from "./web/routes/live-routes.js";
import { createL1EntityProfiles, l1AreaActivity } from "./web/l1-profiles.js";
import { startServer } from "./web/serve.js";
import type { EventSource } from "./sources/event-source.js";
import { fileSize } from "./app/file-size.js";

export interface AppDeps {
  clock: Clock;
  logger: Logger;
  demo?: DemoSettings;
  fetch?: typeof fetch;
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
  const stores = openSqliteStores({ dataDir: config.dataDir, logger: logger.child("storage"), now: () => deps.clock.now() });

  const built = await buildSources({
    config,
    clock: deps.clock,
    logger,
    events: stores.events,
    registry: stores.registry,
    demo: deps.demo,
    fetch: deps.fetch,
  });
  // In the demo everything runs on the simulator's accelerated clock, so a day passes in minutes.
  const clock = built.clock;
  const bus = new TypedBus<AppEvents>(logger.child("bus"));
  const ingest = new IngestPipeline({
    store: stores.events,
    cursors: stores.cursors,
    clock,
    logger: logger.child("ingest"),
    filter: createEntityFilter(config.options),
    bus,
  });

  const startedAt = clock.now();
  for (const source of built.sources) await startSource(source, ingest, logger);
  const timeZone = config.timeZone ?? built.timeZone ?? built.ha?.homeConfig()?.timeZone ?? systemZone();
  const time = new LocalTime(timeZone);
  logger.info("home time zone", { timeZone });

  const sizeOfStores = () => fileSize(stores.file) + fileSize(`${stores.file}-wal`);
  const web = createWebApp({
    uiDir: path.join(packageRoot(), "ui", "dist"),
    logger: logger.child("web"),
    middleware: [
      ingressGuard({ ingressOnly: config.http.ingressOnly, apiToken: config.http.apiToken }),
      remoteUser({ ingressOnly: config.http.ingressOnly }),
    ],
    routes: [
      healthRoutes({
        version,
        startedAt,
        clock,
        sources: () => built.sources.map((s) => s.status()),
        stores: () => [{ name: "sqlite", status: stores.db.open ? "ok" : "error", detail: stores.file }],
      }),
      statsRoutes({ events: stores.events, clock, ingest: () => ingest.counters(), storeSizeBytes: sizeOfStores }),
      entitiesRoutes({
        registry: stores.registry,
        events: stores.events,
        clock,
        profiles: createL1EntityProfiles({ events: stores.events, time, clock }),
      }),
      areasRoutes({
        registry: stores.registry,
        activity: () => l1AreaActivity({ events: stores.events, time, clock, registry: stores.registry }),
      }),
      liveRoutes({ bus, clock, logger: logger.child("live") }),
    ],
  });
  const server = await startServer({ app: web, host: config.http.host, port: config.http.port, logger: logger.child("http") });

  let stopped = false;
  return {
    url: server.url,
    port: server.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(built.sources.map((s) => withLimit(s.stop(), SOURCE_STOP_LIMIT_MS, `${s.name} stop`, logger)));
      const flushed = ingest.close();
      if (!flushed) logger.error("some buffered events could not be stored before stopping", { pending: ingest.counters().pending });
      await built.mqtt?.close().catch((err: unknown) => logger.warn("closing MQTT failed", { error: errorMessage(err) }));
      await server.close();
      stores.close();
      logger.info("stopped", { stored: ingest.counters().stored });
    },
  };
}

function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

async function startSource(source: EventSource, sink: IngestPipeline, logger: Logger): Promise<void> {
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
