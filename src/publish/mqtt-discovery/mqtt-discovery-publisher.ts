// Announces Home Patterns to Home Assistant over MQTT discovery and keeps its entities' states current.
import type { AppEvents } from "../../app-events.js";
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection, MqttMessage, MqttPublishOptions } from "../../mqtt/mqtt-connection.js";
import type { Anomaly } from "../../patterns/finding.js";
import { type HaStateProvider, takeHaStateSnapshot } from "../ha-state-snapshot.js";
import { createChangePublisher } from "./change-publisher.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import {
  AVAILABILITY_TOPIC,
  attributesTopic,
  configTopic,
  haStatusTopic,
  normalizeDiscoveryPrefix,
  ownConfigFilter,
  parseConfigTopicAnyPrefix,
  parseOwnConfigTopic,
  stateTopic,
} from "./discovery-topics.js";
import { type DeviceRegistryAccess, removeEmptiedDevices } from "./emptied-device-removal.js";
import { publishedComponents } from "./published-components.js";
import { ALWAYS_OPEN, type PublishingGate } from "./publishing-gate.js";
import type { RememberedConfigTopics } from "./remembered-config-topics.js";
import { type EntityRegistryAccess, removeStaleEntities } from "./stale-entity-removal.js";
import { anomalyEventPayload, anomalyEventTopic } from "./summary-components.js";

/** Area activity and "next expected" times move with the clock, not only with events. */
export const REFRESH_INTERVAL_MS = 5 * 60_000;
/** Ingest commits a batch every second; the rate sensor does not need to follow that closely. */
export const INGEST_REFRESH_MIN_INTERVAL_MS = 30_000;
/** After HA's birth message: wait 1–5 s, so many clients do not all answer HA at the same instant. */
export const BIRTH_RESEND_MIN_MS = 1_000;
export const BIRTH_RESEND_SPREAD_MS = 4_000;
const STOP_WAIT_MS = 5_000;

const RETAINED: MqttPublishOptions = { retain: true, qos: 1 };
const LISTENER = "mqtt-discovery";

export interface MqttDiscoveryPublisherDeps {
  /** The process's shared connection, created with discoveryAvailabilityWill(); never closed here. */
  connection: MqttConnection;
  /** The mqtt_discovery_prefix option ("homeassistant" by default). */
  prefix: string;
  clock: Clock;
  logger: Logger;
  /** A number in [0, 1) (Math.random in production): spreads the resend after HA's birth message. */
  random: () => number;
  snapshot: HaStateProvider;
  bus: TypedBus<AppEvents>;
  /** package.json version, shown as the device's and origin's sw_version. */
  version: string;
  configurationUrl?: string;
  /**
   * Every config topic published, kept across restarts: one no longer wanted is cleared even when
   * the broker lost its retained config or the prefix changed. Absent: remembered for this run only.
   */
  rememberedTopics?: RememberedConfigTopics;
  /**
   * Home Assistant's entity registry: entities of ours that nothing publishes any more are removed
   * from it (the remove_stale_entities option). Absent: the registry is left alone.
   */
  entityRegistry?: EntityRegistryAccess;
  /**
   * Closed while another Home Patterns instance publishes on this broker: then nothing is published,
   * cleared or removed, and opening it publishes everything. Absent: always open.
   */
  gate?: PublishingGate;
  /**
   * Home Assistant's device registry: devices of ours left without entities (HA keeps a device
   * when its last entity is removed from the entity registry) are removed from it after each
   * registry check. Absent: the device registry is left alone.
   */
  deviceRegistry?: DeviceRegistryAccess;
}

export interface MqttDiscoveryStatus {
  /** standby: another instance publishes to Home Assistant, this one leaves its entities alone. */
  state: "stopped" | "waiting_for_broker" | "publishing" | "standby";
  prefix: string;
  /** Entities currently announced. */
  entities: number;
  /** Stale entities removed from Home Assistant's entity registry since start. */
  staleEntitiesRemoved: number;
  /** Devices of ours without entities removed from Home Assistant's device registry since start. */
  emptiedDevicesRemoved: number;
  /** Registry removals (entities and devices) that failed since start; each is tried again at the next connect. */
  registryRemovalsFailed: number;
  messagesSent: number;
  anomalyEventsFired: number;
  lastRefreshAt: number | null;
  lastError: string | null;
}

export interface MqttDiscoveryPublisher {
  /** Subscribes to HA's status and our own retained configs; publishes everything once connected. */
  start(): Promise<void>;
  /** Says "offline" (a clean shutdown does not trigger the Last Will) unless on standby, and lets go of the connection. */
  stop(): Promise<void>;
  /** Looks for stale entities of ours in HA's entity registry again (call after each (re)connect to HA). */
  checkEntityRegistry(): void;
  status(): MqttDiscoveryStatus;
}

export function createMqttDiscoveryPublisher(deps: MqttDiscoveryPublisherDeps): MqttDiscoveryPublisher {
  const prefix = normalizeDiscoveryPrefix(deps.prefix);
  const { connection, clock, bus } = deps;
  const logger = deps.logger.child("mqtt-discovery");
  const identity = { version: deps.version, configurationUrl: deps.configurationUrl };
  const gate = deps.gate ?? ALWAYS_OPEN;
  const out = createChangePublisher(connection, () => gate.isOpen());
  const statusTopic = haStatusTopic(prefix);
  const configFilter = ownConfigFilter(prefix);

  let running = false;
  /** config topic → what it announces, as of the last refresh. */
  let produced = new Map<string, DiscoveredComponent>();
  let haveProduced = false;
  /** Config topics published and not yet cleared, this run's and earlier runs'; loaded at the first refresh. */
  let remembered: Set<string> | undefined;
  /** The registry is checked after the first refresh, after each HA connect, and when what we publish changes. */
  let registryCheckDue = true;
  let registryCheckedFor = "";
  let staleEntitiesRemoved = 0;
  let emptiedDevicesRemoved = 0;
  let registryRemovalsFailed = 0;
  /**
   * The registry check runs beside the publishing queue, not in it: a Home Assistant that stops
   * answering must not hold up MQTT. One at a time; a request meanwhile runs once more after it.
   */
  let registryRun: Promise<void> | undefined;
  let registryAgain = false;
  /** Retained configs of ours seen before we knew what we produce: judged after the first refresh. */
  const strayConfigs = new Set<string>();
  let lastRefreshAt: number | null = null;
  let lastIngestRefreshAt = Number.NEGATIVE_INFINITY;
  let lastError: string | null = null;
  let anomalyEventsFired = 0;
  let periodicTimer: TimerHandle | undefined;
  let ingestTimer: TimerHandle | undefined;
  let birthTimer: TimerHandle | undefined;
  const unlisten: (() => void)[] = [];

  // One job at a time, in order: two refreshes interleaving could send an older state last.
  let work: Promise<void> = Promise.resolve();
  const enqueue = (what: string, job: () => Promise<void>): Promise<void> => {
    work = work.then(async () => {
      if (!running) return;
      try {
        await job();
      } catch (err) {
        // Stopped meanwhile: the connection's close failed what it still held, as it should.
        if (!running) return;
        lastError = `${what}: ${errorMessage(err)}`;
        logger.error("mqtt discovery step failed", { step: what, error: errorMessage(err) });
      }
    });
    return work;
  };

  async function refresh(force: boolean, announceOnline: boolean): Promise<void> {
    // While disconnected nothing is sent; the next connect publishes everything anyway. On standby
    // the other instance's entities are left as they are; taking over publishes everything.
    if (!connection.connected || !gate.isOpen()) return;
    let components: DiscoveredComponent[];
    try {
      components = publishedComponents(identity, takeHaStateSnapshot(deps.snapshot, clock.now()));
    } catch (err) {
      // Keep what HA has rather than removing entities because a store could not be read.
      lastError = `reading what to publish: ${errorMessage(err)}`;
      logger.error("cannot read what to publish to Home Assistant", { error: errorMessage(err) });
      return;
    }
    const next = new Map(components.map((c) => [configTopic(prefix, c.component, c.objectId), c] as const));
    remembered ??= deps.rememberedTopics?.load() ?? new Set();
    const known = new Set([...remembered, ...produced.keys()]);
    // Remembered before it is sent: a crash half way still leaves a record of every topic used.
    rememberTopics(new Set([...known, ...next.keys()]));
    const nextObjectIds = new Set(components.map((c) => c.objectId));
    for (const topic of known) {
      if (next.has(topic)) continue;
      const why = produced.has(topic) ? "no longer produced" : "published by an earlier run";
      const parsed = parseConfigTopicAnyPrefix(topic);
      // Under an old prefix the same object id may still be ours under the new one: its state stays.
      const ownsState = parsed !== undefined && parsed.component !== "event" && !nextObjectIds.has(parsed.objectId);
      await removeComponent(topic, ownsState, why);
    }
    produced = next;
    haveProduced = true;
    for (const [topic, component] of next) await out.publish(topic, JSON.stringify(component.config), RETAINED, force);
    rememberTopics(new Set(next.keys()));
    // After the configs, so HA has subscribed to the availability topic's retained value by then.
    if (announceOnline) await out.publish(AVAILABILITY_TOPIC, "online", RETAINED, true);
    for (const component of components) {
      if (component.state !== undefined)
        await out.publish(stateTopic(component.objectId), component.state, RETAINED, force);
      if (component.attributes !== undefined) {
        await out.publish(attributesTopic(component.objectId), JSON.stringify(component.attributes), RETAINED, force);
      }
    }
    lastRefreshAt = clock.now();
    const stray = [...strayConfigs];
    strayConfigs.clear();
    for (const topic of stray) await clearIfStale(topic);
    if (registryCheckDue || wantedKey() !== registryCheckedFor) checkRegistry();
  }

  function rememberTopics(topics: Set<string>): void {
    remembered = topics;
    try {
      deps.rememberedTopics?.save(topics);
    } catch (err) {
      // Publishing goes on: HA's entity registry is the second way to find what is left over.
      lastError = `remembering the published topics: ${errorMessage(err)}`;
      logger.warn("cannot remember the published MQTT discovery topics", { error: errorMessage(err) });
    }
  }

  function wantedUniqueIds(): Set<string> {
    const ids = new Set<string>();
    for (const component of produced.values()) {
      if (typeof component.config.unique_id === "string") ids.add(component.config.unique_id);
    }
    return ids;
  }

  /** The device identifiers of what we publish now: a device with one of them is never removed. */
  function wantedDeviceIdentifiers(): Set<string> {
    const ids = new Set<string>();
    for (const component of produced.values()) {
      const device = component.config.device as { identifiers?: unknown } | undefined;
      if (!Array.isArray(device?.identifiers)) continue;
      for (const id of device.identifiers) if (typeof id === "string") ids.add(id);
    }
    return ids;
  }

  function wantedKey(): string {
    return [...wantedUniqueIds(), ...[...wantedDeviceIdentifiers()].map((id) => `device:${id}`)].sort().join("\n");
  }

  /** Stale entities first: a device they leave empty is removed in the same check. */
  async function cleanRegistries(entities: EntityRegistryAccess): Promise<void> {
    const stale = await removeStaleEntities(
      entities,
      (uniqueId) => !gate.isOpen() || wantedUniqueIds().has(uniqueId),
      logger,
    );
    staleEntitiesRemoved += stale.removed.length;
    registryRemovalsFailed += stale.failed.length;
    if (!deps.deviceRegistry) return;
    const devices = await removeEmptiedDevices(
      deps.deviceRegistry,
      (identifier) => !gate.isOpen() || wantedDeviceIdentifiers().has(identifier),
      logger,
    );
    emptiedDevicesRemoved += devices.removed.length;
    registryRemovalsFailed += devices.failed.length;
  }

  /** Starts a registry check unless one runs (then it runs again after). Only once we know what we publish. */
  function checkRegistry(): void {
    const registry = deps.entityRegistry;
    if (!registry || !running || !haveProduced || !gate.isOpen()) return;
    if (registryRun) {
      registryAgain = true;
      return;
    }
    registryCheckDue = false;
    registryCheckedFor = wantedKey();
    // Judged against what is published at the moment of each removal, not when the list was read;
    // once another instance publishes, every entity and device is its to keep.
    registryRun = cleanRegistries(registry)
      .catch((err) => {
        // Not connected to Home Assistant now: its next connect asks again (checkEntityRegistry).
        logger.warn("cannot look for stale entities or emptied devices in Home Assistant's registries", {
          error: errorMessage(err),
        });
      })
      .finally(() => {
        registryRun = undefined;
        if (registryAgain) {
          registryAgain = false;
          checkRegistry();
        }
      });
  }

  /** The documented removal: an empty retained config; our retained state and attributes go with it. */
  async function removeComponent(topic: string, hasRetainedState: boolean, why: string): Promise<void> {
    const parsed = parseConfigTopicAnyPrefix(topic);
    logger.info("removing entity from Home Assistant", { topic, why });
    await out.publish(topic, "", RETAINED, true);
    out.forget(topic);
    if (!parsed || !hasRetainedState) return;
    for (const t of [stateTopic(parsed.objectId), attributesTopic(parsed.objectId)]) {
      await out.publish(t, "", RETAINED, true);
      out.forget(t);
    }
  }

  async function clearIfStale(topic: string): Promise<void> {
    if (produced.has(topic)) return;
    const parsed = parseOwnConfigTopic(prefix, topic);
    await removeComponent(topic, parsed !== undefined && parsed.component !== "event", "left by an earlier run");
  }

  async function fireAnomalyEvent(anomaly: Anomaly): Promise<void> {
    // The publishing instance fires its own: two would announce every anomaly twice.
    if (!gate.isOpen()) return;
    if (!connection.connected) {
      logger.warn("anomaly event not sent: MQTT broker not connected", { key: anomaly.key, kind: anomaly.kind });
      return;
    }
    // Not retained: a retained event would fire again every time HA subscribes.
    await connection.publish(anomalyEventTopic(), anomalyEventPayload(anomaly), { retain: false, qos: 1 });
    anomalyEventsFired++;
  }

  const onMessage = (message: MqttMessage) => {
    if (!running || !gate.isOpen()) return;
    if (message.topic === AVAILABILITY_TOPIC) {
      // Live "offline" while we publish: another instance's Last Will (it stood by and crashed).
      // A retained one is our own old news; the refresh after connect says "online" anyway.
      if (message.retain || message.payload.toString("utf8") !== "offline") return;
      logger.info("another instance's Last Will said offline: saying online again");
      void enqueue("say online again", async () => {
        if (connection.connected) await out.publish(AVAILABILITY_TOPIC, "online", RETAINED, true);
      });
      return;
    }
    if (message.topic === statusTopic) {
      // A retained "online" is old news replayed on every subscribe; the connect already published all.
      if (message.retain || message.payload.toString("utf8").trim() !== "online" || birthTimer) return;
      const delay = Math.round(BIRTH_RESEND_MIN_MS + deps.random() * BIRTH_RESEND_SPREAD_MS);
      logger.info("Home Assistant came online: re-sending discovery", { delayMs: delay });
      birthTimer = clock.setTimeout(() => {
        birthTimer = undefined;
        void enqueue("re-send after Home Assistant's birth message", () => refresh(true, true));
      }, delay);
      return;
    }
    // Our own live publishes come back without the retain flag; empty ones are removals.
    if (!message.retain || message.payload.length === 0) return;
    if (!parseOwnConfigTopic(prefix, message.topic)) return;
    if (!haveProduced) strayConfigs.add(message.topic);
    else if (!produced.has(message.topic)) void enqueue("clear a stale config", () => clearIfStale(message.topic));
  };

  const refreshSoon = (why: string) => void enqueue(why, () => refresh(false, false));

  const refreshAfterIngest = () => {
    if (!running || ingestTimer) return;
    const wait =
      Math.max(lastRefreshAt ?? Number.NEGATIVE_INFINITY, lastIngestRefreshAt) +
      INGEST_REFRESH_MIN_INTERVAL_MS -
      clock.now();
    if (wait <= 0) {
      lastIngestRefreshAt = clock.now();
      refreshSoon("refresh after ingest");
      return;
    }
    ingestTimer = clock.setTimeout(() => {
      ingestTimer = undefined;
      lastIngestRefreshAt = clock.now();
      refreshSoon("refresh after ingest");
    }, wait);
  };

  /** What is only ours to watch while we publish: our retained configs and the availability. */
  const publishingTopics = [configFilter, AVAILABILITY_TOPIC];

  const subscribePublishingTopics = async () => {
    for (const topic of publishingTopics) {
      // The connection renews the subscription on every connect, so a failure now is not final;
      // one cut short by the connection closing (a broker restarting) is not even worth a word.
      await connection.subscribe(topic).catch((err) => {
        if (!connection.connected) return;
        lastError = errorMessage(err);
        logger.error("mqtt discovery subscribe failed", { topic, error: errorMessage(err) });
      });
    }
  };

  const onGateChange = (open: boolean) => {
    if (!running) return;
    if (open) {
      // Retained configs are replayed by the new subscription and judged after the refresh.
      registryCheckDue = true;
      void subscribePublishingTopics();
      void enqueue("publish after taking over", () => refresh(true, true));
      return;
    }
    birthTimer?.cancel();
    birthTimer = undefined;
    haveProduced = false;
    strayConfigs.clear();
    for (const topic of publishingTopics) {
      void connection.unsubscribe(topic).catch((err) => {
        // The connection closed meanwhile (a broker restarting closes the gate too): it renews
        // only the subscriptions still wanted, so this one is gone all the same.
        if (connection.connected) logger.warn("mqtt discovery unsubscribe failed", { topic, error: errorMessage(err) });
      });
    }
  };

  const schedulePeriodic = () => {
    periodicTimer = clock.setTimeout(() => {
      refreshSoon("periodic refresh");
      schedulePeriodic();
    }, REFRESH_INTERVAL_MS);
  };

  return {
    async start() {
      if (running) throw new Error("the MQTT discovery publisher is already started");
      running = true;
      unlisten.push(
        connection.onMessage(onMessage),
        bus.on("patternsUpdated", LISTENER, () => refreshSoon("refresh after patterns update")),
        bus.on("storage", LISTENER, () => refreshSoon("refresh after storage change")),
        bus.on("serviceHealth", LISTENER, () => refreshSoon("refresh after a service health change")),
        bus.on("ingested", LISTENER, refreshAfterIngest),
        bus.on("anomaly", LISTENER, (anomaly) => {
          void enqueue("anomaly event", async () => {
            await fireAnomalyEvent(anomaly);
            await refresh(false, false);
          });
        }),
      );
      // The connection renews the subscription on every connect, so a failure now is not final.
      await connection.subscribe(statusTopic).catch((err) => {
        lastError = errorMessage(err);
        logger.error("mqtt discovery subscribe failed", { topic: statusTopic, error: errorMessage(err) });
      });
      unlisten.push(gate.onChange(onGateChange));
      if (gate.isOpen()) await subscribePublishingTopics();
      // Every (re)connect: the broker may have lost retained messages and has published our Will.
      unlisten.push(connection.onConnect(() => void enqueue("publish after connect", () => refresh(true, true))));
      schedulePeriodic();
      logger.info("mqtt discovery started", { prefix, broker: connection.url });
    },

    checkEntityRegistry() {
      if (!running || !deps.entityRegistry) return;
      registryCheckDue = true;
      // Before the first refresh there is no list of what we publish yet: that refresh checks.
      checkRegistry();
    },

    async stop() {
      if (!running) return;
      running = false;
      for (const timer of [periodicTimer, ingestTimer, birthTimer]) timer?.cancel();
      periodicTimer = ingestTimer = birthTimer = undefined;
      for (const off of unlisten.splice(0)) off();
      await settledWithin(work, STOP_WAIT_MS, clock);
      if (registryRun) await settledWithin(registryRun, STOP_WAIT_MS, clock);
      try {
        await connection.unsubscribe(statusTopic);
        for (const topic of publishingTopics) await connection.unsubscribe(topic);
        // On standby the entities are the other instance's: they stay available.
        if (connection.connected && gate.isOpen()) await connection.publish(AVAILABILITY_TOPIC, "offline", RETAINED);
      } catch (err) {
        logger.warn("could not say offline to Home Assistant", { error: errorMessage(err) });
      }
    },

    status() {
      return {
        state: !running
          ? "stopped"
          : !connection.connected
            ? "waiting_for_broker"
            : gate.isOpen()
              ? "publishing"
              : "standby",
        prefix,
        entities: produced.size,
        staleEntitiesRemoved,
        emptiedDevicesRemoved,
        registryRemovalsFailed,
        messagesSent: out.sent(),
        anomalyEventsFired,
        lastRefreshAt,
        lastError,
      };
    },
  };
}

/** Waits for a job in flight, but not forever: a publish to a broker that vanished may never finish. */
function settledWithin(promise: Promise<void>, ms: number, clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    void promise.finally(() => {
      timer.cancel();
      resolve();
    });
  });
}
