// The one file that imports ioredis: a connection that never reconnects on its own timers (the publisher retries on its Clock).
// ioredis is loaded on the first connect, so an install without Redis never pays for it in memory or start time.
import type { Redis } from "ioredis";
import { redactUrl } from "../engine-status.js";

export type RedisCommand =
  | ["publish", channel: string, message: string]
  | ["hset", key: string, ...fieldsAndValues: string[]]
  | ["del", key: string]
  | ["lpush", key: string, ...values: string[]]
  | ["ltrim", key: string, start: number, stop: number]
  | ["hdel", key: string, ...fields: string[]]
  | ["lrem", key: string, count: number, value: string];

export interface RedisConnection {
  /** The URL without its password, for logs and status. */
  readonly target: string;
  /** Opens a fresh connection (closing an older one). Rejects when Redis cannot be reached or refuses the login. */
  connect(): Promise<void>;
  /** Runs the commands in one MULTI/EXEC: all of them or, when the connection breaks, none. */
  transaction(commands: readonly RedisCommand[]): Promise<void>;
  /** A hash's fields and values (empty when the key does not exist): what forgetting looks through. */
  readHash(key: string): Promise<Record<string, string>>;
  /** A list's items, head first. */
  readList(key: string): Promise<string[]>;
  /** Called when an open connection is lost. */
  onDisconnected(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

/** A command Redis answered with an error (WRONGTYPE, NOAUTH): sending it again would fail the same way. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisReplyError";
  }
}

export interface RedisConnectionOptions {
  connectTimeoutMs?: number;
}

export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): RedisConnection {
  let client: Redis | undefined;
  const listeners: ((reason: string) => void)[] = [];
  let lastError = "";

  const dispose = (c: Redis) => {
    c.removeAllListeners();
    // An error after we let go of a client must not become an unhandled 'error' event.
    c.on("error", () => undefined);
    c.disconnect();
  };

  return {
    target: redactUrl(url),
    async connect() {
      if (client) dispose(client);
      const { Redis } = await import("ioredis");
      const c = new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        // No reconnecting and no per-command retries of its own: the outbox decides when to try again.
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        connectTimeout: options.connectTimeoutMs ?? 10_000,
      });
      client = c;
      let refused: string | undefined;
      c.on("error", (err: Error) => {
        lastError = err.message;
        refused ??= err.message;
      });
      try {
        await c.connect();
      } catch (err) {
        dispose(c);
        if (client === c) client = undefined;
        // A refused AUTH arrives as an 'error' event; connect() itself only says "Connection is closed".
        throw refused !== undefined ? new Error(refused) : err;
      }
      c.once("close", () => {
        if (client !== c) return;
        client = undefined;
        dispose(c);
        for (const listener of listeners) listener(lastError || "connection closed");
      });
    },
    async transaction(commands) {
      const c = client;
      if (c?.status !== "ready") throw new Error("not connected to Redis");
      const results = await c.multi(commands.map((cmd) => [...cmd])).exec();
      if (results === null) throw new Error("Redis discarded the transaction");
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw new RedisReplyError(failed[0].message);
    },
    async readHash(key) {
      if (client?.status !== "ready") throw new Error("not connected to Redis");
      return client.hgetall(key);
    },
    async readList(key) {
      if (client?.status !== "ready") throw new Error("not connected to Redis");
      return client.lrange(key, 0, -1);
    },
    onDisconnected(listener) {
      listeners.push(listener);
    },
    async close() {
      const c = client;
      client = undefined;
      if (!c) return;
      c.removeAllListeners("close");
      await c.quit().catch(() => undefined);
      dispose(c);
    },
  };
}
