// Two instances of one home on one broker and one Redis: only the publishing one writes the live
// bus, so a subscriber gets each anomaly once and the hash holds one catalog; taking over rewrites it.
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { IngestPipeline } from "../../../src/ingest/ingest-pipeline.js";
import type { Finding } from "../../../src/patterns/finding.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import { type InstanceIdentity, presenceTopic } from "../../../src/publish/instance-presence/presence-message.js";
import { createRedisConnection } from "../../../src/publish/redis/redis-connection.js";
import { createRedisPublisher } from "../../../src/publish/redis/redis-publisher.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { startGatedWriter } from "../../support/gated-writer.js";
import { readingLate } from "../../support/late-reading-mqtt.js";
import { MemoryCursorStore, MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { startMosquitto } from "../../support/mosquitto.js";
import { startRedisServer } from "../../support/redis-server.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";
import { anomaly, eveningTv, morningLight, T0 } from "./redis-test-findings.js";

const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One instance as the app wires it: its presence on the broker, its Redis publisher behind the write gate. */
async function startInstance(
  brokerUrl: string,
  redisUrl: string,
  self: InstanceIdentity,
  catalog: Finding[],
  options: { readingLate?: boolean } = {},
) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const ingest = new IngestPipeline({
    store: new MemoryEventStore(),
    cursors: new MemoryCursorStore(),
    clock,
    logger,
    filter: () => true,
    bus,
  });
  const connection = presenceConnectionOf(brokerUrl, self);
  const late = options.readingLate ? readingLate(connection) : undefined;
  const presence = createInstancePresence({ connection: late?.connection ?? connection, self, clock, logger });
  const publisher = createRedisPublisher({
    connection: createRedisConnection(redisUrl),
    ingest,
    bus,
    catalog: { list: () => catalog },
    clock,
    logger,
    gate: presence.writeGate,
  });
  const stop = await startGatedWriter(cleanups, { presence, connection: connection, writer: publisher });
  return { bus, presence, publisher, stop, late };
}

/** A broker and a Redis, with what reaches Redis's anomaly channel and the catalog hash's keys. */
async function startBrokerAndRedis() {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const redis = await startRedisServer();
  cleanups.push(() => redis.stop());
  const listener = new Redis(redis.url);
  const db = new Redis(redis.url);
  cleanups.push(() => {
    listener.disconnect();
    db.disconnect();
  });
  const messages: string[] = [];
  listener.on("message", (_channel: string, message: string) => void messages.push(message));
  await listener.subscribe("home_patterns:anomalies");
  const hash = async () => Object.keys(await db.hgetall("home_patterns:patterns"));
  return { broker, redis, db, messages, hash };
}

describe("the Redis live bus of two instances on one broker", () => {
  it("is written by the publishing instance only, and by the other once it takes over", async () => {
    const { broker, redis, db, messages, hash } = await startBrokerAndRedis();

    const old = await startInstance(broker.url, redis.url, OLD_HOST, [morningLight]);
    await eventually(() => old.presence.isOpen(), "the first publishing");
    await vi.waitFor(async () => expect(await hash()).toEqual([morningLight.key]));
    // A restored copy that has learned a little differently: its catalog must not replace the publisher's.
    const next = await startInstance(broker.url, redis.url, NEW_HOST, [eveningTv]);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");

    old.bus.emit("anomaly", anomaly(1));
    next.bus.emit("anomaly", anomaly(1));
    next.bus.emit("anomaly", anomaly(2));
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    // A margin: a standby that wrote would have been heard by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(messages.map((m) => JSON.parse(m).key)).toEqual(["activity_high:kitchen:1"]);
    expect(await db.lrange("home_patterns:anomalies", 0, -1)).toHaveLength(1);
    expect(await hash()).toEqual([morningLight.key]);

    await old.stop();
    await eventually(() => next.presence.isOpen(), "the second taking over");
    await vi.waitFor(async () => expect(await hash()).toEqual([eveningTv.key]));
    next.bus.emit("anomaly", anomaly(3));
    await vi.waitFor(() => expect(messages).toHaveLength(2));
    expect(messages.map((m) => JSON.parse(m).key)).toEqual(["activity_high:kitchen:1", "activity_high:kitchen:3"]);
  });

  it("holds what a newcomer finds while it decides, and drops it once it stands by", async () => {
    const { broker, redis, db, messages, hash } = await startBrokerAndRedis();

    const old = await startInstance(broker.url, redis.url, OLD_HOST, [morningLight]);
    await eventually(() => old.presence.isOpen(), "the first publishing");
    await vi.waitFor(async () => expect(await hash()).toEqual([morningLight.key]));
    // Busy at start: the first instance's answer is in, but not read yet.
    const next = await startInstance(broker.url, redis.url, NEW_HOST, [eveningTv], { readingLate: true });
    await eventually(
      () => next.late?.held.some((m) => m.topic === presenceTopic(OLD_HOST) && !m.retain),
      "the first instance's answer received, not read",
    );
    expect(next.presence.writeGate.mode()).toBe("hold");
    next.bus.emit("anomaly", anomaly(2));
    // A margin: an anomaly written while deciding would have been heard by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(messages).toEqual([]);

    next.late?.release();
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages).toEqual([]);
    expect(await db.lrange("home_patterns:anomalies", 0, -1)).toEqual([]);
    expect(await hash()).toEqual([morningLight.key]);
  });

  it("still writes what an instance found as it stops, after its presence is gone", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const db = new Redis(redis.url);
    cleanups.push(() => db.disconnect());
    const lone = await startInstance(broker.url, redis.url, OLD_HOST, [morningLight]);
    await eventually(() => lone.presence.isOpen(), "publishing");
    // As the app stops: the presence goes with the publishers, the engines flush after them.
    await lone.presence.stop();
    lone.bus.emit("anomaly", anomaly(1));
    await lone.publisher.stop();
    expect((await db.lrange("home_patterns:anomalies", 0, -1)).map((m) => JSON.parse(m).key)).toEqual([
      "activity_high:kitchen:1",
    ]);
  });
});
