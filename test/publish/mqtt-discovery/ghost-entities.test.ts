// No ghost entities: what Home Patterns no longer publishes leaves Home Assistant, across restarts,
// a broker that lost its retained messages, a changed prefix, and entities only HA's registry knows.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deviceRegistryOf, entityRegistryOf } from "../../../src/app/build-publishers.js";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger, type Logger } from "../../../src/core/logger.js";
import { connectMqtt, createMqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import type { DeviceRegistryAccess } from "../../../src/publish/mqtt-discovery/emptied-device-removal.js";
import { createMqttDiscoveryPublisher, discoveryAvailabilityWill } from "../../../src/publish/mqtt-discovery/index.js";
import { REFRESH_INTERVAL_MS } from "../../../src/publish/mqtt-discovery/mqtt-discovery-publisher.js";
import {
  CONFIG_TOPICS_KEY,
  createRememberedConfigTopics,
} from "../../../src/publish/mqtt-discovery/remembered-config-topics.js";
import type {
  EntityRegistryAccess,
  RegistryEntitySummary,
} from "../../../src/publish/mqtt-discovery/stale-entity-removal.js";
import { createHaSource } from "../../../src/sources/ha/ha-source.js";
import { openSqliteStores, type SqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { FAKE_MQTT_ENTRY_ID } from "../../fakes/ha/fake-ha-config-entries.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { type FakeHomeState, fakeHome, T0 } from "./fake-home-state.js";

const LAST_TOPIC_OF_A_ROUND = "home_patterns/routine_light_kitchen_on_weekday_mornings/attributes";
const LIVING_ROOM_CONFIG = "homeassistant/sensor/home_patterns/area_living_room_activity/config";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every message on these filters from now on, retained replays included. */
async function observe(url: string, filters: string[]) {
  const client = await connectMqtt(url);
  cleanups.push(() => client.close());
  const seen: { topic: string; payload: string }[] = [];
  client.onMessage((m) => {
    if (!m.topic.endsWith("/test_marker")) seen.push({ topic: m.topic, payload: m.payload.toString("utf8") });
  });
  for (const filter of filters) await client.subscribe(filter);
  return {
    seen,
    saw: (topic: string, payload?: string) =>
      seen.some((m) => m.topic === topic && (payload === undefined || m.payload === payload)),
  };
}

/** The retained topics a client connecting now gets under a filter ending in "/#". */
async function retainedNow(url: string, filter: string): Promise<string[]> {
  const client = await connectMqtt(url);
  const got: string[] = [];
  let markerSeen = false;
  const marker = filter.replace("#", "test_marker");
  client.onMessage((m) => {
    if (m.topic === marker) markerSeen = true;
    else if (m.retain) got.push(m.topic);
  });
  await client.subscribe(filter);
  await client.publish(marker, "m", { qos: 1 });
  await eventually(() => markerSeen, "marker");
  await client.close();
  return got.sort();
}

function sqliteStores(logger: Logger): SqliteStores {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-ghosts-"));
  const stores = openSqliteStores({ dataDir, logger, now: () => T0 });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => stores.close());
  return stores;
}

/** One run of the add-on's publisher: its own connection, the shared database and home. */
async function run(
  broker: RunningMosquitto,
  opts: {
    home: { provider: ReturnType<typeof fakeHome>["provider"] };
    stores: SqliteStores;
    logger: Logger;
    prefix?: string;
    entityRegistry?: EntityRegistryAccess;
    deviceRegistry?: DeviceRegistryAccess;
    clock?: ManualClock;
  },
) {
  const connection = createMqttConnection(broker.url, {
    will: discoveryAvailabilityWill(),
    reconnectPeriodMs: 60_000,
    logger: opts.logger,
  });
  const publisher = createMqttDiscoveryPublisher({
    connection,
    prefix: opts.prefix ?? "homeassistant",
    clock: opts.clock ?? new ManualClock(T0),
    logger: opts.logger,
    random: () => 0.5,
    snapshot: opts.home.provider,
    bus: new TypedBus<AppEvents>(opts.logger),
    version: "0.1.0",
    rememberedTopics: createRememberedConfigTopics(opts.stores.cursors, opts.logger),
    entityRegistry: opts.entityRegistry,
    deviceRegistry: opts.deviceRegistry,
  });
  const stop = async () => {
    await publisher.stop();
    await connection.close();
  };
  cleanups.push(stop);
  await publisher.start();
  return { publisher, stop };
}

function withoutLivingRoom(state: FakeHomeState): void {
  state.areas = state.areas.filter((a) => a.areaId !== "living_room");
}

/** A broker, a store and a home, after one run of the publisher (prefix "homeassistant") that has stopped. */
async function afterAnEarlierRun() {
  const logger: Logger = createMemoryLogger();
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const stores = sqliteStores(logger);
  const home = fakeHome();
  const first = await observe(broker.url, ["home_patterns/#"]);
  const earlier = await run(broker, { home, stores, logger });
  await eventually(() => first.saw(LAST_TOPIC_OF_A_ROUND), "the first run's round");
  await earlier.stop();
  return { logger, broker, stores, home };
}

describe("no ghost entities", () => {
  it("clears a config of an earlier run that the broker lost, once the add-on starts without it", async () => {
    const { logger, broker, stores, home } = await afterAnEarlierRun();

    // A broker without persistence restarts (retained configs gone; HA keeps the entities), then
    // the area is deleted while the add-on is down.
    await broker.restart();
    withoutLivingRoom(home.state);
    const observer = await observe(broker.url, ["homeassistant/#", "home_patterns/#"]);
    await run(broker, { home, stores, logger });
    await eventually(() => observer.saw(LAST_TOPIC_OF_A_ROUND), "the second run's round");

    await eventually(() => observer.saw(LIVING_ROOM_CONFIG, ""), "the lost area's config cleared");
    expect(observer.saw("home_patterns/area_living_room_activity/state", "")).toBe(true);
    expect(observer.saw("home_patterns/area_living_room_activity/attributes", "")).toBe(true);
    const remembered = JSON.parse(stores.cursors.get(CONFIG_TOPICS_KEY) ?? "[]") as string[];
    expect(remembered).toHaveLength(12);
    expect(remembered).toContain("homeassistant/sensor/home_patterns/area_kitchen_activity/config");
    expect(remembered).not.toContain(LIVING_ROOM_CONFIG);
  });

  it("clears every config under the prefix used before mqtt_discovery_prefix changed, and keeps the states", async () => {
    const { logger, broker, stores, home } = await afterAnEarlierRun();
    expect(await retainedNow(broker.url, "homeassistant/#")).toHaveLength(13);

    const observer = await observe(broker.url, ["ha_discovery/#", "homeassistant/#"]);
    await run(broker, { home, stores, logger, prefix: "ha_discovery" });
    await eventually(
      () => observer.seen.filter((m) => m.topic.startsWith("homeassistant/") && m.payload === "").length === 13,
      "the old prefix's configs cleared",
    );
    await eventually(
      () => observer.saw("ha_discovery/sensor/home_patterns/routine_light_kitchen_on_weekday_mornings/config"),
      "the new prefix's configs",
    );

    expect(await retainedNow(broker.url, "homeassistant/#")).toEqual([]);
    expect(await retainedNow(broker.url, "ha_discovery/#")).toHaveLength(13);
    // The same entities under the new prefix: their retained states were not cleared with the old configs.
    const states = await retainedNow(broker.url, "home_patterns/#");
    expect(states).toContain("home_patterns/active_patterns/state");
    expect(states).toContain("home_patterns/area_living_room_activity/attributes");
  });

  it("keeps publishing while Home Assistant does not answer the registry list", async () => {
    const logger: Logger = createMemoryLogger();
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const stores = sqliteStores(logger);
    const home = fakeHome();
    const clock = new ManualClock(T0);
    let answer: (entries: RegistryEntitySummary[]) => void = () => {};
    const listed = new Promise<RegistryEntitySummary[]>((resolve) => {
      answer = resolve;
    });
    let lists = 0;
    const registry: EntityRegistryAccess = {
      listEntities: () => {
        lists++;
        return listed;
      },
      removeEntity: async () => true,
    };
    const observer = await observe(broker.url, ["homeassistant/#", "home_patterns/#"]);
    await run(broker, { home, stores, logger, clock, entityRegistry: registry });
    await eventually(() => observer.saw(LAST_TOPIC_OF_A_ROUND) && lists === 1, "the round and the registry asked");

    withoutLivingRoom(home.state);
    clock.advance(REFRESH_INTERVAL_MS);
    await eventually(() => observer.saw(LIVING_ROOM_CONFIG, ""), "the next refresh, HA still silent");
    answer([]);
  });

  describe("in Home Assistant's entity registry", () => {
    async function homeAssistant() {
      const clock = new ManualClock(T0);
      const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
      cleanups.push(() => fake.stop());
      fake.addDevice({ id: "hp-device", name: "Home Patterns", identifiers: [["mqtt", "home_patterns"]] });
      const mqttEntity = (entity_id: string, unique_id: string) =>
        fake.addEntity({ entity_id, unique_id, platform: "mqtt", device_id: "hp-device", has_entity_name: true });
      // Published now.
      mqttEntity("sensor.home_patterns_active_patterns", "home_patterns_active_patterns");
      // Renamed by the user, still published: its unique id says so.
      mqttEntity("sensor.kitchen_busy", "home_patterns_area_kitchen_activity");
      // A routine an older release announced; its retained config is long gone.
      mqttEntity("sensor.home_patterns_next_hall_light_on_evenings", "home_patterns_routine_0123456789ab");
      // Another MQTT app's entity, and another integration's entity that only looks like ours.
      fake.addEntity({ entity_id: "sensor.other_thing", unique_id: "other_thing", platform: "mqtt" });
      fake.addEntity({
        entity_id: "sensor.home_patterns_lookalike",
        unique_id: "home_patterns_x",
        platform: "template",
      });
      fake.setStates([
        {
          entity_id: "sensor.home_patterns_next_hall_light_on_evenings",
          state: "unavailable",
          attributes: { restored: true },
        },
        { entity_id: "sensor.other_thing", state: "1" },
        { entity_id: "sensor.home_patterns_lookalike", state: "2" },
      ]);
      const logger = createMemoryLogger();
      const source = createHaSource({
        url: fake.url,
        token: fake.token,
        logger,
        clock,
        registry: new MemoryRegistryStore(),
        lastEventTimes: () => new Map(),
        maxBackfillMs: 3_600_000,
        backoff: { initialMs: 1_000, maxMs: 1_000 },
        connectTimeoutMs: 3_600_000,
      });
      cleanups.push(() => source.stop());
      const events = new MemoryEventStore();
      await source.start({ push: (e) => events.append([e]), reject() {} });
      await source.synced();
      return { clock, fake, source, logger };
    }

    const registered = (fake: FakeHomeAssistant) => fake.home.registries.entities.map((e) => e.entity_id).sort();

    it("removes entities of ours that nothing publishes, and only those, then again after HA reconnects", async () => {
      const broker = await startMosquitto();
      cleanups.push(() => broker.stop());
      const { clock, fake, source, logger } = await homeAssistant();
      const stores = sqliteStores(logger);
      const { publisher } = await run(broker, {
        home: fakeHome(),
        stores,
        logger,
        clock,
        entityRegistry: entityRegistryOf(source),
      });
      // As the app wires it: every sync after a (re)connect asks the publisher to look again.
      const off = source.onSynced(() => publisher.checkEntityRegistry());
      cleanups.push(off);

      await eventually(() => fake.commandsOfType("config/entity_registry/remove").length === 1, "the ghost removed");
      expect(fake.commandsOfType("config/entity_registry/remove")[0].message.entity_id).toBe(
        "sensor.home_patterns_next_hall_light_on_evenings",
      );
      expect(registered(fake)).toEqual([
        "sensor.home_patterns_active_patterns",
        "sensor.home_patterns_lookalike",
        "sensor.kitchen_busy",
        "sensor.other_thing",
      ]);
      expect(fake.state("sensor.home_patterns_next_hall_light_on_evenings")).toBeUndefined();
      await eventually(() => publisher.status().staleEntitiesRemoved === 1, "the removal counted");

      // While the add-on is away from HA, HA registers one more of ours that nothing publishes.
      fake.dropConnections({ refuse: true });
      await eventually(() => source.status().state === "disconnected", "disconnected");
      fake.addEntity({
        entity_id: "sensor.home_patterns_area_attic_activity",
        unique_id: "home_patterns_area_attic_activity",
        platform: "mqtt",
        device_id: "hp-device",
      });
      fake.acceptConnections();
      // The source's retry waits on the test's clock: move it on until the retry has happened.
      await eventually(() => {
        clock.advance(1_000);
        return source.status().state === "connected";
      }, "reconnected");
      await eventually(() => fake.commandsOfType("config/entity_registry/remove").length === 2, "removed on reconnect");
      expect(registered(fake)).not.toContain("sensor.home_patterns_area_attic_activity");
      await eventually(() => publisher.status().staleEntitiesRemoved === 2, "the second removal counted");
    });

    it("takes HA's not_found (the entity removed meanwhile) as done, without an error", async () => {
      const broker = await startMosquitto();
      cleanups.push(() => broker.stop());
      const { clock, fake, source, logger } = await homeAssistant();
      // Someone removes the ghost between our list and our remove.
      fake.onCommand("config/entity_registry/remove", (m) => fake.removeEntityRegistry(String(m.entity_id)));
      const stores = sqliteStores(logger);
      const observer = await observe(broker.url, ["home_patterns/#"]);
      const { publisher } = await run(broker, {
        home: fakeHome(),
        stores,
        logger,
        clock,
        entityRegistry: entityRegistryOf(source),
      });
      await eventually(() => fake.commandsOfType("config/entity_registry/remove").length === 1, "the remove sent");
      await eventually(() => observer.saw(LAST_TOPIC_OF_A_ROUND), "the round");
      // Checks run one at a time: a second list means the first check has finished.
      const lists = () => fake.commandsOfType("config/entity_registry/list").length;
      const before = lists();
      publisher.checkEntityRegistry();
      await eventually(() => lists() > before, "a second check");
      expect(registered(fake)).not.toContain("sensor.home_patterns_next_hall_light_on_evenings");
      expect(publisher.status().staleEntitiesRemoved).toBe(0);
      expect(publisher.status().lastError).toBeNull();
      expect(logger.lines.filter((l) => l.includes("stale entit"))).toEqual([]);
    });
  });

  describe("in Home Assistant's device registry", () => {
    const OLD_ROUTINES = "old-routines";
    const OLD_SUMMARY = "old-summary";

    /** Our device, older releases' devices of ours, other apps' empty devices. */
    async function homeAssistant() {
      const clock = new ManualClock(T0);
      const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
      cleanups.push(() => fake.stop());
      // The device we publish now, without entities in this HA (the fake does no MQTT discovery):
      // its identifier is one we publish, so it stays.
      fake.addDevice({ id: "hp-device", name: "Home Patterns", identifiers: [["mqtt", "home_patterns"]] });
      // An older release's device whose last entity is a ghost: emptied once the ghost goes.
      fake.addDevice({ id: OLD_ROUTINES, name: "Old routines", identifiers: [["mqtt", "home_patterns_routines"]] });
      fake.addEntity({
        entity_id: "sensor.home_patterns_next_hall_light_on_evenings",
        unique_id: "home_patterns_routine_0123456789ab",
        platform: "mqtt",
        device_id: OLD_ROUTINES,
      });
      // An older release's device already emptied by an entity registry removal.
      fake.addDevice({ id: OLD_SUMMARY, name: "Old summary", identifiers: [["mqtt", "home_patterns_summary"]] });
      // Empty, but not ours alone: another MQTT app's, one that shares an identifier of ours, another integration's.
      fake.addDevice({ id: "z2m", name: "Hall sensor", identifiers: [["mqtt", "zigbee2mqtt_0x00158d0001"]] });
      fake.addDevice({
        id: "mixed",
        name: "Shared",
        identifiers: [
          ["mqtt", "home_patterns_shared"],
          ["mqtt", "other_app_1"],
        ],
      });
      fake.addDevice({
        id: "zwave",
        name: "Z-Wave",
        identifiers: [["zwave_js", "home_patterns_7"]],
        config_entries: ["zw"],
      });
      const logger = createMemoryLogger();
      const source = createHaSource({
        url: fake.url,
        token: fake.token,
        logger,
        clock,
        registry: new MemoryRegistryStore(),
        lastEventTimes: () => new Map(),
        maxBackfillMs: 3_600_000,
        backoff: { initialMs: 1_000, maxMs: 1_000 },
        connectTimeoutMs: 3_600_000,
      });
      cleanups.push(() => source.stop());
      await source.start({ push() {}, reject() {} });
      await source.synced();
      return { clock, fake, source, logger };
    }

    async function publisherFor(h: Awaited<ReturnType<typeof homeAssistant>>) {
      const broker = await startMosquitto();
      cleanups.push(() => broker.stop());
      const { publisher } = await run(broker, {
        home: fakeHome(),
        stores: sqliteStores(h.logger),
        logger: h.logger,
        clock: h.clock,
        entityRegistry: entityRegistryOf(h.source),
        deviceRegistry: deviceRegistryOf(h.source),
      });
      cleanups.push(h.source.onSynced(() => publisher.checkEntityRegistry()));
      return publisher;
    }

    const devices = (fake: FakeHomeAssistant) => fake.home.registries.devices.map((d) => String(d.id)).sort();
    const removals = (fake: FakeHomeAssistant) =>
      fake.commandsOfType("config/device_registry/remove_config_entry").map((c) => c.message);

    it("removes our devices left without entities, and only those, with the MQTT config entry", async () => {
      const h = await homeAssistant();
      const publisher = await publisherFor(h);

      await eventually(() => publisher.status().emptiedDevicesRemoved === 2, "the emptied devices removed");
      expect(devices(h.fake)).toEqual(["hp-device", "mixed", "z2m", "zwave"]);
      expect(
        removals(h.fake)
          .map((m) => [m.device_id, m.config_entry_id])
          .sort(),
      ).toEqual([
        [OLD_ROUTINES, FAKE_MQTT_ENTRY_ID],
        [OLD_SUMMARY, FAKE_MQTT_ENTRY_ID],
      ]);
      // The ghost went first, by the entity registry, which left its device empty.
      expect(h.fake.commandsOfType("config/entity_registry/remove")).toHaveLength(1);
      const said = h.logger.lines.filter((l) => l.includes("removed an emptied device of ours"));
      expect(said).toHaveLength(2);
      expect(said.join("\n")).toContain("home_patterns_routines");
      expect(publisher.status().registryRemovalsFailed).toBe(0);
    });

    it("counts a failed removal and tries it again at the next connect to Home Assistant", async () => {
      const h = await homeAssistant();
      // The connection drops while HA removes the first device: that one is gone, but the answer
      // is lost; the second request finds no connection. HA stays unreachable until the test lets
      // it back (a reconnect at once would retry before the failures are looked at).
      let drops = 0;
      h.fake.onCommand("config/device_registry/remove_config_entry", () => {
        if (drops++ === 0) h.fake.dropConnections({ refuse: true });
      });
      const publisher = await publisherFor(h);

      await eventually(() => publisher.status().registryRemovalsFailed === 2, "both failures counted");
      expect(removals(h.fake)).toHaveLength(1);
      expect(h.logger.lines.filter((l) => l.includes("could not remove an emptied device of ours"))).toHaveLength(2);
      h.fake.acceptConnections();
      await eventually(() => {
        h.clock.advance(1_000);
        return publisher.status().emptiedDevicesRemoved === 1;
      }, "the other one removed after the reconnect");
      expect(devices(h.fake)).toEqual(["hp-device", "mixed", "z2m", "zwave"]);
      const [first, retried] = removals(h.fake).map((m) => m.device_id);
      expect([first, retried].sort()).toEqual([OLD_ROUTINES, OLD_SUMMARY]);
    });

    it("takes a device removed meanwhile (HA's Unknown device) as done, without an error", async () => {
      const h = await homeAssistant();
      h.fake.onCommand("config/device_registry/remove_config_entry", (m) =>
        h.fake.home.registries.removeDevice(String(m.device_id)),
      );
      const publisher = await publisherFor(h);

      await eventually(() => removals(h.fake).length === 2, "both removals sent");
      const lists = () => h.fake.commandsOfType("config/device_registry/list").length;
      const before = lists();
      publisher.checkEntityRegistry();
      await eventually(() => lists() > before, "a second check");
      expect(devices(h.fake)).toEqual(["hp-device", "mixed", "z2m", "zwave"]);
      expect(publisher.status().emptiedDevicesRemoved).toBe(0);
      expect(publisher.status().registryRemovalsFailed).toBe(0);
      expect(h.logger.lines.filter((l) => l.includes("emptied device"))).toEqual([]);
    });
  });
});
