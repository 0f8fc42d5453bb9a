// The Redis live bus against a real redis-server: literal JSON on the channels, the catalog hash, the capped anomaly list, and an outage.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { IngestPipeline } from "../../../src/ingest/ingest-pipeline.js";
import type { Finding } from "../../../src/patterns/finding.js";
import { createRedisConnection } from "../../../src/publish/redis/redis-connection.js";
import { createRedisPublisher, type RedisPublisher } from "../../../src/publish/redis/redis-publisher.js";
import { MemoryCursorStore, MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { type RunningRedis, startRedisServer } from "../../support/redis-server.js";
import { anomaly, eveningTv, morningLight, T0 } from "./redis-test-findings.js";

let redis: RunningRedis;
const clients: Redis[] = [];
const publishers: RedisPublisher[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const p of publishers.splice(0)) await p.stop();
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await redis?.stop();
});

async function subscriber(url = redis.url) {
  const client = new Redis(url);
  client.on("error", () => undefined); // the outage test kills the server under it
  clients.push(client);
  const messages: [string, string][] = [];
  client.on("message", (channel: string, message: string) => void messages.push([channel, message]));
  await client.subscribe("home_patterns:events", "home_patterns:anomalies", "home_patterns:patterns");
  return messages;
}

async function reader(url = redis.url) {
  const client = new Redis(url);
  clients.push(client);
  return client;
}

function setup(opts: { url?: string; catalog?: Finding[] } = {}) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const store = new MemoryEventStore();
  const ingest = new IngestPipeline({
    store,
    cursors: new MemoryCursorStore(),
    clock,
    logger,
    filter: () => true,
    bus,
  });
  const catalog = { patterns: opts.catalog ?? [morningLight], list: () => catalog.patterns };
  const publisher = createRedisPublisher({
    connection: createRedisConnection(opts.url ?? redis.url),
    ingest,
    bus,
    catalog,
    clock,
    logger,
    recentAnomalies: 2,
  });
  publishers.push(publisher);
  publisher.start();
  const commit = (...events: HomeEvent[]) => {
    for (const e of events) ingest.push(e);
    clock.advance(1_000);
  };
  return { clock, bus, store, ingest, catalog, publisher, commit, logger };
}

const ev = (s: number, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => ({
  ts: T0 + s * 1000,
  entity,
  state,
  source: "ha",
  ...extra,
});

describe("Redis publisher", () => {
  it("publishes each committed batch as JSON and keeps the catalog in a hash", async () => {
    const messages = await subscriber();
    const { commit, publisher } = setup();
    const db = await reader();
    await vi.waitFor(async () =>
      expect(await db.hgetall("home_patterns:patterns")).toEqual({ [morningLight.key]: JSON.stringify(morningLight) }),
    );

    commit(ev(1, "light.kitchen", "on", { previous: "off", user: "u-anna" }), ev(2, "sensor.temp", "21.5"));
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    expect(messages[0]).toEqual([
      "home_patterns:events",
      `{"type":"batch","inserted":2,"duplicates":0,"newest":${T0 + 2000},"bySource":{"ha":2},"events":[` +
        `{"ts":${T0 + 1000},"entity":"light.kitchen","state":"on","source":"ha","previous":"off","user":"u-anna"},` +
        `{"ts":${T0 + 2000},"entity":"sensor.temp","state":"21.5","source":"ha"}]}`,
    ]);
    expect(publisher.status()).toEqual({
      name: "redis",
      state: "ok",
      detail: `redis://127.0.0.1:${redis.port}: connected; 1 message sent`,
    });
  });

  it("publishes catalog changes and replaces the hash with the catalog as it is now", async () => {
    const messages = await subscriber();
    const { bus, catalog } = setup();
    const db = await reader();
    await vi.waitFor(async () => expect(await db.hkeys("home_patterns:patterns")).toEqual([morningLight.key]));

    catalog.patterns = [eveningTv];
    bus.emit("patternsUpdated", { active: 1, changed: [eveningTv] });
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    expect(JSON.parse(messages[0]![1])).toEqual({ type: "patterns", active: 1, changed: [eveningTv] });
    expect(messages[0]![0]).toBe("home_patterns:patterns");
    expect(await db.hgetall("home_patterns:patterns")).toEqual({ [eveningTv.key]: JSON.stringify(eveningTv) });
  });

  it("publishes anomalies and keeps only the newest in the list", async () => {
    const messages = await subscriber();
    const { bus } = setup();
    for (const n of [1, 2, 3]) bus.emit("anomaly", anomaly(n));
    await vi.waitFor(() => expect(messages).toHaveLength(3));
    expect(messages[2]).toEqual([
      "home_patterns:anomalies",
      `{"type":"anomaly","key":"activity_high:kitchen:3","kind":"activity_high","entity":null,"area":"kitchen","ts":${T0 + 3},` +
        `"severity":"medium","summary":"Kitchen unusually busy (3)","expected":"about 4 events this hour","details":{"count":33}}`,
    ]);
    const db = await reader();
    const list = (await db.lrange("home_patterns:anomalies", 0, -1)).map((m) => JSON.parse(m).key);
    expect(list).toEqual(["activity_high:kitchen:3", "activity_high:kitchen:2"]);
  });

  it("keeps ingesting while Redis is down and catches up after it restarts", async () => {
    await subscriber();
    const { commit, publisher, store, clock, ingest } = setup();
    commit(ev(1, "light.kitchen", "on"));
    await vi.waitFor(() => expect(publisher.status().detail).toContain("1 message sent"));

    await redis.kill();
    commit(ev(2, "light.kitchen", "off"));
    commit(ev(3, "light.hall", "on"));
    expect(store.stats().total).toBe(3);
    expect(ingest.counters().writeErrors).toBe(0);
    await vi.waitFor(() => expect(publisher.status().state).toBe("degraded"));
    expect(publisher.status().detail).toMatch(
      new RegExp(`^redis://127\\.0\\.0\\.1:${redis.port}: .+; next attempt in \\d+ s; 1 message sent, 2 queued$`),
    );

    await redis.restart();
    const messages = await subscriber();
    clock.advance(60_000);
    await vi.waitFor(() => expect(messages).toHaveLength(2));
    expect(messages.map(([, m]) => JSON.parse(m).events.map((e: HomeEvent) => `${e.entity}=${e.state}`))).toEqual([
      ["light.kitchen=off"],
      ["light.hall=on"],
    ]);
    // The restarted Redis kept nothing: the catalog hash is written again on reconnecting.
    const db = await reader();
    expect(await db.hkeys("home_patterns:patterns")).toEqual([morningLight.key]);
    expect(publisher.status()).toEqual({
      name: "redis",
      state: "ok",
      detail: `redis://127.0.0.1:${redis.port}: connected; 3 messages sent`,
    });
  });

  it("shows a refused password as an error that needs the user, and ingestion goes on", async () => {
    const locked = await startRedisServer({ password: "right" });
    try {
      const { commit, publisher, store } = setup({ url: `redis://:wrong@127.0.0.1:${locked.port}` });
      commit(ev(1, "light.kitchen", "on"));
      await vi.waitFor(() => expect(publisher.status().state).toBe("error"));
      expect(publisher.status().detail).toMatch(
        new RegExp(
          `^redis://:\\*\\*\\*@127\\.0\\.0\\.1:${locked.port}: WRONGPASS.* \\(check the add-on options\\); next attempt in 1 s; 0 messages sent, 1 queued$`,
        ),
      );
      expect(store.stats().total).toBe(1);
    } finally {
      for (const p of publishers.splice(0)) await p.stop();
      await locked.stop();
    }
  });
});
