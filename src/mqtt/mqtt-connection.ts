// The one MQTT connection of the process: the only file that imports the `mqtt` package.
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

/** How long a graceful close may wait for the broker to take what is in flight before it is forced. */
const GRACEFUL_CLOSE_MS = 2_000;

export interface MqttWill {
  topic: string;
  payload: string;
  retain?: boolean;
  qos?: 0 | 1 | 2;
}

export interface MqttConnectOptions {
  username?: string;
  password?: string;
  clientId?: string;
  /** Published by the broker when this client goes away without saying goodbye. */
  will?: MqttWill;
  /** 3 = MQTT 3.1, 4 = 3.1.1 (default), 5 = 5.0. */
  protocolVersion?: 3 | 4 | 5;
  /** Wait between reconnect attempts after a lost connection (default 5000 ms). */
  reconnectPeriodMs?: number;
  /** How long the first connect may take before it fails (default 10000 ms). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

export interface MqttMessage {
  topic: string;
  payload: Buffer;
  /** True when the broker replayed a retained message (old news) rather than a live publish. */
  retain: boolean;
}

export interface MqttPublishOptions {
  retain?: boolean;
  qos?: 0 | 1 | 2;
}

export interface MqttConnection {
  /** The broker URL without credentials, safe to show. */
  readonly url: string;
  readonly connected: boolean;
  /** Subscribes now if connected, and again after every reconnect. */
  subscribe(topic: string): Promise<void>;
  unsubscribe(topic: string): Promise<void>;
  publish(topic: string, payload: string | Buffer, options?: MqttPublishOptions): Promise<void>;
  /** Every incoming message; the returned function removes the listener. */
  onMessage(fn: (message: MqttMessage) => void): () => void;
  /**
   * After every reconnect, once subscriptions are renewed, and right away (next microtask) when
   * already connected: the place to publish "online".
   */
  onConnect(fn: () => void): () => void;
  onDisconnect(fn: (reason: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * Connects to a broker. Resolves once connected; rejects with a readable error when the first
 * attempt fails (unreachable, refused credentials). After that it reconnects by itself forever.
 */
export function connectMqtt(url: string, options: MqttConnectOptions = {}): Promise<MqttConnection> {
  const { client, connection } = open(url, options);
  return new Promise((resolve, reject) => {
    let settled = false;
    const failFirst = (err: unknown) => {
      if (settled) return;
      settled = true;
      client.removeListener("connect", succeed);
      client.end(true);
      reject(new Error(`Cannot connect to MQTT broker ${connection.url}: ${describeError(err)}`));
    };
    const succeed = () => {
      if (settled) return;
      settled = true;
      client.removeListener("error", failFirst);
      resolve(connection);
    };
    client.once("error", failFirst);
    client.once("connect", succeed);
  });
}

/**
 * A connection that is not waited for: it keeps trying in the background (a broker add-on may
 * start after us) and subscribes and calls onConnect listeners once it gets through.
 */
export function createMqttConnection(url: string, options: MqttConnectOptions = {}): MqttConnection {
  return open(url, options).connection;
}

function open(url: string, options: MqttConnectOptions): { client: MqttClient; connection: MqttConnection } {
  const clientOptions: IClientOptions = {
    username: options.username,
    password: options.password,
    clientId: options.clientId ?? `home-patterns-${Math.random().toString(16).slice(2, 10)}`,
    protocolVersion: options.protocolVersion ?? 4,
    reconnectPeriod: options.reconnectPeriodMs ?? 5000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    // We renew subscriptions ourselves on every connect, so the set is ours and testable.
    resubscribe: false,
    clean: true,
    // A broker that restarts with different credentials still gets retried, not abandoned.
    reconnectOnConnackError: true,
    will: options.will
      ? {
          topic: options.will.topic,
          payload: Buffer.from(options.will.payload),
          retain: options.will.retain ?? false,
          qos: options.will.qos ?? 0,
        }
      : undefined,
  };
  const client = mqtt.connect(url, clientOptions);
  return { client, connection: wrapClient(client, withoutCredentials(url), options.logger) };
}

function wrapClient(client: MqttClient, url: string, logger: Logger | undefined): MqttConnection {
  const topics = new Set<string>();
  const messageListeners = new Set<(m: MqttMessage) => void>();
  // listener → the connection generation it was last told about, so no listener hears one connect twice.
  const connectListeners = new Map<() => void, number>();
  let generation = 0;
  const disconnectListeners = new Set<(reason: string) => void>();
  let lastError: string | undefined;
  let wasConnected = false;
  let everConnected = false;
  let closing = false;
  /** Rejecters of the publishes mqtt.js has not called back yet. */
  const unsent = new Set<(reason: string) => void>();

  const call = <A extends unknown[]>(fns: Iterable<(...a: A) => void>, ...args: A) => {
    for (const fn of fns) {
      try {
        fn(...args);
      } catch (err) {
        logger?.error("mqtt listener failed", { error: errorMessage(err) });
      }
    }
  };

  const tellConnected = (fn: () => void) => {
    if (!connectListeners.has(fn) || connectListeners.get(fn) === generation || !client.connected) return;
    connectListeners.set(fn, generation);
    call([fn]);
  };

  const sendSubscribe = (topic: string) =>
    new Promise<void>((resolve, reject) => {
      client.subscribe(topic, { qos: 0 }, (err, granted) => {
        if (err) return reject(new Error(`MQTT subscribe to ${topic} failed: ${err.message}`));
        if (granted?.some((g) => g.qos === 128))
          return reject(new Error(`MQTT broker refused subscription to ${topic}`));
        resolve();
      });
    });

  client.on("message", (topic, payload, packet) => {
    call(messageListeners, { topic, payload, retain: packet.retain === true });
  });
  client.on("error", (err) => {
    const message = describeError(err);
    // A broker that stays down fails every reconnect the same way: say it once.
    if (message !== lastError) logger?.warn("mqtt error", { url, error: message });
    lastError = message;
  });
  client.on("close", () => {
    if (!wasConnected || closing) return;
    wasConnected = false;
    logger?.warn("mqtt connection lost, reconnecting", { url });
    call(disconnectListeners, lastError ?? "connection closed");
  });
  client.on("connect", () => {
    wasConnected = true;
    generation++;
    lastError = undefined;
    logger?.info(everConnected ? "mqtt reconnected" : "mqtt connected", { url });
    everConnected = true;
    const renewals = [...topics].map((t) =>
      sendSubscribe(t).catch((err) => logger?.error("mqtt subscribe failed", { topic: t, error: errorMessage(err) })),
    );
    void Promise.all(renewals).then(() => [...connectListeners.keys()].forEach(tellConnected));
  });

  return {
    url,
    get connected() {
      return client.connected;
    },
    async subscribe(topic) {
      topics.add(topic);
      if (client.connected) await sendSubscribe(topic);
    },
    async unsubscribe(topic) {
      if (!topics.delete(topic) || !client.connected) return;
      await new Promise<void>((resolve, reject) => {
        client.unsubscribe(topic, (err) =>
          err ? reject(new Error(`MQTT unsubscribe from ${topic} failed: ${err.message}`)) : resolve(),
        );
      });
    },
    publish(topic, payload, options = {}) {
      return new Promise((resolve, reject) => {
        const fail = (reason: string) => reject(new Error(`MQTT publish to ${topic} failed: ${reason}`));
        unsent.add(fail);
        client.publish(topic, payload, { retain: options.retain ?? false, qos: options.qos ?? 0 }, (err) => {
          unsent.delete(fail);
          if (err) fail(err.message);
          else resolve();
        });
      });
    },
    onMessage(fn) {
      messageListeners.add(fn);
      return () => void messageListeners.delete(fn);
    },
    onConnect(fn) {
      connectListeners.set(fn, 0);
      if (client.connected) queueMicrotask(() => tellConnected(fn));
      return () => void connectListeners.delete(fn);
    },
    onDisconnect(fn) {
      disconnectListeners.add(fn);
      return () => void disconnectListeners.delete(fn);
    },
    close() {
      closing = true;
      // Away from the broker, a graceful end waits for the queued messages to go out, which they
      // never will: a stopping service would hang until it is killed. Forced, they fail at once.
      // mqtt.js calls back once the socket closes, which a socket already gone never does again.
      const force = !client.connected;
      return new Promise<void>((resolve) => {
        const closed = () => {
          clearTimeout(forceAfter);
          resolve();
        };
        const forceAfter = setTimeout(() => client.end(true, {}, closed), GRACEFUL_CLOSE_MS);
        client.end(force, {}, closed);
      }).then(() => {
        // What mqtt.js still holds for a reconnect is never sent now: its callers hear so.
        for (const fail of [...unsent]) fail("the connection was closed before it was sent");
        unsent.clear();
      });
    },
  };
}

function describeError(err: unknown): string {
  const message = errorMessage(err);
  const code = (err as { code?: unknown })?.code;
  if (code === "ECONNREFUSED") return `connection refused (is the broker running?) ${message}`;
  if (code === "ENOTFOUND") return `host not found ${message}`;
  return message;
}

/** Drops user:password from a URL so it can be logged and shown. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}
