// The MQTT source against a real mosquitto, with zigbee2mqtt's real device inventory.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { connectMqtt, createMqttConnection, type MqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import { createMqttSource, type MqttSource } from "../../../src/sources/mqtt/mqtt-source.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { freePort } from "../../support/local-server.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { type CollectingSink, collectingSink } from "./collecting-sink.js";

const BRIDGE_DEVICES = readFileSync(
  path.join(import.meta.dirname, "../../fixtures/zigbee2mqtt/bridge-devices.json"),
  "utf8",
);
const T0 = Date.UTC(2026, 10, 20, 6, 55, 0);

let broker: RunningMosquitto;
let base = 0;

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.stop();
});

/** Each test gets its own base topic so retained messages of one never reach another. */
function freshBase(): string {
  base++;
  return `z2m_${base}`;
}

interface Rig {
  base: string;
  clock: ManualClock;
  sink: CollectingSink;
  source: MqttSource;
  listener: MqttConnection;
  publisher: MqttConnection;
  publish(device: string, payload: unknown, retain?: boolean): Promise<void>;
  /** Publishes a marker and waits for it: everything published before has been handled. */
  settle(): Promise<void>;
}

const open: Rig[] = [];
afterEach(async () => {
  for (const rig of open.splice(0)) {
    await rig.source.stop();
    await rig.listener.close();
    await rig.publisher.close();
  }
});

async function rig(
  options: {
    topics?: (base: string) => string[];
    bridge?: boolean;
    beforeStart?: (r: Omit<Rig, "source" | "sink" | "settle">) => Promise<void>;
    knownToHomeAssistant?: (ieee: string) => boolean;
  } = {},
): Promise<Rig> {
  const b = freshBase();
  const clock = new ManualClock(T0);
  const publisher = await connectMqtt(broker.url, { reconnectPeriodMs: 100 });
  const listener = await connectMqtt(broker.url, { reconnectPeriodMs: 100 });
  const publish = (device: string, payload: unknown, retain = false) =>
    publisher.publish(`${b}/${device}`, typeof payload === "string" ? payload : JSON.stringify(payload), {
      retain,
      qos: 1,
    });
  if (options.bridge !== false)
    await publisher.publish(`${b}/bridge/devices`, BRIDGE_DEVICES, { retain: true, qos: 1 });
  await options.beforeStart?.({ base: b, clock, listener, publisher, publish });
  const source = createMqttSource({
    connection: listener,
    topics: options.topics ? options.topics(b) : [`${b}/+`],
    clock,
    logger: createMemoryLogger(),
    knownToHomeAssistant: options.knownToHomeAssistant,
  })!;
  const sink = collectingSink();
  await source.start(sink);
  let marker = 0;
  const r: Rig = {
    base: b,
    clock,
    sink,
    source,
    listener,
    publisher,
    publish,
    async settle() {
      marker++;
      const value = marker % 2 === 1;
      await publish("Settle Marker", { marker: value });
      const entity = "binary_sensor.settle_marker_marker";
      await sink.waitFor(
        (s) => s.events.some((e) => e.entity === entity && e.state === (value ? "on" : "off")),
        `marker ${marker}`,
      );
      sink.events = sink.events.filter((e) => e.entity !== entity);
    },
  };
  open.push(r);
  if (options.bridge !== false) {
    await sink.waitFor(() => source.knownDevices().some((d) => d.devices.length > 0), "bridge/devices");
  }
  return r;
}

describe("mqtt source with zigbee2mqtt payloads", () => {
  it("is not created when no topics are configured", async () => {
    const connection = await connectMqtt(broker.url);
    try {
      expect(
        createMqttSource({ connection, topics: [], clock: new ManualClock(T0), logger: createMemoryLogger() }),
      ).toBeUndefined();
      expect(
        createMqttSource({ connection, topics: ["  "], clock: new ManualClock(T0), logger: createMemoryLogger() }),
      ).toBeUndefined();
    } finally {
      await connection.close();
    }
  });

  it("learns the 19 devices from the retained bridge/devices inventory, leaving out the coordinator", async () => {
    const r = await rig();
    const devices = r.source.knownDevices()[0];
    expect(devices.base).toBe(r.base);
    expect(devices.devices).toHaveLength(19);
    expect(devices.devices).toContain("Living Room temperature, humidity and pressure sensor");
    expect(devices.devices).not.toContain("Coordinator");
    expect(r.source.status().detail).toContain("19 zigbee2mqtt devices");
  });

  it("turns a motion sensor's full state into one occupancy event, and a repeat into nothing", async () => {
    const r = await rig();
    const payload = {
      battery: 100,
      device_temperature: 24,
      illuminance: 12,
      linkquality: 120,
      occupancy: true,
      power_outage_count: 3,
      voltage: 3005,
    };
    // Events are stamped on arrival: settle before moving the clock.
    await r.publish("Kitchen Motion Sensor", payload);
    await r.settle();
    r.clock.advance(1000);
    await r.publish("Kitchen Motion Sensor", payload);
    await r.settle();
    r.clock.advance(1000);
    await r.publish("Kitchen Motion Sensor", { ...payload, linkquality: 87, occupancy: false });
    await r.settle();
    r.clock.advance(1000);
    await r.publish("Kitchen Motion Sensor", { ...payload, illuminance: 30, occupancy: false });
    await r.settle();
    expect(r.sink.events).toEqual([
      { ts: T0, entity: "binary_sensor.kitchen_motion_sensor_occupancy", state: "on", source: "mqtt" },
      {
        ts: T0 + 2000,
        entity: "binary_sensor.kitchen_motion_sensor_occupancy",
        state: "off",
        previous: "on",
        source: "mqtt",
      },
      {
        ts: T0 + 3000,
        entity: "sensor.kitchen_motion_sensor_illuminance",
        state: "30",
        previous: "12",
        source: "mqtt",
        // The unit the inventory's exposes name for it, as Home Assistant's entity shows it.
        unit: "lx",
      },
    ]);
  });

  it("stores an on, off, on read in one millisecond as three changes (a backlog after a stall)", async () => {
    const r = await rig();
    // The clock does not move: the three are read as a stalled service reads its backlog.
    for (const occupancy of [true, false, true]) await r.publish("Kitchen Motion Sensor", { occupancy });
    await r.settle();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-mqtt-burst-"));
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => r.clock.now() });
    try {
      stores.events.append(r.sink.events);
      const stored = stores.events.query({ from: T0, to: T0 + 1_000 });
      expect(stored.map(({ ts, entity, state }) => ({ ts: ts - T0, entity, state }))).toEqual([
        { ts: 0, entity: "binary_sensor.kitchen_motion_sensor_occupancy", state: "on" },
        { ts: 1, entity: "binary_sensor.kitchen_motion_sensor_occupancy", state: "off" },
        { ts: 2, entity: "binary_sensor.kitchen_motion_sensor_occupancy", state: "on" },
      ]);
    } finally {
      stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("maps contact, lights, plugs, buttons, leaks and climate readings the way Home Assistant names them", async () => {
    const r = await rig();
    await r.publish("Door Sensor", { battery: 91, contact: false, linkquality: 60, voltage: 2985 });
    await r.publish("Door Sensor", { battery: 91, contact: true, linkquality: 60, voltage: 2985 });
    await r.publish("Office Desk Light", { brightness: 200, color_temp: 300, linkquality: 90, state: "ON" });
    await r.publish("Office Desk Light", { brightness: 120, color_temp: 300, linkquality: 90, state: "ON" });
    await r.publish("Plug", {
      consumer_connected: true,
      device_temperature: 31,
      energy: 1.2,
      power: 35.2,
      state: "ON",
    });
    await r.publish("Plug", { consumer_connected: true, device_temperature: 31, energy: 1.2, power: 0, state: "OFF" });
    await r.publish("Office Desk Switch", { action: "single", battery: 80, linkquality: 100, voltage: 3000 });
    await r.publish("Office Desk Switch", { action: "single", battery: 80, linkquality: 100, voltage: 3000 });
    await r.publish("Office Desk Switch", { action: "", battery: 80, linkquality: 100, voltage: 3000 });
    await r.publish("Bathroom leak sensor", { battery: 100, battery_low: true, water_leak: true });
    await r.publish("Living Room temperature, humidity and pressure sensor", {
      battery: 100,
      humidity: 44.43,
      linkquality: 152,
      power_outage_count: 1616,
      pressure: 957.4,
      temperature: 20.74,
      voltage: 3025,
    });
    await r.publish("Living Room temperature, humidity and pressure sensor", {
      battery: 100,
      humidity: 44.43,
      linkquality: 140,
      power_outage_count: 1616,
      pressure: 957.4,
      temperature: 21.1,
      voltage: 3025,
    });
    await r.settle();
    expect(r.sink.events.map(({ entity, state, previous }) => ({ entity, state, previous }))).toEqual([
      { entity: "binary_sensor.door_sensor_contact", state: "on", previous: undefined },
      { entity: "binary_sensor.door_sensor_contact", state: "off", previous: "on" },
      { entity: "light.office_desk_light", state: "on", previous: undefined },
      { entity: "switch.plug", state: "on", previous: undefined },
      { entity: "sensor.plug_power", state: "0", previous: "35.2" },
      { entity: "switch.plug", state: "off", previous: "on" },
      { entity: "sensor.office_desk_switch_action", state: "single", previous: undefined },
      { entity: "sensor.office_desk_switch_action", state: "single", previous: "single" },
      { entity: "binary_sensor.bathroom_leak_sensor_water_leak", state: "on", previous: undefined },
      {
        entity: "sensor.living_room_temperature_humidity_and_pressure_sensor_temperature",
        state: "21.1",
        previous: "20.74",
      },
    ]);
    expect(r.sink.rejects).toEqual([]);
    // Numbers carry the unit bridge/devices exposes them in; states that are not numbers carry none.
    expect(new Map(r.sink.events.map((e) => [e.entity, e.unit]))).toEqual(
      new Map([
        ["binary_sensor.door_sensor_contact", undefined],
        ["light.office_desk_light", undefined],
        ["switch.plug", undefined],
        ["sensor.plug_power", "W"],
        ["sensor.office_desk_switch_action", undefined],
        ["binary_sensor.bathroom_leak_sensor_water_leak", undefined],
        ["sensor.living_room_temperature_humidity_and_pressure_sensor_temperature", "°C"],
      ]),
    );
    // 10 above and the settle marker's event.
    expect(r.source.status()).toMatchObject({ name: "mqtt", state: "connected", eventsDelivered: 11, lastEventAt: T0 });
  });

  it("guesses devices the inventory does not know by property name (tamper, presence, contact)", async () => {
    const r = await rig();
    await r.publish("Garage Tilt Sensor", { battery: 55, contact: false, tamper: true, presence: false });
    await r.publish("Garage Tilt Sensor", { battery: 55, contact: false, tamper: false, presence: true });
    await r.settle();
    expect(r.sink.events.map(({ entity, state }) => `${entity}=${state}`)).toEqual([
      "binary_sensor.garage_tilt_sensor_contact=on",
      "binary_sensor.garage_tilt_sensor_tamper=on",
      "binary_sensor.garage_tilt_sensor_presence=off",
      "binary_sensor.garage_tilt_sensor_tamper=off",
      "binary_sensor.garage_tilt_sensor_presence=on",
    ]);
  });

  it("counts non-JSON and malformed payloads, skips them and keeps going", async () => {
    const r = await rig();
    await r.publish("Hallway Motion Sensor", "occupancy=true");
    await r.publish("Hallway Motion Sensor", '{"occupancy": tru');
    await r.publish("Hallway Motion Sensor", "[1,2]");
    await r.publish("Hallway Motion Sensor", { occupancy: true });
    await r.settle();
    expect(r.sink.rejects.map((x) => x.reason)).toEqual([
      `${r.base}/Hallway Motion Sensor: payload is not JSON: "occupancy=true"`,
      `${r.base}/Hallway Motion Sensor: payload is not JSON: "{\\"occupancy\\": tru"`,
      `${r.base}/Hallway Motion Sensor: payload is not a JSON object: "[1,2]"`,
    ]);
    expect(r.sink.rejects.every((x) => x.source === "mqtt")).toBe(true);
    expect(r.sink.events.map((e) => `${e.entity}=${e.state}`)).toEqual([
      "binary_sensor.hallway_motion_sensor_occupancy=on",
    ]);
    expect(r.source.status().detail).toContain("3 payloads skipped");
  });

  it("skips bridge, /set, /get and /availability topics under a # subscription", async () => {
    const r = await rig({ topics: (b) => [`${b}/#`] });
    await r.publisher.publish(`${r.base}/bridge/state`, JSON.stringify({ state: "online" }));
    await r.publisher.publish(`${r.base}/bridge/logging`, "not json at all");
    await r.publisher.publish(`${r.base}/Plug/set`, JSON.stringify({ state: "ON" }));
    await r.publisher.publish(`${r.base}/Plug/get`, JSON.stringify({ state: "" }));
    await r.publisher.publish(`${r.base}/Plug/availability`, JSON.stringify({ state: "offline" }));
    await r.publisher.publish(`${r.base}/Plug/set/state`, "ON");
    await r.publish("Plug", { state: "ON" });
    await r.settle();
    expect(r.sink.events.map((e) => `${e.entity}=${e.state}`)).toEqual(["switch.plug=on"]);
    expect(r.sink.rejects).toEqual([]);
  });

  it("takes a retained state as what is known, not as a change happening now", async () => {
    const r = await rig({
      beforeStart: async ({ publish }) => {
        await publish("Bedroom Desk Light", { brightness: 80, state: "ON" }, true);
        await publish("Bedroom Desk Switch", { action: "double" }, true);
      },
    });
    await r.publish("Bedroom Desk Light", { brightness: 80, state: "OFF" });
    await r.settle();
    expect(r.sink.events.map(({ entity, state, previous }) => ({ entity, state, previous }))).toEqual([
      { entity: "light.bedroom_desk_light", state: "off", previous: "on" },
    ]);
  });

  it("leaves a device Home Assistant knows (by IEEE address) to Home Assistant, and reads the others", async () => {
    const asked: string[] = [];
    const r = await rig({
      knownToHomeAssistant: (ieee) => {
        asked.push(ieee);
        return ieee === "0x00158d00044c95de"; // Kitchen Motion Sensor
      },
    });
    await r.publish("Kitchen Motion Sensor", { occupancy: true });
    await r.publish("Hallway Motion Sensor", { occupancy: true });
    await r.settle();
    expect(r.sink.events.map((e) => `${e.entity}=${e.state}`)).toEqual([
      "binary_sensor.hallway_motion_sensor_occupancy=on",
    ]);
    expect(asked.slice(0, 2)).toEqual(["0x00158d00044c95de", "0x00158d00041132a4"]);
    expect(r.source.status().detail).toContain("1 messages of devices read through Home Assistant");
  });

  it("reads plain JSON topics without an inventory, naming the device after the topic", async () => {
    const r = await rig({ bridge: false, topics: (b) => [`${b}/sensors/+`] });
    await r.publisher.publish(`${r.base}/sensors/Wine Cellar`, JSON.stringify({ temperature: 11.5, humidity: 70 }));
    await r.publisher.publish(`${r.base}/sensors/Wine Cellar`, JSON.stringify({ temperature: 11.5, humidity: 71 }));
    await r.publisher.publish(`${r.base}/sensors/Wine Cellar`, JSON.stringify({ temperature: 12, humidity: 71 }));
    await r.publisher.publish(`${r.base}/sensors/Settle Marker`, JSON.stringify({ marker: true }));
    await r.sink.waitFor((s) => s.events.some((e) => e.entity === "binary_sensor.settle_marker_marker"), "marker");
    expect(r.sink.events.map((e) => `${e.entity}=${e.previous}->${e.state}`)).toEqual([
      "sensor.wine_cellar_humidity=70->71",
      "sensor.wine_cellar_temperature=11.5->12",
      "binary_sensor.settle_marker_marker=undefined->on",
    ]);
  });

  it("started before its broker, says it subscribes later and reads what follows its connected state", async () => {
    const port = await freePort();
    const connection = createMqttConnection(`mqtt://127.0.0.1:${port}`, { reconnectPeriodMs: 100 });
    const logger = createMemoryLogger();
    const source = createMqttSource({ connection, topics: ["late_z2m/+"], clock: new ManualClock(T0), logger })!;
    const sink = collectingSink();
    let late: RunningMosquitto | undefined;
    try {
      await source.start(sink);
      expect(source.status().state).toBe("disconnected");
      expect(logger.lines.filter((l) => l.includes("[mqtt-source]")).map((l) => l.split("] ")[1])).toEqual([
        `subscribing once the broker answers url="mqtt://127.0.0.1:${port}" topics=["late_z2m/+"]`,
      ]);
      late = await startMosquitto({ port });
      await sink.waitFor(() => source.status().state === "connected", "connected to the late broker", 15_000);
      // Connected means subscribed: a message sent now is read, with no wait before sending it.
      const publisher = await connectMqtt(late.url);
      await publisher.publish("late_z2m/Hall Light", JSON.stringify({ state: "ON" }), { qos: 1 });
      await publisher.close();
      await sink.waitFor((s) => s.events.length === 1, "the message sent once connected");
      expect(sink.events).toEqual([{ ts: T0, entity: "switch.hall_light", state: "on", source: "mqtt" }]);
    } finally {
      await source.stop();
      await connection.close();
      await late?.stop();
    }
  });

  it("resumes after the broker restarts: resubscribes and reads the inventory again", async () => {
    const r = await rig();
    await r.publish("Hallway Light", { state: "ON" });
    await r.settle();
    const disconnects: string[] = [];
    r.listener.onDisconnect((reason) => disconnects.push(reason));
    await broker.restart();
    await r.sink.waitFor(() => disconnects.length > 0, "disconnect noticed");
    await r.sink.waitFor(() => r.listener.connected && r.publisher.connected, "reconnect", 15_000);
    await r.sink.waitFor(() => r.source.status().state === "connected", "source connected again");
    // No persistence: the restarted broker lost the retained inventory; zigbee2mqtt publishes it
    // again on its own reconnect, here with only four devices left, so we see it was re-read.
    const fewer = JSON.stringify(
      (JSON.parse(BRIDGE_DEVICES) as { friendly_name: string }[]).filter((d) =>
        /Coordinator|Hallway|Office/.test(d.friendly_name),
      ),
    );
    await r.publisher.publish(`${r.base}/bridge/devices`, fewer, { retain: true, qos: 1 });
    await r.sink.waitFor(() => r.source.knownDevices()[0].devices.length === 4, "inventory re-read");
    r.clock.advance(60_000);
    await r.publish("Hallway Light", { state: "OFF" });
    await r.settle();
    expect(r.sink.events).toEqual([
      { ts: T0, entity: "light.hallway_light", state: "on", source: "mqtt" },
      { ts: T0 + 60_000, entity: "light.hallway_light", state: "off", previous: "on", source: "mqtt" },
    ]);
  });
});
