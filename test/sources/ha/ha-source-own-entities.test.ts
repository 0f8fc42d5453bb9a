// Home Patterns' own MQTT entities, as Home Assistant registers them, are never handed to ingest.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { createHaSource, type HaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const HOUR = 3_600_000;

describe("Home Assistant source and the entities Home Patterns publishes", () => {
  let clock: ManualClock;
  let fake: FakeHomeAssistant;
  let store: MemoryEventStore;
  let source: HaSource;
  let events: HomeEvent[];

  beforeEach(async () => {
    clock = new ManualClock(T0 - HOUR);
    fake = await FakeHomeAssistant.start({ now: () => clock.now() });
    // What HA's MQTT integration registers from Home Patterns' discovery: one device, mqtt entities.
    fake.addDevice({ id: "hp-device", name: "Home Patterns", identifiers: [["mqtt", "home_patterns"]] });
    fake.addEntity({
      entity_id: "sensor.home_patterns_events_per_hour",
      platform: "mqtt",
      device_id: "hp-device",
      unique_id: "home_patterns_events_per_hour",
    });
    // Renamed by the user: the name says nothing any more, the registry still does.
    fake.addEntity({
      entity_id: "sensor.kitchen_busy",
      platform: "mqtt",
      device_id: "hp-device",
      unique_id: "home_patterns_area_kitchen_activity",
    });
    fake.addEntity({ entity_id: "light.kitchen" });
    // Named like ours, but another integration's: it is the user's, and is learned from.
    fake.addEntity({ entity_id: "sensor.home_patterns_lookalike", platform: "template" });
    fake.setStates([
      { entity_id: "sensor.home_patterns_events_per_hour", state: "0" },
      { entity_id: "sensor.kitchen_busy", state: "None" },
      { entity_id: "light.kitchen", state: "off" },
      { entity_id: "sensor.home_patterns_lookalike", state: "1" },
    ]);
    clock.set(T0);
    store = new MemoryEventStore();
    events = [];
    source = createHaSource({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock,
      registry: new MemoryRegistryStore(),
      lastEventTimes: () => store.lastEventTimes(),
      maxBackfillMs: 24 * HOUR,
      backoff: { initialMs: 1_000, maxMs: 1_000 },
      connectTimeoutMs: 3_600_000,
    });
  });

  afterEach(async () => {
    await source.stop();
    await fake.stop();
  });

  const sink = () => ({
    push(event: HomeEvent) {
      events.push(event);
      store.append([event]);
    },
    reject() {},
  });
  const entities = () => events.map((e) => `${e.entity}=${e.state}`);

  it("backfills and follows the home's entities but none of its own, renamed or new", async () => {
    await source.start(sink());
    await source.synced();
    expect(entities()).toEqual(["light.kitchen=off", "sensor.home_patterns_lookalike=1"]);

    clock.advance(1_000);
    fake.emitStateChange("sensor.home_patterns_events_per_hour", "2");
    fake.emitStateChange("sensor.kitchen_busy", "40");
    // A new area sensor appears: HA registers it, then writes its first state at once.
    fake.addEntity({
      entity_id: "sensor.home_patterns_area_garden_activity",
      platform: "mqtt",
      device_id: "hp-device",
      unique_id: "home_patterns_area_garden_activity",
    });
    fake.emitStateChange("sensor.home_patterns_area_garden_activity", "None");
    fake.emitStateChange("light.kitchen", "on");
    await eventually(() => entities().includes("light.kitchen=on"), "the light's change");
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(entities()).toEqual(["light.kitchen=off", "sensor.home_patterns_lookalike=1", "light.kitchen=on"]);
  });

  it("leaves its own entities out of the catch-up after a disconnect", async () => {
    await source.start(sink());
    await source.synced();
    events.length = 0;
    fake.dropConnections({ refuse: true });
    await eventually(() => source.status().state === "disconnected", "disconnected");
    clock.advance(1_000);
    fake.emitStateChange("sensor.home_patterns_events_per_hour", "5");
    fake.emitStateChange("light.kitchen", "on");
    fake.acceptConnections();
    await eventually(() => {
      clock.advance(500);
      return source.status().state === "connected" && !source.status().detail?.includes("catching up");
    }, "caught up");

    expect(entities()).toEqual(["light.kitchen=on"]);
  });
});
