// Chooses and builds the event sources for a run: the simulator for the demo, else Home Assistant and MQTT.

import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { MqttConnection, MqttWill } from "../mqtt/mqtt-connection.js";
import { resolveMqttBroker } from "../mqtt/mqtt-settings.js";
import { INSTANCE_EVENT_TYPE } from "../publish/instance-presence/bus-announcement.js";
import type { EventSource } from "../sources/event-source.js";
import { createHaSource, type HaSource } from "../sources/ha/ha-source.js";
import { createMqttSource } from "../sources/mqtt/mqtt-source.js";
import { ieeeKnownToHomeAssistant } from "../sources/mqtt/zigbee2mqtt-bridge.js";
import { createSimulatorSource, type SimulatorSource } from "../sources/simulator/index.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";

export interface DemoSettings {
  seed?: number;
  speed?: number;
  historyDays?: number;
}

export interface BuiltSources {
  sources: EventSource[];
  ha?: HaSource;
  simulator?: SimulatorSource;
  /** One broker connection shared by the MQTT source and the discovery publisher. */
  mqtt?: MqttConnection;
  /** A second connection to the same broker whose Last Will deletes this instance's presence. */
  mqttPresence?: MqttConnection;
  /** The clock the rest of the app runs on: simulated time in the demo, the real clock otherwise. */
  clock: Clock;
  /** The home's own zone when the source knows it (the simulated home's). */
  timeZone?: string;
}

export interface SourceDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  events: EventStore;
  registry: RegistryStore;
  demo?: DemoSettings;
  fetch?: typeof fetch;
  /** Client ids and Last Wills of the two MQTT connections, when a broker is configured. */
  mqttClients?: MqttClients;
}

export interface MqttClientIdentity {
  /** Unique per run: two instances on one broker must not disconnect each other by sharing an id. */
  clientId: string;
  will: MqttWill;
}

export interface MqttClients {
  /** The shared connection; its Will is the discovery publisher's availability. */
  main: MqttClientIdentity;
  /** The instance presence's connection. */
  presence: MqttClientIdentity;
}

export async function buildSources(deps: SourceDeps): Promise<BuiltSources> {
  const { config, logger } = deps;
  if (config.mode === "demo") {
    const newest = Math.max(0, ...deps.events.lastEventTimes().values());
    const simulator = createSimulatorSource({
      clock: deps.clock,
      seed: deps.demo?.seed ?? 1,
      speed: deps.demo?.speed ?? 60,
      backfillDays: deps.demo?.historyDays ?? 14,
      timeZone: config.timeZone,
      // A restarted demo continues where the stored events end, without delivering them twice.
      startAt: Math.max(deps.clock.now(), newest),
      deliverAfter: newest || undefined,
      logger: logger.child("simulator"),
    });
    const home = simulator.home;
    deps.registry.upsertAreas(home.areas);
    deps.registry.upsertDevices(home.devices);
    deps.registry.upsertEntities(home.entities);
    return { sources: [simulator], simulator, clock: simulator.clock, timeZone: home.timeZone };
  }

  const sources: EventSource[] = [];
  let ha: HaSource | undefined;
  if (config.homeAssistant) {
    ha = createHaSource({
      url: config.homeAssistant.websocketUrl,
      token: config.homeAssistant.token,
      logger: logger.child("ha"),
      clock: deps.clock,
      registry: deps.registry,
      lastEventTimes: () => deps.events.lastEventTimes(),
      maxBackfillMs: Math.max(1, config.options.history_import_days) * 86_400_000,
      // Another instance's takeover, heard without the broker (bus-fence.ts): only with a broker.
      busEventTypes: config.mqtt.kind === "none" ? [] : [INSTANCE_EVENT_TYPE],
    });
    sources.push(ha);
  }

  let mqtt: MqttConnection | undefined;
  let mqttPresence: MqttConnection | undefined;
  const broker = await resolveMqttBroker(config.mqtt, config.supervisor, deps.fetch).catch((err: Error) => {
    // No broker is not fatal: Home Patterns still learns from Home Assistant.
    logger.warn("MQTT is not available", { error: err.message });
    return undefined;
  });
  if (broker) {
    // Loaded only with a broker: the mqtt package adds about 11 MB resident to a service without one.
    const { createMqttConnection } = await import("../mqtt/mqtt-connection.js");
    const connect = (identity: MqttClientIdentity | undefined, name: string) =>
      createMqttConnection(broker.url, {
        username: broker.username,
        password: broker.password,
        protocolVersion: broker.protocolVersion,
        clientId: identity?.clientId,
        will: identity?.will,
        logger: logger.child(name),
      });
    mqtt = connect(deps.mqttClients?.main, "mqtt");
    if (deps.mqttClients) mqttPresence = connect(deps.mqttClients.presence, "mqtt-presence");
    const source = createMqttSource({
      connection: mqtt,
      topics: config.options.mqtt_topics,
      clock: deps.clock,
      logger: logger.child("mqtt-source"),
      // One event per physical change: a device Home Assistant knows is learned from Home Assistant.
      knownToHomeAssistant: ha ? knownDevicesOf(deps.registry, deps.clock) : undefined,
    });
    if (source) sources.push(source);
  }
  return { sources, ha, mqtt, mqttPresence, clock: deps.clock };
}

/** Re-read from the registry at most every few seconds: the check runs for every MQTT message. */
const KNOWN_DEVICES_TTL_MS = 5_000;

function knownDevicesOf(registry: RegistryStore, clock: Clock): (ieee: string) => boolean {
  let known = new Set<string>();
  let readAt = Number.NEGATIVE_INFINITY;
  return (ieee) => {
    if (clock.now() - readAt >= KNOWN_DEVICES_TTL_MS) {
      known = ieeeKnownToHomeAssistant(registry);
      readAt = clock.now();
    }
    return known.has(ieee);
  };
}
