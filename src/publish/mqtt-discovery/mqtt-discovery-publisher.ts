// Announces Home Patterns to Home Assistant over MQTT discovery and keeps its entities' states current.
import type { AppEvents } from "../../app-events.js";
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import { settledWithin } from "../../core/settled-within.js";
import type { MqttConnection, MqttMessage } from "../../mqtt/mqtt-connection.js";
import type { Anomaly } from "../../patterns/finding.js";
import { type HaStateProvider, takeHaStateSnapshot } from "../ha-state-snapshot.js";
import { createChangePublisher } from "./change-publisher.js";
import { createConfigPublishing } from "./config-publishing.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import { discoveryMessage } from "./discovery-message.js";
import { AVAILABILITY_TOPIC, haStatusTopic, normalizeDiscoveryPrefix, RETAINED } from "./discovery-topics.js";
import type { DeviceRegistryAccess } from "./emptied-device-removal.js";
import { publishedComponents } from "./published-components.js";
import { ALWAYS_OPEN, type PublishingGate } from "./publishing-gate.js";
import { createPublishingSubscriptions } from "./publishing-subscriptions.js";
import { createRefreshTriggers } from "./refresh-triggers.js";
import { createRegistryCleanup, type RegistryRemovals } from "./registry-cleanup.js";
import type { RememberedConfigTopics } from "./remembered-config-topics.js";
import { createSerialJobs } from "./serial-jobs.js";
import type { EntityRegistryAccess } from "./stale-entity-removal.js";
import { publishStates } from "./state-publishing.js";
import { anomalyEventPayload, anomalyEventTopic } from "./summary-components.js";

export {
  BIRTH_RESEND_MIN_MS,
  BIRTH_RESEND_SPREAD_MS,
  INGEST_REFRESH_MIN_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
} from "./refresh-triggers.js";

const STOP_WAIT_MS = 5_000;
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

/** With the registry removals since start (registry-cleanup.ts). */
export interface MqttDiscoveryStatus extends RegistryRemovals {
  /** standby: another instance publishes to Home Assistant, this one leaves its entities alone. */
  state: "stopped" | "waiting_for_broker" | "publishing" | "standby";
  prefix: string;
  /** Entities currently announced. */
  entities: number;
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

  let running = false;
  const isRunning = () => running;
  let lastRefreshAt: number | null = null;
  let lastError: string | null = null;
  const setLastError = (text: string) => {
    lastError = text;
  };
  let anomalyEventsFired = 0;
  const unlisten: (() => void)[] = [];

  const configs = createConfigPublishing({
    out,
    prefix,
    logger,
    rememberedTopics: deps.rememberedTopics,
    setLastError,
  });
  const registries = createRegistryCleanup({
    entityRegistry: deps.entityRegistry,
    deviceRegistry: deps.deviceRegistry,
    gate,
    logger,
    isRunning,
    produced: configs.produced,
    haveProduced: configs.haveProduced,
  });
  const subscriptions = createPublishingSubscriptions(connection, prefix, logger, setLastError);
  const jobs = createSerialJobs(isRunning, (what, err) => {
    lastError = `${what}: ${errorMessage(err)}`;
    logger.error("mqtt discovery step failed", { step: what, error: errorMessage(err) });
  });
  const enqueue = jobs.enqueue;

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
    await configs.publish(components, force);
    // After the configs, so HA has subscribed to the availability topic's retained value by then.
    if (announceOnline) await out.publish(AVAILABILITY_TOPIC, "online", RETAINED, true);
    await publishStates(out, components, force);
    lastRefreshAt = clock.now();
    await configs.clearStrays();
    registries.checkIfDue();
  }

  const refreshSoon = (why: string) => void enqueue(why, () => refresh(false, false));

  const triggers = createRefreshTriggers({
    clock,
    logger,
    random: deps.random,
    isRunning,
    lastRefreshAt: () => lastRefreshAt,
    refreshSoon,
    resendAll: (why) => void enqueue(why, () => refresh(true, true)),
  });

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
    switch (discoveryMessage(message, prefix)) {
      case "other-instance-will":
        logger.info("another instance's Last Will said offline: saying online again");
        void enqueue("say online again", async () => {
          if (connection.connected) await out.publish(AVAILABILITY_TOPIC, "online", RETAINED, true);
        });
        return;
      case "ha-birth":
        triggers.afterBirth();
        return;
      case "retained-own-config":
        if (configs.retainedConfigSeen(message.topic)) {
          void enqueue("clear a stale config", () => configs.clearIfStale(message.topic));
        }
        return;
    }
  };

  const onGateChange = (open: boolean) => {
    if (!running) return;
    if (open) {
      // Retained configs are replayed by the new subscription and judged after the refresh.
      registries.markDue();
      void subscriptions.subscribe();
      void enqueue("publish after taking over", () => refresh(true, true));
      return;
    }
    triggers.cancelBirth();
    configs.standDown();
    subscriptions.unsubscribe();
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
        bus.on("ingested", LISTENER, triggers.afterIngest),
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
      if (gate.isOpen()) await subscriptions.subscribe();
      // Every (re)connect: the broker may have lost retained messages and has published our Will.
      unlisten.push(connection.onConnect(() => void enqueue("publish after connect", () => refresh(true, true))));
      triggers.startPeriodic();
      logger.info("mqtt discovery started", { prefix, broker: connection.url });
    },

    checkEntityRegistry() {
      if (!running || !deps.entityRegistry) return;
      registries.markDue();
      // Before the first refresh there is no list of what we publish yet: that refresh checks.
      registries.check();
    },

    async stop() {
      if (!running) return;
      running = false;
      triggers.cancelAll();
      for (const off of unlisten.splice(0)) off();
      await settledWithin(jobs.idle(), STOP_WAIT_MS, clock);
      const registryRun = registries.inFlight();
      if (registryRun) await settledWithin(registryRun, STOP_WAIT_MS, clock);
      try {
        await connection.unsubscribe(statusTopic);
        for (const topic of subscriptions.topics) await connection.unsubscribe(topic);
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
        entities: configs.produced().size,
        ...registries.removals(),
        messagesSent: out.sent(),
        anomalyEventsFired,
        lastRefreshAt,
        lastError,
      };
    },
  };
}
