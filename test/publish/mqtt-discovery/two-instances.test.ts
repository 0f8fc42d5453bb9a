// Two instances on one broker and one Home Assistant: the standby one leaves the publishing one's
// entities alone (MQTT and entity registry) and takes them over when it stops.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { entityRegistryOf } from "../../../src/app/build-publishers.js";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { connectMqtt, createMqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import { createMqttDiscoveryPublisher, discoveryAvailabilityWill } from "../../../src/publish/mqtt-discovery/index.js";
import { createRememberedConfigTopics } from "../../../src/publish/mqtt-discovery/remembered-config-topics.js";
import { createHaSource } from "../../../src/sources/ha/ha-source.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { readRetained, watchMqtt } from "../../support/mqtt-watcher.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";
import { type FakeHomeState, fakeHome, T0 } from "./fake-home-state.js";

const LIVING_ROOM_CONFIG = "homeassistant/sensor/home_patterns/area_living_room_activity/config";
const LIVING_ROOM_ENTITY = "sensor.home_patterns_living_room_activity";
const OLD_RELEASE_GHOST = "sensor.home_patterns_next_hall_light_on_evenings";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function homeAssistant(clock: ManualClock) {
  const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
  cleanups.push(() => fake.stop());
  fake.addDevice({ id: "hp-device", name: "Home Patterns", identifiers: [["mqtt", "home_patterns"]] });
  const mqttEntity = (entity_id: string, unique_id: string) =>
    fake.addEntity({ entity_id, unique_id, platform: "mqtt", device_id: "hp-device", has_entity_name: true });
  mqttEntity("sensor.home_patterns_active_patterns", "home_patterns_active_patterns");
  mqttEntity(LIVING_ROOM_ENTITY, "home_patterns_area_living_room_activity");
  mqttEntity(OLD_RELEASE_GHOST, "home_patterns_routine_0123456789ab");
  return fake;
}

/** One instance as the app wires it: two connections, a presence, the publisher behind its gate. */
async function startInstance(
  broker: RunningMosquitto,
  fake: FakeHomeAssistant,
  clock: ManualClock,
  self: InstanceIdentity,
  adjust: (state: FakeHomeState) => void = () => {},
) {
  const logger = createMemoryLogger();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-two-instances-"));
  const stores = openSqliteStores({ dataDir, logger, now: () => T0 });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => stores.close());
  const ha = createHaSource({
    url: fake.url,
    token: fake.token,
    logger,
    clock,
    registry: new MemoryRegistryStore(),
    lastEventTimes: () => new Map(),
    maxBackfillMs: 3_600_000,
    connectTimeoutMs: 3_600_000,
  });
  cleanups.push(() => ha.stop());
  const events = new MemoryEventStore();
  await ha.start({ push: (e) => events.append([e]), reject() {} });
  await ha.synced();
  const mainClientId = `hp-main-${self.run}`;
  const connection = createMqttConnection(broker.url, {
    clientId: mainClientId,
    will: discoveryAvailabilityWill(),
    reconnectPeriodMs: 60_000,
  });
  const presenceConnection = presenceConnectionOf(broker.url, self);
  const presence = createInstancePresence({ connection: presenceConnection, self, clock, logger });
  const home = fakeHome();
  adjust(home.state);
  const publisher = createMqttDiscoveryPublisher({
    connection,
    prefix: "homeassistant",
    clock,
    logger,
    random: () => 0.5,
    snapshot: home.provider,
    bus: new TypedBus<AppEvents>(logger),
    version: self.version,
    rememberedTopics: createRememberedConfigTopics(stores.cursors, logger),
    entityRegistry: entityRegistryOf(ha),
    gate: presence,
  });
  const offSynced = ha.onSynced(() => publisher.checkEntityRegistry());
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    offSynced();
    await publisher.stop();
    await presence.stop();
    await connection.close();
    await presenceConnection.close();
  };
  cleanups.push(stop);
  await publisher.start();
  await presence.start();
  return { publisher, presence, logger, stop, mainClientId };
}

const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0);

const withoutLivingRoom = (state: FakeHomeState) => {
  state.areas = state.areas.filter((a) => a.areaId !== "living_room");
};

describe("two instances on one broker", () => {
  it("leaves the publishing instance's entities alone on standby, and takes them over when it stops", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const clock = new ManualClock(T0);
    const fake = await homeAssistant(clock);
    const registered = () => fake.home.registries.entities.map((e) => String(e.entity_id)).sort();
    const removals = () => fake.commandsOfType("config/entity_registry/remove").map((c) => c.message.entity_id);

    const old = await startInstance(broker, fake, clock, OLD_HOST);
    await eventually(() => old.publisher.status().state === "publishing" && removals().length === 1, "the first round");
    expect(removals()).toEqual([OLD_RELEASE_GHOST]);

    // The second instance has no living room: publishing, it would clear that config and remove the entity.
    const next = await startInstance(broker, fake, clock, NEW_HOST, withoutLivingRoom);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    next.publisher.checkEntityRegistry();
    // A margin: an instance that publishes clears and removes right after its presence is decided.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(next.publisher.status()).toMatchObject({ state: "standby", messagesSent: 0, entities: 0 });
    expect(removals()).toEqual([OLD_RELEASE_GHOST]);
    expect(registered()).toContain(LIVING_ROOM_ENTITY);
    expect((await readRetained(broker.url, [LIVING_ROOM_CONFIG])).get(LIVING_ROOM_CONFIG)?.payload).toContain(
      '"unique_id":"home_patterns_area_living_room_activity"',
    );

    await old.stop();
    await eventually(() => next.publisher.status().state === "publishing", "the second taking over");
    await eventually(() => removals().length === 2, "the second's registry check");
    expect(removals()).toEqual([OLD_RELEASE_GHOST, LIVING_ROOM_ENTITY]);
    await eventually(
      async () => !(await readRetained(broker.url, [LIVING_ROOM_CONFIG])).has(LIVING_ROOM_CONFIG),
      "the living room's config cleared by the new publisher",
    );
    const availability = await readRetained(broker.url, ["home_patterns/availability"]);
    expect(availability.get("home_patterns/availability")?.payload).toBe("online");
  });

  it("keeps the entities available when a standby instance dies without a goodbye", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const clock = new ManualClock(T0);
    const fake = await homeAssistant(clock);
    const watcher = await watchMqtt(broker.url, ["home_patterns/availability"]);
    cleanups.push(() => watcher.close());
    const old = await startInstance(broker, fake, clock, OLD_HOST);
    await eventually(() => watcher.latest("home_patterns/availability")?.payload === "online", "online");
    const next = await startInstance(broker, fake, clock, NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");

    // The broker drops the standby's shared connection: its Will says "offline" on our availability.
    const intruder = await connectMqtt(broker.url, { clientId: next.mainClientId });
    cleanups.push(() => intruder.close());
    await eventually(() => watcher.messages.some((m) => m.payload === "offline"), "the standby's Will");
    await eventually(() => watcher.latest("home_patterns/availability")?.payload === "online", "online again");
    expect(watcher.messages.map((m) => m.payload)).toEqual(["online", "offline", "online"]);
    expect(old.publisher.status().state).toBe("publishing");
  });
});
