// Builds what hands knowledge back to Home Assistant: events over the websocket and MQTT discovery entities.

import type { AppEvents } from "../app-events.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import type { TypedBus } from "../core/event-bus.js";
import type { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { entityName } from "../detectors/scoring/wording.js";
import type { MqttConnection } from "../mqtt/mqtt-connection.js";
import type { NextActionService } from "../predict/next-action-service.js";
import { createHaEventPublisher, type HaEventPublisher } from "../publish/ha-events/index.js";
import type { AreaActivityReading } from "../publish/ha-state-snapshot.js";
import { timeBasedRoutineForecasts } from "../publish/ha-state-snapshot.js";
import { INSTANCE_EVENT_TYPE } from "../publish/instance-presence/bus-announcement.js";
import { type BusFence, createBusFence } from "../publish/instance-presence/bus-fence.js";
import {
  createInstancePresence,
  type InstancePresenceService,
} from "../publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../publish/instance-presence/presence-message.js";
import type { DeviceRegistryAccess } from "../publish/mqtt-discovery/emptied-device-removal.js";
import { createMqttDiscoveryPublisher, type MqttDiscoveryPublisher } from "../publish/mqtt-discovery/index.js";
import { createRememberedConfigTopics } from "../publish/mqtt-discovery/remembered-config-topics.js";
import type { EntityRegistryAccess } from "../publish/mqtt-discovery/stale-entity-removal.js";
import type { HaSource } from "../sources/ha/ha-source.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { Analysis } from "./build-analysis.js";

export interface Publishers {
  haEvents?: HaEventPublisher;
  discovery?: MqttDiscoveryPublisher;
  /** Which instance on the broker publishes: this one, or another while this one stands by. */
  presence?: InstancePresenceService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PublisherDeps {
  config: Config;
  ha?: HaSource;
  mqtt?: MqttConnection;
  /** The presence's own connection (its Last Will deletes the presence); without it the publisher is alone. */
  mqttPresence?: MqttConnection;
  /** Who this instance is, for the presence. */
  instance: InstanceIdentity;
  analysis: Analysis;
  stores: SqliteStores;
  storageBytes: () => number;
  nextActions: NextActionService;
  areaActivity: () => AreaActivityReading[];
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  bus: TypedBus<AppEvents>;
  version: string;
  /** Open problems of the service itself (self-watching): the service problem binary sensor. */
  serviceProblems?: () => readonly { issue: string; summary: string }[];
}

const HOUR = 3_600_000;

export function buildPublishers(deps: PublisherDeps): Publishers {
  const { analysis, clock, ha } = deps;
  const presence =
    deps.mqtt && deps.mqttPresence
      ? createInstancePresence({ connection: deps.mqttPresence, self: deps.instance, clock, logger: deps.logger })
      : undefined;
  const fence = presence && ha ? busFenceOf(ha, presence, deps.instance, deps.logger) : undefined;
  const haEvents = ha
    ? createHaEventPublisher({
        bus: deps.bus,
        fireEvent: (type, data) => ha.fireEvent(type, data),
        // onHomeConfig fires after every (re)connect: the moment held events can go out.
        onConnected: (listener) => ha.onHomeConfig(() => listener()),
        logger: deps.logger.child("ha-events"),
        // The same election as the entities: a standby's automations must not run twice.
        gate: presence?.writeGate,
      })
    : undefined;
  const discovery = deps.mqtt
    ? createMqttDiscoveryPublisher({
        gate: presence,
        connection: deps.mqtt,
        prefix: deps.config.options.mqtt_discovery_prefix,
        clock,
        logger: deps.logger,
        random: Math.random,
        bus: deps.bus,
        version: deps.version,
        rememberedTopics: createRememberedConfigTopics(deps.stores.cursors, deps.logger.child("mqtt-discovery")),
        entityRegistry: ha && deps.config.options.remove_stale_entities ? entityRegistryOf(ha) : undefined,
        deviceRegistry: ha && deps.config.options.remove_stale_entities ? deviceRegistryOf(ha) : undefined,
        snapshot: {
          activePatterns: () => analysis.catalog.list(),
          anomaliesSince: (since) => analysis.patterns.listAnomalies({ since }),
          openAnomalyCount: () => analysis.patterns.listAnomalies({ statuses: ["open"] }).length,
          storageBytes: deps.storageBytes,
          eventsLastHour: () => deps.stores.events.query({ from: clock.now() - HOUR, to: clock.now() + 1 }).length,
          areaActivity: deps.areaActivity,
          serviceProblems: deps.serviceProblems,
          topRoutines: () =>
            timeBasedRoutineForecasts(
              analysis.catalog.list({ type: "time_based" }),
              clock.now(),
              deps.time,
              (entity) => entityName(entity, deps.stores.registry),
              (entity) => deps.stores.registry.deviceClassOf(entity),
            ),
          deviceProblems: () => analysis.deviceHealth(),
          nextActions: () => deps.nextActions.predictions().now.actions,
        },
      })
    : undefined;
  let stopRegistryChecks: (() => void) | undefined;
  return {
    haEvents,
    discovery,
    presence,
    async start() {
      // Before the event publisher: at a reconnect to Home Assistant it may hold what that would fire,
      // and before the presence: the gate's first opening is announced on Home Assistant's bus.
      fence?.start();
      haEvents?.start();
      // The publisher first: it must hear the gate open.
      await discovery?.start();
      await presence?.start();
      // Each connection's sync has read HA's registries: the moment to look for ghosts of ours.
      if (discovery && ha) stopRegistryChecks = ha.onSynced(() => discovery.checkEntityRegistry());
    },
    async stop() {
      stopRegistryChecks?.();
      stopRegistryChecks = undefined;
      // "offline" from the publisher before the presence goes: the next instance's "online" comes after it.
      await discovery?.stop();
      await presence?.stop();
      fence?.stop();
      await haEvents?.stop();
    },
  };
}

/** The fence against a publisher cut off from the broker, over the source's websocket. */
export function busFenceOf(
  ha: HaSource,
  presence: InstancePresenceService,
  self: InstanceIdentity,
  logger: Logger,
): BusFence {
  return createBusFence({
    bus: {
      fire: (type, data) => ha.fireEvent(type, data),
      onAnnouncement: (listener) =>
        ha.onBusEvent((type, data) => {
          if (type === INSTANCE_EVENT_TYPE) listener(data);
        }),
      // onHomeConfig fires after every (re)connect.
      onConnected: (listener) => ha.onHomeConfig(() => listener()),
    },
    presence,
    self,
    logger,
  });
}

/** HA's device registry over the source's websocket, for removing devices of ours left without entities. */
export function deviceRegistryOf(ha: HaSource): DeviceRegistryAccess {
  return {
    listDevices: () => ha.listDeviceRegistry(),
    listEntities: () => ha.listEntityRegistry(),
    mqttConfigEntryIds: () => ha.configEntryIds("mqtt"),
    removeConfigEntry: (deviceId, configEntryId) => ha.removeDeviceConfigEntry(deviceId, configEntryId),
  };
}

/** HA's entity registry over the source's websocket, for removing stale entities of ours. */
export function entityRegistryOf(ha: HaSource): EntityRegistryAccess {
  return {
    listEntities: () => ha.listEntityRegistry(),
    removeEntity: (entityId) => ha.removeEntityRegistryEntry(entityId),
  };
}
