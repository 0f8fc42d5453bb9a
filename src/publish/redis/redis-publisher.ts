// Redis as the live bus: every committed batch, anomaly and catalog change on a channel, the catalog in a hash, recent anomalies in a list.
import type { AppEvents } from "../../app-events.js";
import type { Clock } from "../../core/clock.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import type { Finding } from "../../patterns/finding.js";
import { type Backoff, DeliveryRejected, EngineOutbox, outboxDetail } from "../engine-outbox.js";
import type { EngineStatus } from "../engine-status.js";
import { ALWAYS_WRITE, type WriteGate } from "../write-gate.js";
import { type RedisCommand, type RedisConnection, RedisReplyError } from "./redis-connection.js";
import {
  ANOMALIES_CHANNEL,
  ANOMALIES_LIST,
  anomalyMessage,
  batchMessage,
  EVENTS_CHANNEL,
  PATTERNS_CHANNEL,
  PATTERNS_HASH,
  patternsMessage,
} from "./redis-messages.js";

export const DEFAULT_RECENT_ANOMALIES = 100;
/** Events held while Redis is away; about 10 MB of JSON at most. */
export const DEFAULT_MAX_QUEUED_EVENTS = 50_000;

export interface RedisPublisherDeps {
  connection: RedisConnection;
  ingest: {
    onCommitted(
      name: string,
      fn: (events: readonly HomeEvent[], result: { inserted: number; duplicates: number }) => void,
    ): void;
  };
  bus: TypedBus<AppEvents>;
  /** The patterns a user sees now (PatternCatalog.list()): what the hash must hold. */
  catalog: { list(): readonly (Finding & { key: string })[] };
  clock: Clock;
  logger: Logger;
  recentAnomalies?: number;
  maxQueuedEvents?: number;
  backoff?: Backoff;
  /**
   * Which instance on the MQTT broker writes (the instance presence): a standby of the same home
   * would repeat every message on the channels and list, and put its own catalog in the hash.
   * Absent: always writes.
   */
  gate?: WriteGate;
}

export interface RedisPublisher {
  /** Starts listening; the first connection (lazily, in the background) fills the catalog hash. */
  start(): void;
  /** Sends what is queued if Redis is there, then closes the connection. */
  stop(): Promise<void>;
  status(): EngineStatus;
}

type Outgoing =
  | { kind: "publish"; channel: string; message: string; weight: number }
  | { kind: "anomaly"; message: string }
  /** Nothing to publish; makes sure the catalog hash is written. */
  | { kind: "catalog" };

const AUTH_FAILURE = /NOAUTH|WRONGPASS|invalid (username-)?password|NOPERM|ERR AUTH/i;

export function createRedisPublisher(deps: RedisPublisherDeps): RedisPublisher {
  const { connection } = deps;
  const logger = deps.logger.child("redis");
  const recent = Math.max(1, deps.recentAnomalies ?? DEFAULT_RECENT_ANOMALIES);
  const gate = deps.gate ?? ALWAYS_WRITE;
  const standingBy = () => gate.mode() === "drop";
  let running = false;
  /**
   * Bumped by each (re)connect (a restarted Redis may have lost the hash) and catalog change; the hash
   * is rewritten until a write of the newest version succeeded.
   */
  let catalogVersion = 1;
  let writtenVersion = 0;
  const offs: (() => void)[] = [];

  const catalogCommands = (): RedisCommand[] => {
    const fields: string[] = [];
    for (const p of deps.catalog.list()) fields.push(p.key, JSON.stringify(p));
    // DEL and HSET in one MULTI: readers never see a half-written catalog.
    return fields.length > 0
      ? [
          ["del", PATTERNS_HASH],
          ["hset", PATTERNS_HASH, ...fields],
        ]
      : [["del", PATTERNS_HASH]];
  };

  const outbox = new EngineOutbox<Outgoing>({
    clock: deps.clock,
    logger,
    backoff: deps.backoff,
    maxQueued: deps.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS,
    maxBatch: 5_000,
    weight: (item) => (item.kind === "publish" ? item.weight : 1),
    counted: (item) => item.kind !== "catalog",
    needsUser: (err) => AUTH_FAILURE.test(err instanceof Error ? err.message : String(err)),
    // Kept while it is decided which instance writes: a standby-to-be would repeat the publisher's.
    // Not once stopping: the presence stops first, and the last flush must still go out.
    paused: () => running && gate.mode() === "hold",
    async connect() {
      await connection.connect();
      catalogVersion++;
      logger.info("connected", { target: connection.target });
    },
    async deliver(items) {
      // Queued before another instance was found publishing: it writes its own.
      if (standingBy()) return;
      const commands: RedisCommand[] = [];
      const version = catalogVersion;
      // The hash is the publishing instance's: one still deciding leaves it alone until it knows.
      const ownsCatalog = gate.mode() === "write";
      if (ownsCatalog && version !== writtenVersion) commands.push(...catalogCommands());
      for (const item of items) {
        if (item.kind === "publish") commands.push(["publish", item.channel, item.message]);
        if (item.kind === "anomaly") {
          commands.push(["lpush", ANOMALIES_LIST, item.message], ["ltrim", ANOMALIES_LIST, 0, recent - 1]);
          commands.push(["publish", ANOMALIES_CHANNEL, item.message]);
        }
      }
      if (commands.length === 0) return;
      try {
        await connection.transaction(commands);
      } catch (err) {
        if (err instanceof RedisReplyError && !AUTH_FAILURE.test(err.message)) throw new DeliveryRejected(err.message);
        throw err;
      }
      if (ownsCatalog) writtenVersion = Math.max(writtenVersion, version);
    },
  });
  connection.onDisconnected((reason) => {
    outbox.disconnected();
    if (running) logger.warn("connection lost", { target: connection.target, reason });
  });

  return {
    start() {
      if (running) return;
      running = true;
      deps.ingest.onCommitted("redis", (events, result) => {
        if (!running || events.length === 0 || standingBy()) return;
        const message = JSON.stringify(batchMessage(events, result));
        outbox.push({ kind: "publish", channel: EVENTS_CHANNEL, message, weight: events.length });
      });
      offs.push(
        deps.bus.on("anomaly", "redis", (anomaly) => {
          if (standingBy()) return;
          outbox.push({ kind: "anomaly", message: JSON.stringify(anomalyMessage(anomaly)) });
        }),
        deps.bus.on("patternsUpdated", "redis", ({ active, changed }) => {
          catalogVersion++;
          if (standingBy()) return;
          outbox.push({
            kind: "publish",
            channel: PATTERNS_CHANNEL,
            message: JSON.stringify(patternsMessage(active, changed)),
            weight: 1,
          });
        }),
        gate.onChange((mode) => {
          if (mode !== "write") {
            // Standing by: what was kept while deciding goes, unwritten (deliver drops it).
            outbox.resume();
            return;
          }
          // Taking over: the hash gets this instance's catalog; nothing of the standby time is replayed.
          catalogVersion++;
          outbox.push({ kind: "catalog" });
        }),
      );
      outbox.push({ kind: "catalog" });
    },
    async stop() {
      running = false;
      for (const off of offs.splice(0)) off();
      await outbox.flush();
      await outbox.stop();
      await connection.close();
    },
    status() {
      return {
        name: "redis",
        state: outbox.state(),
        detail: outboxDetail(connection.target, outbox.status(), "message"),
      };
    },
  };
}
