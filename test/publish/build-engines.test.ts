// buildEngines: every engine off unless its option is set, options that cannot work shown as such, and a configured Redis wired end to end.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildEngines, engineStoreHealth } from "../../src/app/build-engines.js";
import type { AppEvents } from "../../src/app-events.js";
import type { Config, Options } from "../../src/config/config.js";
import { defaultOptions } from "../../src/config/option-schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { homeRegistry, T0 } from "../graph/graph-fixture.js";
import { MemoryCursorStore, MemoryEventStore } from "../support/memory/memory-event-store.js";
import { type RunningRedis, startRedisServer } from "../support/redis-server.js";

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function setup(options: Record<string, unknown>) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const events = new MemoryEventStore();
  const ingest = new IngestPipeline({
    store: events,
    cursors: new MemoryCursorStore(),
    clock,
    logger,
    filter: () => true,
    bus,
  });
  const config = { options: { ...defaultOptions(), ...options } as Options } as Config;
  const engines = buildEngines({
    config,
    ingest,
    bus,
    registry: homeRegistry(),
    events,
    catalog: { list: () => [] },
    clock,
    logger,
  });
  return { engines, ingest, clock, logger };
}

describe("buildEngines", () => {
  it("leaves every engine off without options, and the graph on", async () => {
    const { engines, ingest, clock } = setup({});
    await engines.start();
    expect(engines.status()).toEqual([
      { name: "redis", state: "off", detail: "not configured" },
      { name: "influxdb", state: "off", detail: "not configured" },
      { name: "neo4j", state: "off", detail: "not configured" },
    ]);
    expect(engineStoreHealth(engines.status())).toEqual([]);
    ingest.push({ ts: T0, entity: "light.kitchen", state: "on", source: "ha", user: "u-anna" });
    clock.advance(1000);
    expect(engines.graph.snapshot().edges.filter((e) => e.type === "CAUSED")).toEqual([
      { type: "CAUSED", from: "person:u-anna", to: "entity:light.kitchen", properties: { count: 1, lastAt: T0 } },
    ]);
    await engines.stop();
  });

  it("shows options that cannot work, without retrying and without failing the service's health", async () => {
    const { engines, logger } = setup({
      redis_url: "http://cache:6379",
      influxdb_url: "http://influx:8086",
      influxdb_token: "t",
      neo4j_url: "http://neo4j:neo@nas:7474",
    });
    await engines.start();
    expect(engines.status()).toEqual([
      {
        name: "redis",
        state: "error",
        detail: "redis_url must start with redis:// or rediss://, got http://cache:6379",
      },
      {
        name: "influxdb",
        state: "error",
        detail:
          "influxdb_url is set but the rest is missing: for InfluxDB 2.x also set influxdb_org, influxdb_bucket; for 1.x set influxdb_database instead",
      },
      {
        name: "neo4j",
        state: "error",
        detail: "neo4j_url must start with bolt:// or neo4j:// (or their +s variants), got http://neo4j:***@nas:7474",
      },
    ]);
    expect(engineStoreHealth(engines.status()).map((h) => [h.name, h.status])).toEqual([
      ["redis", "degraded"],
      ["influxdb", "degraded"],
      ["neo4j", "degraded"],
    ]);
    expect(logger.lines.filter((l) => l.includes("is not used")).length).toBe(3);
    await engines.stop();
  });

  it("wires a configured Redis to committed batches", async () => {
    const subscriber = new Redis(redis.url);
    const messages: string[] = [];
    subscriber.on("message", (_channel: string, message: string) => void messages.push(message));
    await subscriber.subscribe("home_patterns:events");
    const { engines, ingest, clock } = setup({ redis_url: redis.url });
    try {
      await engines.start();
      ingest.push({ ts: T0, entity: "light.kitchen", state: "on", source: "ha" });
      clock.advance(1000);
      await vi.waitFor(() => expect(messages).toHaveLength(1));
      expect(JSON.parse(messages[0]!).events).toEqual([{ ts: T0, entity: "light.kitchen", state: "on", source: "ha" }]);
      expect(engineStoreHealth(engines.status())).toEqual([
        { name: "redis", status: "ok", detail: `redis://127.0.0.1:${redis.port}: connected; 1 message sent` },
      ]);
    } finally {
      await engines.stop();
      subscriber.disconnect();
    }
  });
});
