// A zigbee2mqtt device reaches the service twice (Home Assistant's MQTT discovery and mqtt_topics): one event per change.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectMqtt, type MqttConnection } from "../../src/mqtt/mqtt-connection.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { type ServiceProcess, startService, waitFor } from "../support/service-process.js";

const BRIDGE_DEVICES = readFileSync(
  path.join(import.meta.dirname, "../fixtures/zigbee2mqtt/bridge-devices.json"),
  "utf8",
);
const HALL_IEEE = "0x00158d00041132a4";
const HALL_ENTITY = "binary_sensor.hallway_motion_sensor_occupancy";
/** Not in Home Assistant (its discovery is off for it): only MQTT knows it. */
const KITCHEN_ENTITY = "binary_sensor.kitchen_motion_sensor_occupancy";

let mosquitto: RunningMosquitto;
let ha: FakeHomeAssistant;
let z2m: MqttConnection;
let service: ServiceProcess;
let dataDir: string;

beforeAll(async () => {
  mosquitto = await startMosquitto();
  ha = await FakeHomeAssistant.start({ timeZone: "UTC" });
  ha.addArea({ name: "Hallway" });
  // What zigbee2mqtt's discovery leaves in HA's registries for the hallway sensor.
  ha.addDevice({
    id: "hall-motion-device",
    name: "Hallway Motion Sensor",
    area_id: "hallway",
    identifiers: [["mqtt", `zigbee2mqtt_${HALL_IEEE}`]],
  });
  ha.addEntity({
    entity_id: HALL_ENTITY,
    platform: "mqtt",
    device_id: "hall-motion-device",
    unique_id: `${HALL_IEEE}_occupancy_zigbee2mqtt`,
  });
  ha.setStates([{ entity_id: HALL_ENTITY, state: "off" }]);
  z2m = await connectMqtt(mosquitto.url);
  // zigbee2mqtt's own inventory (test/fixtures): the hallway and kitchen sensors are in it.
  await z2m.publish("zigbee2mqtt/bridge/devices", BRIDGE_DEVICES, { retain: true, qos: 1 });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-z2m-"));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify({ mqtt_topics: ["zigbee2mqtt/+"] }));
  service = await startService(["run"], {
    HA_URL: ha.url,
    HA_TOKEN: ha.token,
    MQTT_URL: mosquitto.url,
    DATA_DIR: dataDir,
    OPTIONS_FILE: optionsFile,
    TZ: "UTC",
    LOG_LEVEL: "info",
  });
  // The service is up before its broker connection (a broker may start later): its MQTT topics are
  // subscribed only once the source reports connected, and a message published before is lost.
  await waitFor(
    async () => {
      const res = await fetch(`${service.url}/api/health`);
      const { sources } = (await res.json()) as { sources: { name: string; state: string }[] };
      return sources.length === 2 && sources.every((s) => s.state === "connected");
    },
    10_000,
    "Home Assistant and MQTT connected",
  );
}, 60_000);

afterAll(async () => {
  if (service && service.child.exitCode === null && service.child.signalCode === null) {
    service.child.kill("SIGTERM");
    await service.exited;
  }
  await z2m?.close();
  await ha?.stop();
  await mosquitto?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it("stores each occupancy change once: the known device from Home Assistant, the other from MQTT", async () => {
  for (let i = 0; i < 10; i++) {
    const occupancy = i % 2 === 0;
    // zigbee2mqtt publishes; HA's MQTT integration turns the same message into a state change.
    await z2m.publish("zigbee2mqtt/Hallway Motion Sensor", JSON.stringify({ occupancy }), { qos: 1 });
    ha.emitStateChange(HALL_ENTITY, occupancy ? "on" : "off");
    await z2m.publish("zigbee2mqtt/Kitchen Motion Sensor", JSON.stringify({ occupancy }), { qos: 1 });
    // A sensor's changes are apart in time; Home Assistant times them to the millisecond.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const stored = async () => {
    const res = await fetch(`${service.url}/api/stats`);
    return ((await res.json()) as { bySource: Record<string, number> }).bySource;
  };
  // 10 changes from each path, plus the hallway's state from the start backfill. Each path keeps its
  // order, so a hallway message MQTT stored as well would be stored before the last kitchen one.
  await waitFor(
    async () => {
      const { ha = 0, mqtt = 0 } = await stored();
      return ha >= 11 && mqtt >= 10;
    },
    10_000,
    "the changes stored",
  );
  service.child.kill("SIGTERM");
  await service.exited;

  const db = openSqlite({ file: path.join(dataDir, "home-patterns.sqlite") });
  const rows = db
    .prepare(
      `SELECT n.entity_id AS entity, o.name AS source, COUNT(*) AS n FROM events e
       JOIN entities n ON n.id = e.entity JOIN sources o ON o.id = e.source GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
  db.close();
  expect(rows).toEqual([
    { entity: HALL_ENTITY, source: "ha", n: 11 },
    { entity: KITCHEN_ENTITY, source: "mqtt", n: 10 },
  ]);
});
