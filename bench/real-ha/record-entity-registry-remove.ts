// Records a real Home Assistant's websocket answers to config/entity_registry/list and /remove
// (success, unknown entity, malformed id, missing key) into test/fixtures/ha-recordings, frames verbatim.
// Usage: node dist-bench/bench/real-ha/record-entity-registry-remove.js  (real HA on 127.0.0.1:8123)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WebSocket } from "ws";
import { connectMqtt, type MqttMessage } from "../../src/mqtt/mqtt-connection.js";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = path.join(root, "test/fixtures/ha-recordings");
const FILE = "ws-extra-entity-registry-remove.jsonl";
const env = process.env;
const WS_URL = env.REAL_HA_WS_URL ?? "ws://127.0.0.1:8123/api/websocket";
const MQTT_URL = env.REAL_HA_MQTT_URL ?? "mqtt://127.0.0.1:1883";
const token = readFileSync(env.REAL_HA_TOKEN_FILE ?? "/tmp/ha-token", "utf8").trim();
/** An entity as an older Home Patterns release announced it; the broker keeps its config retained. */
const OBJECT_ID = "old_release_ghost";
const CONFIG_TOPIC = `homeassistant/sensor/home_patterns/${OBJECT_ID}/config`;
const ENTITY_ID = `sensor.home_patterns_${OBJECT_ID}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = performance.now();
const tMs = () => Math.round((performance.now() - started) * 10) / 10;
const lines: string[] = [];
const steps: { next_line: number; t_ms: number; label: string }[] = [];
const notes: Record<string, unknown>[] = [];
const inbox: Record<string, unknown>[] = [];
let arrays = 0;
let objects = 0;

function step(label: string): void {
  steps.push({ next_line: lines.length + 1, t_ms: tMs(), label });
}

async function main(): Promise<void> {
  const mqtt = await connectMqtt(MQTT_URL);
  const retained: MqttMessage[] = [];
  const ws = new WebSocket(WS_URL);
  ws.on("message", (data) => {
    const text = data.toString();
    lines.push(`{"dir":"in","t_ms":${tMs()},"frame":${text}}`);
    const frame = JSON.parse(text) as unknown;
    if (Array.isArray(frame)) arrays++;
    else objects++;
    for (const m of Array.isArray(frame) ? frame : [frame]) inbox.push(m as Record<string, unknown>);
  });
  let close: { code: number; reason: string } | undefined;
  ws.on("close", (code, reason) => {
    close = { code, reason: reason.toString() };
    notes.push({ after_line: lines.length, t_ms: tMs(), event: "ws-close", code, reason: reason.toString() });
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  notes.push({ after_line: 0, t_ms: tMs(), event: "ws-open" });

  const send = (frame: Record<string, unknown>, shown = frame) => {
    lines.push(`{"dir":"out","t_ms":${tMs()},"frame":${JSON.stringify(shown)}}`);
    ws.send(JSON.stringify(frame));
  };
  const waitFor = async (match: (m: Record<string, unknown>) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      const found = inbox.find(match);
      if (found) return found;
      await sleep(100);
    }
    throw new Error(`no ${what} from Home Assistant in 10 s`);
  };
  const resultOf = (id: number) => waitFor((m) => m.id === id && m.type === "result", `result #${id}`);

  step("extra: connect WITHOUT supported_features (frames are single objects): auth_required -> auth -> auth_ok");
  await waitFor((m) => m.type === "auth_required", "auth_required");
  send({ type: "auth", access_token: token }, { type: "auth", access_token: "<token>" });
  await waitFor((m) => m.type === "auth_ok", "auth_ok");

  step("extra: subscribe_events entity_registry_updated");
  send({ id: 1, type: "subscribe_events", event_type: "entity_registry_updated" });
  await resultOf(1);

  step(
    `extra: MQTT discovery (mosquitto, retained) of ${ENTITY_ID} with unique_id home_patterns_${OBJECT_ID}, as an older release published it -> entity_registry_updated create`,
  );
  await mqtt.publish(
    CONFIG_TOPIC,
    JSON.stringify({
      name: "Old release ghost",
      unique_id: `home_patterns_${OBJECT_ID}`,
      state_topic: `home_patterns/${OBJECT_ID}/state`,
      device: { identifiers: ["home_patterns_recording"], name: "Home Patterns" },
    }),
    { retain: true, qos: 1 },
  );
  await waitFor(
    (m) => m.type === "event" && JSON.stringify(m).includes(`"entity_id":"${ENTITY_ID}"`),
    "entity_registry_updated create",
  );

  step("extra: config/entity_registry/list (the list includes the MQTT entity: platform mqtt, its unique_id)");
  send({ id: 2, type: "config/entity_registry/list" });
  await resultOf(2);

  step(`extra: config/entity_registry/remove ${ENTITY_ID} -> result null, then entity_registry_updated remove`);
  send({ id: 3, type: "config/entity_registry/remove", entity_id: ENTITY_ID });
  await resultOf(3);
  await waitFor(
    (m) => m.type === "event" && JSON.stringify(m).includes('"action":"remove"'),
    "entity_registry_updated remove",
  );
  // HA's MQTT integration clears the retained discovery config of an entity removed from the registry.
  await sleep(1_000);
  await mqtt.subscribe(CONFIG_TOPIC);
  const off = mqtt.onMessage((m) => {
    if (m.topic === CONFIG_TOPIC) retained.push(m);
  });
  await sleep(1_000);
  off();
  await mqtt.unsubscribe(CONFIG_TOPIC);
  notes.push({
    after_line: lines.length,
    t_ms: tMs(),
    event: `retained messages on ${CONFIG_TOPIC} after the remove (subscribed 1 s later): ${retained.length}`,
  });

  step(`extra: config/entity_registry/remove ${ENTITY_ID} again (no longer registered)`);
  send({ id: 4, type: "config/entity_registry/remove", entity_id: ENTITY_ID });
  await resultOf(4);

  step("extra: config/entity_registry/remove with an entity_id that is not an entity id");
  send({ id: 5, type: "config/entity_registry/remove", entity_id: "not an entity" });
  await resultOf(5);

  step("extra: config/entity_registry/remove without entity_id");
  send({ id: 6, type: "config/entity_registry/remove" });
  await resultOf(6);

  notes.push({ after_line: lines.length, t_ms: tMs(), event: "client closes with code 1000" });
  ws.close(1000);
  for (let i = 0; i < 50 && !close; i++) await sleep(100);
  await mqtt.publish(CONFIG_TOPIC, "", { retain: true, qos: 1 });
  await mqtt.close();

  writeFileSync(path.join(dir, FILE), `${lines.join("\n")}\n`);
  const metaFile = path.join(dir, "ws-meta.json");
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Record<string, unknown>;
  meta[FILE] = {
    wall_clock_start: new Date(Date.now() - tMs()).toISOString(),
    steps,
    notes,
    close,
    entity_id: ENTITY_ID,
    retained_config_after_remove: retained.length,
    frames_in_as_array: arrays,
    frames_in_as_object: objects,
  };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(
    `${lines.length} frames written to ${path.join(dir, FILE)}; retained config after remove: ${retained.length}`,
  );
}

main().catch((err: Error) => {
  console.error(`record-entity-registry-remove: ${err.message}`);
  process.exitCode = 1;
});
