// Events from MQTT topics (zigbee2mqtt and other JSON payloads) over the shared MQTT connection.
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection, MqttMessage } from "../../mqtt/mqtt-connection.js";
import type { EventSink, EventSource, SourceState, SourceStatus } from "../event-source.js";
import { ArrivalStamps } from "./arrival-stamps.js";
import { eventsFromPayload } from "./payload-events.js";
import { routeTopic, subscriptionBase, type TopicRoute } from "./topic-routing.js";
import { type DeviceCatalog, parseBridgeDevices } from "./zigbee2mqtt-bridge.js";

export const MQTT_SOURCE = "mqtt";

export interface MqttSourceOptions {
  /** The process's shared connection; the source subscribes on it and never closes it. */
  connection: MqttConnection;
  /** The mqtt_topics option, e.g. ["zigbee2mqtt/+"]. */
  topics: readonly string[];
  clock: Clock;
  logger: Logger;
  /**
   * True for a zigbee2mqtt device (by IEEE address) that Home Assistant already knows: its
   * changes come through Home Assistant, with user, context and area, and are not read here too.
   */
  knownToHomeAssistant?: (ieee: string) => boolean;
}

export interface MqttSource extends EventSource {
  /** Friendly names learned from bridge/devices, per base topic. */
  knownDevices(): { base: string; devices: string[] }[];
}

/** The MQTT source, or undefined when no topics are configured (then there is nothing to read). */
export function createMqttSource(options: MqttSourceOptions): MqttSource | undefined {
  const topics = [...new Set(options.topics.map((t) => t.trim()).filter((t) => t !== ""))];
  if (topics.length === 0) return undefined;
  const { connection, clock } = options;
  const logger = options.logger.child("mqtt-source");
  // zigbee2mqtt keeps its device inventory retained under <base>/bridge/devices.
  const bridgeTopics = [
    ...new Set(
      topics
        .filter((t) => /[+#]/.test(t))
        .map(subscriptionBase)
        .filter((b) => b !== "")
        .map((b) => `${b}/bridge/devices`),
    ),
  ];
  const catalogs = new Map<string, DeviceCatalog>();
  const ieeeByBase = new Map<string, Map<string, string>>();
  let leftToHomeAssistant = 0;
  const lastStates = new Map<string, string>();
  const stamps = new ArrivalStamps();
  let sink: EventSink | undefined;
  let state: SourceState = "stopped";
  let lastError: string | undefined;
  let eventsDelivered = 0;
  let lastEventAt: number | undefined;
  let rejected = 0;
  const unlisten: (() => void)[] = [];

  const reject = (reason: string) => {
    rejected++;
    sink?.reject(MQTT_SOURCE, reason);
  };

  const handle = (message: MqttMessage) => {
    if (!sink) return;
    const route: TopicRoute = routeTopic(message.topic, topics);
    if (route.kind === "ignore") return;
    const text = message.payload.toString("utf8");
    // An empty retained message only clears the broker's copy.
    if (text.trim() === "") return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      reject(`${message.topic}: payload is not JSON: ${JSON.stringify(text.slice(0, 60))}`);
      return;
    }
    if (route.kind === "bridge-devices") {
      try {
        const { catalog, ieee } = parseBridgeDevices(payload);
        catalogs.set(route.base, catalog);
        ieeeByBase.set(route.base, ieee);
        logger.info("zigbee2mqtt devices learned", { base: route.base, devices: catalog.size });
      } catch (err) {
        reject(`${message.topic}: ${errorMessage(err)}`);
      }
      return;
    }
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
      reject(`${message.topic}: payload is not a JSON object: ${JSON.stringify(text.slice(0, 60))}`);
      return;
    }
    const ieee = ieeeByBase.get(route.base)?.get(route.device);
    if (ieee !== undefined && options.knownToHomeAssistant?.(ieee)) {
      leftToHomeAssistant++;
      return;
    }
    const catalog = catalogs.get(route.base);
    const events = eventsFromPayload({
      device: route.device,
      payload: payload as Record<string, unknown>,
      mappings: catalog?.get(route.device),
      lastStates,
      retained: message.retain,
      ts: clock.now(),
      source: MQTT_SOURCE,
    });
    for (const event of events) {
      event.ts = stamps.stamp(event.entity, event.ts);
      sink.push(event);
      eventsDelivered++;
      lastEventAt = event.ts;
    }
  };

  return {
    name: MQTT_SOURCE,
    async start(target) {
      if (sink) throw new Error("mqtt source is already started");
      sink = target;
      state = "starting";
      unlisten.push(
        connection.onMessage(handle),
        connection.onDisconnect((reason) => {
          state = "disconnected";
          lastError = reason;
        }),
        connection.onConnect(() => {
          if (sink) state = "connected";
        }),
      );
      try {
        // The inventory first, so retained device states that follow are read with it.
        for (const topic of [...bridgeTopics, ...topics]) await connection.subscribe(topic);
      } catch (err) {
        state = "error";
        lastError = errorMessage(err);
        throw err;
      }
      state = connection.connected ? "connected" : "disconnected";
      // Not yet connected, the topics are subscribed on connect (the "mqtt connected" line).
      logger.info(state === "connected" ? "subscribed" : "subscribing once the broker answers", {
        url: connection.url,
        topics,
      });
    },
    async stop() {
      if (!sink) return;
      sink = undefined;
      for (const off of unlisten.splice(0)) off();
      for (const topic of [...bridgeTopics, ...topics]) {
        await connection
          .unsubscribe(topic)
          .catch((err) => logger.warn("unsubscribe failed", { topic, error: errorMessage(err) }));
      }
      state = "stopped";
    },
    status(): SourceStatus {
      const devices = [...catalogs.values()].reduce((n, c) => n + c.size, 0);
      const parts = [`${connection.url} ${topics.join(", ")}`];
      if (devices > 0) parts.push(`${devices} zigbee2mqtt devices`);
      if (leftToHomeAssistant > 0) parts.push(`${leftToHomeAssistant} messages of devices read through Home Assistant`);
      if (rejected > 0) parts.push(`${rejected} payloads skipped`);
      if (lastError && state !== "connected") parts.push(`last error: ${lastError}`);
      return { name: MQTT_SOURCE, state, detail: parts.join("; "), lastEventAt, eventsDelivered };
    },
    knownDevices() {
      return [...catalogs].map(([base, catalog]) => ({ base, devices: [...catalog.keys()] }));
    },
  };
}
