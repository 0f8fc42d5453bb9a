// Builds the context graph and the optional external engines (Redis live bus, InfluxDB, Neo4j mirror), each off unless its option is set.

import type { AppEvents } from "../app-events.js";
import type { Config, TextOptionName } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import type { HomeEvent } from "../core/home-event.js";
import type { Logger } from "../core/logger.js";
import { ContextGraph } from "../graph/context-graph.js";
import { createGraphFeed, type PeopleSource } from "../graph/context-graph-feed.js";
import type { GraphPattern } from "../graph/graph-types.js";
import type { Finding } from "../patterns/finding.js";
import type { EngineStatus } from "../publish/engine-status.js";
import { redactUrl } from "../publish/engine-status.js";
import { createInfluxConnection, type InfluxConnection } from "../publish/influxdb/influx-connection.js";
import { type InfluxSettings, influxSettings } from "../publish/influxdb/influx-settings.js";
import { createInfluxWriter } from "../publish/influxdb/influx-writer.js";
import { createNeo4jConnection, type Neo4jConnection, type Neo4jSettings } from "../publish/neo4j/neo4j-connection.js";
import { createNeo4jMirror } from "../publish/neo4j/neo4j-graph-mirror.js";
import { createRedisConnection, type RedisConnection } from "../publish/redis/redis-connection.js";
import { createRedisPublisher } from "../publish/redis/redis-publisher.js";
import type { WriteGate } from "../publish/write-gate.js";
import type { HaSource } from "../sources/ha/ha-source.js";
import type { SimulatorSource } from "../sources/simulator/index.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { StoreHealth } from "../web/api-types.js";
import type { HaAuthUser } from "../web/remote-user.js";

export type { EngineStatus };

export interface EngineDeps {
  config: Config;
  ingest: {
    onCommitted(
      name: string,
      fn: (events: readonly HomeEvent[], result: { inserted: number; duplicates: number }) => void,
    ): void;
  };
  bus: TypedBus<AppEvents>;
  registry: RegistryStore;
  /** L1: the graph's counts are seeded from the raw events still kept. */
  events: EventStore;
  /** The catalog a user sees (PatternCatalog): the Redis hash and the graph's patterns. */
  catalog: { list(): (Finding & GraphPattern)[] };
  ha?: Pick<HaSource, "onContextEvent" | "onHomeConfig" | "listUsers">;
  simulator?: Pick<SimulatorSource, "home">;
  /** The app's clock (simulated in the demo): the window of stored events the graph is seeded from. */
  clock: Clock;
  /** Real time for retries and sync intervals, even in the accelerated demo; default `clock`. */
  wallClock?: Clock;
  logger: Logger;
  /** The instance presence's write gate: a standby instance leaves Redis and Neo4j to the publishing one. */
  writeGate?: WriteGate;
  /** Tests hand in their own connections; by default each engine connects with its client library. */
  connect?: {
    redis?: (url: string) => RedisConnection;
    influx?: (settings: InfluxSettings) => InfluxConnection;
    neo4j?: (settings: Neo4jSettings) => Neo4jConnection;
  };
}

export interface Engines {
  /** The context graph behind GET /api/graph (always on: it lives in memory). */
  graph: ContextGraph;
  start(): Promise<void>;
  /** Sends what is queued where the engine is reachable, then closes every connection. */
  stop(): Promise<void>;
  /** Redis, InfluxDB and Neo4j, in that order, "off" when not configured. */
  status(): EngineStatus[];
}

interface Engine {
  start(): void;
  stop(): Promise<void>;
  status(): EngineStatus;
}

export function buildEngines(deps: EngineDeps): Engines {
  const { config, logger } = deps;
  const clock = deps.wallClock ?? deps.clock;
  const options = config.options;
  const text = (name: TextOptionName) => options[name]?.trim() || undefined;

  const graph = new ContextGraph({ registry: deps.registry });
  const feed = createGraphFeed({
    graph,
    ingest: deps.ingest,
    bus: deps.bus,
    catalog: deps.catalog,
    contextEvents: deps.ha ? (listener) => deps.ha!.onContextEvent(listener) : undefined,
    people: peopleSource(deps),
    events: deps.events,
    clock: deps.clock,
    logger,
    seedDays: options.raw_retention_days,
  });

  const engines: Engine[] = [];
  const redisUrl = text("redis_url");
  if (!redisUrl) engines.push(off("redis"));
  else if (!/^rediss?:\/\//.test(redisUrl))
    engines.push(
      misconfigured("redis", `redis_url must start with redis:// or rediss://, got ${redactUrl(redisUrl)}`, logger),
    );
  else {
    engines.push(
      createRedisPublisher({
        connection: (deps.connect?.redis ?? createRedisConnection)(redisUrl),
        ingest: deps.ingest,
        bus: deps.bus,
        catalog: deps.catalog,
        clock,
        logger,
        gate: deps.writeGate,
      }),
    );
  }

  const influx = influxSettings(options);
  if (!influx) engines.push(off("influxdb"));
  else if ("problem" in influx) engines.push(misconfigured("influxdb", influx.problem, logger));
  else {
    engines.push(
      createInfluxWriter({
        connection: (deps.connect?.influx ?? createInfluxConnection)(influx.settings),
        ingest: deps.ingest,
        bus: deps.bus,
        areaOf: (entity) => deps.registry.areaOf(entity),
        clock,
        logger,
      }),
    );
  }

  const neo4jUrl = text("neo4j_url");
  if (!neo4jUrl) engines.push(off("neo4j"));
  else if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(neo4jUrl)) {
    engines.push(
      misconfigured(
        "neo4j",
        `neo4j_url must start with bolt:// or neo4j:// (or their +s variants), got ${redactUrl(neo4jUrl)}`,
        logger,
      ),
    );
  } else {
    const settings: Neo4jSettings = {
      url: neo4jUrl,
      username: text("neo4j_username"),
      password: text("neo4j_password"),
    };
    engines.push(
      createNeo4jMirror({
        connection: (deps.connect?.neo4j ?? createNeo4jConnection)(settings),
        graph,
        clock,
        logger,
        gate: deps.writeGate,
      }),
    );
  }

  return {
    graph,
    async start() {
      feed.start();
      for (const engine of engines) {
        try {
          engine.start();
        } catch (err) {
          logger.error("an optional engine failed to start", {
            engine: engine.status().name,
            error: errorMessage(err),
          });
        }
      }
    },
    async stop() {
      feed.stop();
      await Promise.all(
        engines.map((engine) =>
          engine.stop().catch((err) =>
            logger.warn("stopping an optional engine failed", {
              engine: engine.status().name,
              error: errorMessage(err),
            }),
          ),
        ),
      );
    },
    status: () => engines.map((engine) => engine.status()),
  };
}

/**
 * An optional engine never makes the service unhealthy: "error" there (a wrong password) shows as
 * degraded, because /api/health answering 503 would have the Supervisor's watchdog restart an
 * add-on that is learning fine. Engines that are off are left out.
 */
export function engineStoreHealth(statuses: readonly EngineStatus[]): StoreHealth[] {
  return statuses
    .filter((s) => s.state !== "off")
    .map((s) => ({
      name: s.name,
      status: s.state === "ok" ? "ok" : "degraded",
      detail: s.state === "error" ? `error: ${s.detail}` : s.detail,
    }));
}

/** Names for the graph's people: Home Assistant's users (read again after each reconnect), or the simulated residents. */
function peopleSource(deps: EngineDeps): PeopleSource | undefined {
  const { ha, simulator } = deps;
  if (simulator) {
    return {
      list: async () =>
        simulator.home.residents.map((r) => ({ userId: r.userId, name: r.name, personEntity: r.person })),
    };
  }
  if (!ha) return undefined;
  return {
    list: async () =>
      (await ha.listUsers<HaAuthUser>())
        .filter((u) => !u.system_generated)
        .map((u) => ({ userId: u.id, name: u.name || u.username || u.id })),
    onChanged: (listener) => ha.onHomeConfig(() => listener()),
  };
}

function off(name: string): Engine {
  return { start() {}, stop: async () => undefined, status: () => ({ name, state: "off", detail: "not configured" }) };
}

/** Its option is set but cannot work as given: shown in /api/health and logged once, never retried. */
function misconfigured(name: string, problem: string, logger: Logger): Engine {
  return {
    start: () => logger.error(`${name} is not used: ${problem}`),
    stop: async () => undefined,
    status: () => ({ name, state: "error", detail: problem }),
  };
}
