// The discovery publisher against a real mosquitto, watched by a second plain MQTT client.
import { afterEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { connectMqtt, createMqttConnection, type MqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import {
  createMqttDiscoveryPublisher,
  discoveryAvailabilityWill,
  type MqttDiscoveryPublisher,
} from "../../../src/publish/mqtt-discovery/index.js";
import { REFRESH_INTERVAL_MS } from "../../../src/publish/mqtt-discovery/mqtt-discovery-publisher.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { fakeHome, MORNING_LIGHT, T0 } from "./fake-home-state.js";

interface Seen {
  topic: string;
  payload: string;
  retain: boolean;
}

const DEVICE = {
  identifiers: ["home_patterns"],
  name: "Home Patterns",
  manufacturer: "Home Patterns",
  model: "Habit learner (Home Assistant add-on)",
  sw_version: "0.1.0",
};
const ORIGIN = {
  name: "Home Patterns",
  sw_version: "0.1.0",
  support_url: "https://github.com/home-patterns/home-patterns",
};
const AVAILABILITY = "home_patterns/availability";
const LAST_TOPIC_OF_A_ROUND = "home_patterns/routine_light_kitchen_on_weekday_mornings/attributes";
const BATCH = { inserted: 50, duplicates: 0, bySource: { ha: 50 }, newest: T0 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function observe(url: string, filters: string[]) {
  const client = await connectMqtt(url);
  cleanups.push(() => client.close());
  const seen: Seen[] = [];
  client.onMessage((m) => {
    // Markers of retainedNow() and our own birth message are the test talking, not the publisher.
    if (m.topic.endsWith("/test_marker") || m.topic.endsWith("/status")) return;
    seen.push({ topic: m.topic, payload: m.payload.toString("utf8"), retain: m.retain });
  });
  for (const filter of filters) await client.subscribe(filter);
  return {
    client,
    seen,
    saw: (topic: string, payload?: string) =>
      seen.some((m) => m.topic === topic && (payload === undefined || m.payload === payload)),
  };
}

/** What a client connecting now gets as retained messages under a filter ending in "/#", JSON parsed. */
async function retainedNow(url: string, filter: string): Promise<Record<string, unknown>> {
  const client = await connectMqtt(url);
  const got: Record<string, unknown> = {};
  let markerSeen = false;
  const marker = filter.replace("#", "test_marker");
  client.onMessage((m) => {
    if (m.topic === marker) markerSeen = true;
    else if (m.retain) {
      const text = m.payload.toString("utf8");
      got[m.topic] = text.startsWith("{") ? JSON.parse(text) : text;
    }
  });
  await client.subscribe(filter);
  // The broker sends retained messages on subscribe, before anything published after it.
  await client.publish(marker, "m", { qos: 1 });
  await until(() => markerSeen, "marker");
  await client.close();
  return got;
}

async function setUp(
  options: { prefix?: string; clientId?: string; seed?: (c: MqttConnection) => Promise<void> } = {},
) {
  const prefix = options.prefix ?? "homeassistant";
  const broker: RunningMosquitto = await startMosquitto();
  cleanups.push(() => broker.stop());
  if (options.seed) {
    const seeder = await connectMqtt(broker.url);
    await options.seed(seeder);
    await seeder.close();
  }
  const home = fakeHome();
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const observer = await observe(broker.url, [`${prefix}/#`, "home_patterns/#"]);
  const connection = createMqttConnection(broker.url, {
    clientId: options.clientId,
    will: discoveryAvailabilityWill(),
    reconnectPeriodMs: 60_000,
    logger,
  });
  cleanups.push(() => connection.close());
  const publisher: MqttDiscoveryPublisher = createMqttDiscoveryPublisher({
    connection,
    prefix,
    clock,
    logger,
    random: () => 0.5,
    snapshot: home.provider,
    bus,
    version: "0.1.0",
  });
  cleanups.push(() => publisher.stop());
  const startAndWait = async () => {
    await publisher.start();
    await until(() => observer.saw(LAST_TOPIC_OF_A_ROUND), "the first round of discovery and states");
  };
  return { broker, home, clock, logger, bus, observer, connection, publisher, prefix, startAndWait };
}

function sensorBase(objectId: string, name: string, withAttributes: boolean) {
  return {
    unique_id: `home_patterns_${objectId}`,
    default_entity_id: `sensor.home_patterns_${objectId}`,
    name,
    availability_topic: AVAILABILITY,
    device: DEVICE,
    origin: ORIGIN,
    state_topic: `home_patterns/${objectId}/state`,
    ...(withAttributes ? { json_attributes_topic: `home_patterns/${objectId}/attributes` } : {}),
  };
}

describe("MQTT discovery publisher", () => {
  it("announces every entity with complete retained configs, says online, and publishes retained states", async () => {
    const { broker, startAndWait, publisher } = await setUp();
    await startAndWait();

    expect(await retainedNow(broker.url, "homeassistant/#")).toEqual({
      "homeassistant/sensor/home_patterns/active_patterns/config": {
        ...sensorBase("active_patterns", "Active patterns", true),
        state_class: "measurement",
        icon: "mdi:chart-timeline-variant",
      },
      "homeassistant/sensor/home_patterns/anomalies_24h/config": {
        ...sensorBase("anomalies_24h", "Anomalies 24h", true),
        state_class: "measurement",
        icon: "mdi:alert-decagram-outline",
      },
      "homeassistant/sensor/home_patterns/storage_used/config": {
        ...sensorBase("storage_used", "Storage used", false),
        device_class: "data_size",
        unit_of_measurement: "MB",
        state_class: "measurement",
        suggested_display_precision: 1,
        entity_category: "diagnostic",
      },
      "homeassistant/sensor/home_patterns/events_per_hour/config": {
        ...sensorBase("events_per_hour", "Events per hour", false),
        unit_of_measurement: "events/h",
        state_class: "measurement",
        icon: "mdi:database-import-outline",
        entity_category: "diagnostic",
      },
      "homeassistant/binary_sensor/home_patterns/anomaly_open/config": {
        unique_id: "home_patterns_anomaly_open",
        default_entity_id: "binary_sensor.home_patterns_anomaly_open",
        name: "Anomaly open",
        availability_topic: AVAILABILITY,
        device: DEVICE,
        origin: ORIGIN,
        state_topic: "home_patterns/anomaly_open/state",
        json_attributes_topic: "home_patterns/anomaly_open/attributes",
        device_class: "problem",
        payload_on: "ON",
        payload_off: "OFF",
      },
      "homeassistant/sensor/home_patterns/next_action/config": {
        ...sensorBase("next_action", "Next action", true),
        icon: "mdi:gesture-tap-button",
      },
      "homeassistant/binary_sensor/home_patterns/service_problem/config": {
        unique_id: "home_patterns_service_problem",
        default_entity_id: "binary_sensor.home_patterns_service_problem",
        name: "Service problem",
        availability_topic: AVAILABILITY,
        device: DEVICE,
        origin: ORIGIN,
        state_topic: "home_patterns/service_problem/state",
        json_attributes_topic: "home_patterns/service_problem/attributes",
        device_class: "problem",
        payload_on: "ON",
        payload_off: "OFF",
        entity_category: "diagnostic",
      },
      "homeassistant/binary_sensor/home_patterns/device_problem/config": {
        unique_id: "home_patterns_device_problem",
        default_entity_id: "binary_sensor.home_patterns_device_problem",
        name: "Device problem",
        availability_topic: AVAILABILITY,
        device: DEVICE,
        origin: ORIGIN,
        state_topic: "home_patterns/device_problem/state",
        json_attributes_topic: "home_patterns/device_problem/attributes",
        device_class: "problem",
        payload_on: "ON",
        payload_off: "OFF",
        entity_category: "diagnostic",
      },
      "homeassistant/sensor/home_patterns/quiet_automations/config": {
        ...sensorBase("quiet_automations", "Quiet automations", true),
        state_class: "measurement",
        icon: "mdi:robot-off-outline",
      },
      "homeassistant/event/home_patterns/anomaly/config": {
        unique_id: "home_patterns_anomaly",
        default_entity_id: "event.home_patterns_anomaly",
        name: "Anomaly",
        availability_topic: AVAILABILITY,
        device: DEVICE,
        origin: ORIGIN,
        state_topic: "home_patterns/anomaly/state",
        event_types: [
          "unusual_time",
          "unusual_duration",
          "missed_routine",
          "activity_high",
          "activity_low",
          "unavailable",
        ],
        icon: "mdi:home-alert-outline",
      },
      "homeassistant/sensor/home_patterns/area_kitchen_activity/config": {
        ...sensorBase("area_kitchen_activity", "Kitchen activity", true),
        unit_of_measurement: "%",
        state_class: "measurement",
        icon: "mdi:home-analytics",
      },
      "homeassistant/sensor/home_patterns/area_living_room_activity/config": {
        ...sensorBase("area_living_room_activity", "Living room activity", true),
        unit_of_measurement: "%",
        state_class: "measurement",
        icon: "mdi:home-analytics",
      },
      "homeassistant/sensor/home_patterns/routine_light_kitchen_on_weekday_mornings/config": {
        ...sensorBase("routine_light_kitchen_on_weekday_mornings", "Next Kitchen light on, weekday mornings", true),
        device_class: "timestamp",
        icon: "mdi:calendar-clock",
      },
    });

    expect(await retainedNow(broker.url, "home_patterns/#")).toEqual({
      "home_patterns/availability": "online",
      "home_patterns/active_patterns/state": "3",
      "home_patterns/active_patterns/attributes": {
        top_patterns: [
          "Kitchen light turns on around 06:55 on weekdays",
          "Hall light, then bathroom light within 2 min",
          "Bedroom cover opens around 09:30 on weekends",
        ],
        by_type: { time_based: 2, sequence: 1 },
      },
      "home_patterns/anomalies_24h/state": "1",
      "home_patterns/anomalies_24h/attributes": {
        latest_kind: "missed_routine",
        latest_summary: "Kitchen light did not turn on this morning",
        latest_severity: "medium",
        latest_entity: "light.kitchen",
        latest_area: "kitchen",
        latest_expected: "usually on by 07:10",
        latest_observed_at: "2026-11-23T08:00:00+00:00",
        latest_key: "missed_routine:light.kitchen:2026-11-23",
      },
      "home_patterns/storage_used/state": "12.35",
      "home_patterns/events_per_hour/state": "240",
      "home_patterns/anomaly_open/state": "ON",
      "home_patterns/anomaly_open/attributes": { open_anomalies: 1 },
      "home_patterns/device_problem/state": "ON",
      "home_patterns/device_problem/attributes": {
        devices: ["binary_sensor.garage_door"],
        summaries: ["Garage door went unavailable on 43 of 57 days, last on 2026-11-22"],
      },
      "home_patterns/quiet_automations/state": "0",
      "home_patterns/quiet_automations/attributes": { automations: [], summaries: [] },
      "home_patterns/next_action/state": "Kitchen light",
      "home_patterns/next_action/attributes": {
        entity_id: "light.kitchen",
        actions: [
          {
            entity_id: "light.kitchen",
            name: "Kitchen light",
            probability: 0.71,
            reason: "Kitchen light followed 20 of 28 times after Hallway light turns on in the morning.",
          },
          {
            entity_id: "switch.coffee",
            name: "Coffee",
            probability: 0.18,
            reason: "Coffee is used around 07:00: 8 times in the last 30 days.",
          },
        ],
      },
      "home_patterns/service_problem/state": "OFF",
      "home_patterns/service_problem/attributes": { issues: [], summaries: [] },
      "home_patterns/area_kitchen_activity/state": "150",
      "home_patterns/area_kitchen_activity/attributes": { area_id: "kitchen", current: 18, usual: 12 },
      "home_patterns/area_living_room_activity/state": "25",
      "home_patterns/area_living_room_activity/attributes": { area_id: "living_room", current: 3, usual: 12 },
      "home_patterns/routine_light_kitchen_on_weekday_mornings/state": "2026-11-24T05:55:00+00:00",
      "home_patterns/routine_light_kitchen_on_weekday_mornings/attributes": {
        pattern_key: "time_based|light.kitchen|on|weekdays|07",
        summary: "Kitchen light turns on around 06:55 on weekdays",
      },
    });
    expect(publisher.status()).toMatchObject({
      state: "publishing",
      prefix: "homeassistant",
      entities: 13,
      messagesSent: 36,
      lastRefreshAt: T0,
      lastError: null,
    });
  });

  it('leaves a retained Last Will "offline" when its connection dies without a goodbye', async () => {
    const { broker, observer, startAndWait, publisher } = await setUp({ clientId: "hp-discovery-will" });
    await startAndWait();
    expect(observer.saw(AVAILABILITY, "online")).toBe(true);
    // A second client with the same id makes the broker drop the publisher's connection without a DISCONNECT.
    const intruder = await connectMqtt(broker.url, { clientId: "hp-discovery-will" });
    cleanups.push(() => intruder.close());
    await until(() => observer.saw(AVAILABILITY, "offline"), "the will");
    expect((await retainedNow(broker.url, "home_patterns/#"))[AVAILABILITY]).toBe("offline");
    await until(() => publisher.status().state === "waiting_for_broker", "the publisher noticing");
  });

  it("re-sends all discovery, then online, then the states after a random delay when Home Assistant says online", async () => {
    const { observer, clock, startAndWait } = await setUp();
    await startAndWait();
    const firstRound = observer.seen.slice();
    expect(clock.pendingTimers()).toBe(1);
    await observer.client.publish("homeassistant/status", "online", { qos: 1 });
    await until(() => clock.pendingTimers() === 2, "the resend to be scheduled");
    // random() = 0.5 → 1 s + 0.5 × 4 s.
    clock.advance(2_999);
    expect(clock.pendingTimers()).toBe(2);
    const mark = observer.seen.length;
    clock.advance(1);
    expect(clock.pendingTimers()).toBe(1);
    await until(() => observer.seen.slice(mark).some((m) => m.topic === LAST_TOPIC_OF_A_ROUND), "the resend");
    const resent = observer.seen.slice(mark);
    const configs = firstRound.filter((m) => m.topic.endsWith("/config"));
    expect(configs).toHaveLength(13);
    expect(resent.slice(0, 13)).toEqual(configs);
    expect(resent[13]).toEqual({ topic: AVAILABILITY, payload: "online", retain: false });
    expect(resent.slice(14)).toEqual(
      firstRound.filter((m) => m.topic.startsWith("home_patterns/") && m.topic !== AVAILABILITY),
    );
    expect(resent).toHaveLength(36);
  });

  it("publishes a state only when it changed", async () => {
    const { observer, bus, home, startAndWait } = await setUp();
    await startAndWait();
    const marker: Anomaly = { ...MORNING_LIGHT, key: "marker", kind: "unusual_time" };
    const eventTopic = "home_patterns/anomaly/state";

    let mark = observer.seen.length;
    bus.emit("patternsUpdated", { active: 3, changed: [] });
    bus.emit("patternsUpdated", { active: 3, changed: [] });
    // The anomaly event is sent after both refreshes (one job at a time, one connection): a marker.
    bus.emit("anomaly", marker);
    await until(() => observer.seen.slice(mark).some((m) => m.topic === eventTopic), "the marker event");
    expect(observer.seen.slice(mark).map((m) => m.topic)).toEqual([eventTopic]);

    mark = observer.seen.length;
    home.state.storageBytes = 13_500_000;
    bus.emit("storage", { usedBytes: 13_500_000, budgetBytes: 1_000_000_000, state: "ok" });
    bus.emit("storage", { usedBytes: 13_500_000, budgetBytes: 1_000_000_000, state: "ok" });
    bus.emit("anomaly", marker);
    await until(() => observer.seen.slice(mark).some((m) => m.topic === eventTopic), "the second marker");
    expect(observer.seen.slice(mark).map((m) => [m.topic, m.payload.slice(0, 20)])).toEqual([
      ["home_patterns/storage_used/state", "13.5"],
      [eventTopic, '{"event_type":"unusu'],
    ]);
  });

  it("refreshes after ingest at most once per 30 s", async () => {
    const { observer, bus, home, clock, startAndWait } = await setUp();
    await startAndWait();
    const mark = observer.seen.length;
    home.state.eventsLastHour = 300;
    bus.emit("ingested", BATCH);
    bus.emit("ingested", BATCH);
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(29_999);
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(1);
    await until(() => observer.saw("home_patterns/events_per_hour/state", "300"), "the throttled refresh");
    expect(observer.seen.slice(mark)).toEqual([
      { topic: "home_patterns/events_per_hour/state", payload: "300", retain: false },
    ]);
    bus.emit("ingested", BATCH);
    expect(clock.pendingTimers()).toBe(2);
  });

  it("fires the event entity once per anomaly, not retained, and updates the counts", async () => {
    const { broker, observer, bus, home, startAndWait, publisher } = await setUp();
    await startAndWait();
    const mark = observer.seen.length;
    const night: Anomaly = {
      key: "activity_high:hallway:2026-11-23T02",
      kind: "activity_high",
      entity: null,
      area: "hallway",
      ts: T0 - 30 * 60_000,
      severity: "high",
      summary: "Hallway unusually busy at night",
      expected: "usually quiet between 01:00 and 05:00",
      details: { events: 14, usual: 1.5 },
    };
    home.state.anomalies.push(night);
    home.state.openAnomalies = 2;
    bus.emit("anomaly", night);
    await until(() => observer.saw("home_patterns/anomaly_open/attributes", '{"open_anomalies":2}'), "the counts");
    expect(observer.seen.slice(mark)).toEqual([
      {
        topic: "home_patterns/anomaly/state",
        payload:
          '{"event_type":"activity_high","key":"activity_high:hallway:2026-11-23T02","summary":"Hallway unusually busy at night",' +
          '"severity":"high","entity":null,"area":"hallway","expected":"usually quiet between 01:00 and 05:00",' +
          '"observed_at":"2026-11-23T09:30:00+00:00","events":14,"usual":1.5}',
        retain: false,
      },
      { topic: "home_patterns/anomalies_24h/state", payload: "2", retain: false },
      {
        topic: "home_patterns/anomalies_24h/attributes",
        payload:
          '{"latest_kind":"activity_high","latest_summary":"Hallway unusually busy at night","latest_severity":"high",' +
          '"latest_entity":null,"latest_area":"hallway","latest_expected":"usually quiet between 01:00 and 05:00",' +
          '"latest_observed_at":"2026-11-23T09:30:00+00:00","latest_key":"activity_high:hallway:2026-11-23T02"}',
        retain: false,
      },
      { topic: "home_patterns/anomaly_open/attributes", payload: '{"open_anomalies":2}', retain: false },
    ]);
    expect(await retainedNow(broker.url, "home_patterns/anomaly/#")).toEqual({});
    expect(publisher.status().anomalyEventsFired).toBe(1);
  });

  it("removes an area that went away with an empty retained config, and clears its retained state", async () => {
    const { broker, observer, home, clock, startAndWait } = await setUp();
    await startAndWait();
    const mark = observer.seen.length;
    home.state.areas = home.state.areas.filter((a) => a.areaId !== "living_room");
    // Area activity moves with time: the periodic refresh notices without any event.
    clock.advance(REFRESH_INTERVAL_MS);
    await until(() => observer.seen.length >= mark + 3, "the removal");
    expect(observer.seen.slice(mark)).toEqual([
      { topic: "homeassistant/sensor/home_patterns/area_living_room_activity/config", payload: "", retain: false },
      { topic: "home_patterns/area_living_room_activity/state", payload: "", retain: false },
      { topic: "home_patterns/area_living_room_activity/attributes", payload: "", retain: false },
    ]);
    const configs = Object.keys(await retainedNow(broker.url, "homeassistant/#"));
    expect(configs).toContain("homeassistant/sensor/home_patterns/area_kitchen_activity/config");
    expect(configs).not.toContain("homeassistant/sensor/home_patterns/area_living_room_activity/config");
    expect(configs).toHaveLength(12);
    expect(
      Object.keys(await retainedNow(broker.url, "home_patterns/#")).filter((t) => t.includes("living_room")),
    ).toEqual([]);
  });

  it("clears retained configs of ours left by an earlier run under a custom prefix, and leaves others' alone", async () => {
    const stale = "ha_discovery/sensor/home_patterns/routine_0123456789ab/config";
    const current = "ha_discovery/sensor/home_patterns/active_patterns/config";
    const { broker, observer, startAndWait } = await setUp({
      prefix: "ha_discovery",
      seed: async (c) => {
        const retained = { retain: true, qos: 1 as const };
        await c.publish(stale, '{"unique_id":"home_patterns_routine_0123456789ab"}', retained);
        await c.publish("home_patterns/routine_0123456789ab/state", "2026-11-20T07:00:00+00:00", retained);
        await c.publish(current, '{"unique_id":"home_patterns_active_patterns","name":"Old name"}', retained);
        await c.publish("ha_discovery/sensor/other_app/thing/config", '{"unique_id":"other_thing"}', retained);
      },
    });
    await startAndWait();
    await until(
      () => observer.saw(stale, "") && observer.saw("home_patterns/routine_0123456789ab/state", ""),
      "the stale config cleared",
    );
    const configs = await retainedNow(broker.url, "ha_discovery/#");
    expect(Object.keys(configs).sort()).toEqual([
      "ha_discovery/binary_sensor/home_patterns/anomaly_open/config",
      "ha_discovery/binary_sensor/home_patterns/device_problem/config",
      "ha_discovery/binary_sensor/home_patterns/service_problem/config",
      "ha_discovery/event/home_patterns/anomaly/config",
      "ha_discovery/sensor/home_patterns/active_patterns/config",
      "ha_discovery/sensor/home_patterns/anomalies_24h/config",
      "ha_discovery/sensor/home_patterns/area_kitchen_activity/config",
      "ha_discovery/sensor/home_patterns/area_living_room_activity/config",
      "ha_discovery/sensor/home_patterns/events_per_hour/config",
      "ha_discovery/sensor/home_patterns/next_action/config",
      "ha_discovery/sensor/home_patterns/quiet_automations/config",
      "ha_discovery/sensor/home_patterns/routine_light_kitchen_on_weekday_mornings/config",
      "ha_discovery/sensor/home_patterns/storage_used/config",
      "ha_discovery/sensor/other_app/thing/config",
    ]);
    expect((configs[current] as { name: string }).name).toBe("Active patterns");
    // What we still produce is replaced, never removed (removal would delete the entity's registry entry).
    expect(observer.saw(current, "")).toBe(false);
    expect(
      Object.keys(await retainedNow(broker.url, "home_patterns/#")).filter((t) => t.includes("0123456789ab")),
    ).toEqual([]);
  });

  it("says offline on stop and stops listening and refreshing", async () => {
    const { broker, observer, bus, home, clock, startAndWait, publisher } = await setUp();
    await startAndWait();
    await publisher.stop();
    expect(publisher.status().state).toBe("stopped");
    expect(clock.pendingTimers()).toBe(0);
    await until(() => observer.saw(AVAILABILITY, "offline"), "offline");
    const mark = observer.seen.length;
    home.state.storageBytes = 99_000_000;
    bus.emit("storage", { usedBytes: 99_000_000, budgetBytes: 1_000_000_000, state: "ok" });
    const retained = await retainedNow(broker.url, "home_patterns/#");
    expect(retained[AVAILABILITY]).toBe("offline");
    expect(retained["home_patterns/storage_used/state"]).toBe("12.35");
    expect(observer.seen.length).toBe(mark);
  });
});
