// Records what a real Home Assistant does with a device of ours whose entities go away, and its
// answers to config_entries/get and config/device_registry/remove_config_entry (success and errors),
// into test/fixtures/ha-recordings, frames verbatim.
// Usage: node dist-bench/bench/real-ha/record-device-registry-remove.js  (real HA on 127.0.0.1:8123)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WebSocket } from "ws";
import { connectMqtt, type MqttConnection } from "../../src/mqtt/mqtt-connection.js";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = path.join(root, "test/fixtures/ha-recordings");
const FILE = "ws-extra-device-registry-remove.jsonl";
const env = process.env;
const WS_URL = env.REAL_HA_WS_URL ?? "ws://127.0.0.1:8123/api/websocket";
const MQTT_URL = env.REAL_HA_MQTT_URL ?? "mqtt://127.0.0.1:1883";
const token = readFileSync(env.REAL_HA_TOKEN_FILE ?? "/tmp/ha-token", "utf8").trim();

/** Three devices as Home Patterns announces them, one entity each. */
const CLEARED = "recording_cleared";
const UNREGISTERED = "recording_unregistered";
const STILL_USED = "recording_still_used";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = performance.now();
const tMs = () => Math.round((performance.now() - started) * 10) / 10;
const lines: string[] = [];
const steps: { next_line: number; t_ms: number; label: string }[] = [];
const notes: Record<string, unknown>[] = [];

type Message = Record<string, unknown>;
interface DeviceEntry {
  id: string;
  identifiers: [string, string][];
  config_entries: string[];
}
interface EntityEntry {
  entity_id: string;
  device_id: string | null;
  unique_id: string;
}

function step(label: string): void {
  steps.push({ next_line: lines.length + 1, t_ms: tMs(), label });
}

function registryEvent(m: Message, eventType: string, action: string): boolean {
  const event = m.event as { event_type?: string; data?: { action?: string } } | undefined;
  return m.type === "event" && event?.event_type === eventType && event.data?.action === action;
}

function configTopic(objectId: string): string {
  return `homeassistant/sensor/home_patterns/${objectId}/config`;
}

function discoveryConfig(objectId: string): string {
  return JSON.stringify({
    name: "Reading",
    unique_id: `home_patterns_${objectId}`,
    state_topic: `home_patterns/${objectId}/state`,
    device: { identifiers: [`home_patterns_${objectId}`], name: `Home Patterns ${objectId}` },
  });
}

/** A websocket to HA, authenticated; `recorded` ones write every frame into the recording. */
async function openHa(recorded: boolean) {
  const inbox: Message[] = [];
  const ws = new WebSocket(WS_URL);
  let close: { code: number; reason: string } | undefined;
  ws.on("message", (data) => {
    const text = data.toString();
    if (recorded) lines.push(`{"dir":"in","t_ms":${tMs()},"frame":${text}}`);
    const frame = JSON.parse(text) as unknown;
    for (const m of Array.isArray(frame) ? frame : [frame]) inbox.push(m as Message);
  });
  ws.on("close", (code, reason) => {
    close = { code, reason: reason.toString() };
    if (recorded) notes.push({ after_line: lines.length, t_ms: tMs(), event: "ws-close", code });
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  if (recorded) notes.push({ after_line: 0, t_ms: tMs(), event: "ws-open" });
  /** The first message from `from` on (an index into everything received) that matches. */
  const waitFor = async (match: (m: Message) => boolean, what: string, from = 0) => {
    for (let i = 0; i < 100; i++) {
      const found = inbox.slice(from).find(match);
      if (found) return found;
      await sleep(100);
    }
    throw new Error(`no ${what} from Home Assistant in 10 s`);
  };
  const send = (frame: Message, shown = frame) => {
    if (recorded) lines.push(`{"dir":"out","t_ms":${tMs()},"frame":${JSON.stringify(shown)}}`);
    ws.send(JSON.stringify(frame));
  };
  await waitFor((m) => m.type === "auth_required", "auth_required");
  send({ type: "auth", access_token: token }, { type: "auth", access_token: "<token>" });
  await waitFor((m) => m.type === "auth_ok", "auth_ok");
  let nextId = 0;
  return {
    waitFor,
    received: () => inbox.length,
    /** Sends a command (with the next id unless one is given) and waits for its result. */
    async command(message: Message, id = ++nextId): Promise<Message> {
      nextId = Math.max(nextId, id);
      send({ id, ...message });
      return waitFor((m) => m.id === id && m.type === "result", `result #${id}`);
    },
    async close() {
      ws.close(1000);
      for (let i = 0; i < 50 && !close; i++) await sleep(100);
      return close;
    },
  };
}

async function main(): Promise<void> {
  const mqtt: MqttConnection = await connectMqtt(MQTT_URL);
  // The probe looks at the registries without being recorded (their lists hold the whole home).
  const probe = await openHa(false);
  const deviceOf = async (objectId: string) =>
    ((await probe.command({ type: "config/device_registry/list" })).result as DeviceEntry[]).find((d) =>
      d.identifiers.some(([domain, id]) => domain === "mqtt" && id === `home_patterns_${objectId}`),
    );
  const entitiesOf = async (deviceId: string) =>
    ((await probe.command({ type: "config/entity_registry/list" })).result as EntityEntry[]).filter(
      (e) => e.device_id === deviceId,
    );
  const retainedConfig = async (objectId: string) => {
    const got: string[] = [];
    const off = mqtt.onMessage((m) => {
      if (m.topic === configTopic(objectId) && m.payload.length > 0) got.push(m.topic);
    });
    await mqtt.subscribe(configTopic(objectId));
    await sleep(1_000);
    off();
    await mqtt.unsubscribe(configTopic(objectId));
    return got.length;
  };
  const note = (event: string, facts: Record<string, unknown> = {}) =>
    notes.push({ after_line: lines.length, t_ms: tMs(), event, ...facts });
  const discover = async (objectId: string, ha: Awaited<ReturnType<typeof openHa>>) => {
    const from = ha.received();
    await mqtt.publish(configTopic(objectId), discoveryConfig(objectId), { retain: true, qos: 1 });
    await ha.waitFor((m) => registryEvent(m, "entity_registry_updated", "create"), "entity created", from);
    const device = await deviceOf(objectId);
    if (!device) throw new Error(`HA made no device for ${objectId}`);
    const entities = await entitiesOf(device.id);
    return { device, entities };
  };

  const ha = await openHa(true);
  steps.unshift({
    next_line: 1,
    t_ms: 0,
    label: "extra: connect WITHOUT supported_features (frames are single objects): auth_required -> auth -> auth_ok",
  });

  step("extra: subscribe_events device_registry_updated (id 1) and entity_registry_updated (id 2)");
  await ha.command({ type: "subscribe_events", event_type: "device_registry_updated" });
  await ha.command({ type: "subscribe_events", event_type: "entity_registry_updated" });

  step("extra: config_entries/get for the domain mqtt: the MQTT integration's config entry");
  const entries = (await ha.command({ type: "config_entries/get", domain: "mqtt" })).result as {
    entry_id: string;
  }[];
  const mqttEntry = entries[0]?.entry_id;
  if (!mqttEntry) throw new Error("Home Assistant has no MQTT config entry");

  step(
    `extra: MQTT discovery (retained) of one entity on device home_patterns_${CLEARED} -> device and entity created`,
  );
  const cleared = await discover(CLEARED, ha);
  step("extra: its retained config cleared (empty payload) -> HA removes the entity, then the device");
  const from = ha.received();
  await mqtt.publish(configTopic(CLEARED), "", { retain: true, qos: 1 });
  await ha.waitFor((m) => registryEvent(m, "device_registry_updated", "remove"), "device removed", from);
  await sleep(1_000);
  note("device after its last entity's config was cleared (probe, 1 s later)", {
    device_left: (await deviceOf(CLEARED)) !== undefined,
    device_id: cleared.device.id,
  });

  step(`extra: MQTT discovery (retained) of one entity on device home_patterns_${UNREGISTERED}`);
  const unregistered = await discover(UNREGISTERED, ha);
  const entityId = unregistered.entities[0]?.entity_id;
  step(`extra: config/entity_registry/remove ${entityId} -> entity removed, the device stays (no device event)`);
  await ha.command({ type: "config/entity_registry/remove", entity_id: entityId });
  await sleep(1_500);
  const stays = await deviceOf(UNREGISTERED);
  note("device after its last entity left the entity registry (probe, 1.5 s later)", {
    device_left: stays !== undefined,
    entities_left: stays ? (await entitiesOf(stays.id)).length : 0,
    device_id: unregistered.device.id,
    config_entries: stays?.config_entries,
    retained_config: await retainedConfig(UNREGISTERED),
  });

  step("extra: config/device_registry/remove_config_entry (MQTT entry) of the emptied device -> device removed");
  await ha.command({
    type: "config/device_registry/remove_config_entry",
    config_entry_id: mqttEntry,
    device_id: unregistered.device.id,
  });
  await sleep(500);
  note("device after remove_config_entry (probe)", { device_left: (await deviceOf(UNREGISTERED)) !== undefined });

  step("extra: the same remove_config_entry again (device gone)");
  await ha.command({
    type: "config/device_registry/remove_config_entry",
    config_entry_id: mqttEntry,
    device_id: unregistered.device.id,
  });

  step("extra: remove_config_entry with an unknown config entry id");
  await ha.command({
    type: "config/device_registry/remove_config_entry",
    config_entry_id: "0123456789abcdef0123456789abcdef",
    device_id: unregistered.device.id,
  });

  // A device of another integration: the MQTT entry is not one of its config entries.
  const devices = (await probe.command({ type: "config/device_registry/list" })).result as DeviceEntry[];
  const foreign = devices.find((d) => !d.config_entries.includes(mqttEntry));
  if (foreign) {
    step("extra: remove_config_entry of the MQTT entry from a device of another integration (sun)");
    note("the other integration's device", {
      foreign_device: { id: foreign.id, config_entries: foreign.config_entries, identifiers: foreign.identifiers },
    });
    await ha.command({
      type: "config/device_registry/remove_config_entry",
      config_entry_id: mqttEntry,
      device_id: foreign.id,
    });
  }

  step("extra: remove_config_entry without device_id");
  await ha.command({ type: "config/device_registry/remove_config_entry", config_entry_id: mqttEntry });

  step("extra: remove_config_entry without config_entry_id");
  await ha.command({ type: "config/device_registry/remove_config_entry", device_id: unregistered.device.id });

  step(`extra: MQTT discovery (retained) of one entity on device home_patterns_${STILL_USED}`);
  const stillUsed = await discover(STILL_USED, ha);
  step("extra: remove_config_entry of a device that still has its entity -> HA removes the entity with the device");
  await ha.command({
    type: "config/device_registry/remove_config_entry",
    config_entry_id: mqttEntry,
    device_id: stillUsed.device.id,
  });
  await sleep(1_500);
  note("a device removed with its entity (probe, 1.5 s later)", {
    device_left: (await deviceOf(STILL_USED)) !== undefined,
    entity_left: ((await probe.command({ type: "config/entity_registry/list" })).result as EntityEntry[]).some(
      (e) => e.entity_id === stillUsed.entities[0]?.entity_id,
    ),
    retained_config: await retainedConfig(STILL_USED),
    device_id: stillUsed.device.id,
    entity_id: stillUsed.entities[0]?.entity_id,
  });

  note("client closes with code 1000");
  const close = await ha.close();
  await probe.close();
  for (const objectId of [CLEARED, UNREGISTERED, STILL_USED])
    await mqtt.publish(configTopic(objectId), "", { retain: true, qos: 1 });
  await mqtt.close();

  writeFileSync(path.join(dir, FILE), `${lines.join("\n")}\n`);
  const metaFile = path.join(dir, "ws-meta.json");
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Record<string, unknown>;
  meta[FILE] = {
    wall_clock_start: new Date(Date.now() - tMs()).toISOString(),
    steps,
    notes,
    close,
    mqtt_config_entry_id: mqttEntry,
    devices: { cleared: cleared.device, unregistered: unregistered.device, still_used: stillUsed.device },
    entities: {
      cleared: cleared.entities,
      unregistered: unregistered.entities,
      still_used: stillUsed.entities,
    },
  };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`${lines.length} frames written to ${path.join(dir, FILE)}`);
  for (const n of notes) console.log(JSON.stringify(n));
}

main().catch((err: Error) => {
  console.error(`record-device-registry-remove: ${err.message}`);
  process.exitCode = 1;
});
