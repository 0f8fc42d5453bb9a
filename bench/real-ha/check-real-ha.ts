// npm run check:real-ha: the round trip against a real Home Assistant on 127.0.0.1:8123, one line per check with its figure.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { connectMqtt } from "../../src/mqtt/mqtt-connection.js";
import type { HaEvent } from "../../src/sources/ha/ha-messages.js";
import { AddonProcess } from "./addon-process.js";
import { ChangeLoad } from "./change-load.js";
import {
  deviceWithIdentifier,
  ownRegistryEntries,
  plantForeignEmptyDevice,
  plantOldReleaseDevice,
  plantOldReleaseGhost,
  publishedUniqueIds,
} from "./ghost-entities.js";
import { restartHomeAssistant } from "./ha-restart.js";
import { plantedHabitLines } from "./planted-habit.js";
import { RealHaLink } from "./real-ha-link.js";
import { compareWithHa, storedEvents } from "./stored-events.js";
import { publishZigbeeDevice, ZIGBEE_ENTITY } from "./zigbee-device.js";

const root = path.resolve(import.meta.dirname, "../../..");
const env = process.env;
const HA_URL = env.REAL_HA_URL ?? "http://127.0.0.1:8123";
const MQTT_URL = env.REAL_HA_MQTT_URL ?? "mqtt://127.0.0.1:1883";
const TOKEN_FILE = env.REAL_HA_TOKEN_FILE ?? "/tmp/ha-token";
/** The build under test (its dist/); another checkout's, to compare a change with what came before. */
const ADDON_ROOT = env.REAL_HA_ADDON_ROOT ? path.resolve(env.REAL_HA_ADDON_ROOT) : root;
const START_SCRIPT =
  env.REAL_HA_START_SCRIPT ?? path.resolve(root, "../shared/tools/real-home-assistant/start_real_ha.sh");
const HA_RESTARTS = Number(env.HA_RESTARTS ?? 2);
const ADDON_RESTARTS = Number(env.ADDON_RESTARTS ?? 2);
const RATE = Number(env.CHANGES_PER_SECOND ?? 8);
const PHASE_MS = Number(env.PHASE_SECONDS ?? 8) * 1000;
const LOAD_ENTITIES = ["input_boolean.kitchen_light", "input_boolean.test_switch"];
const MINUTE = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let failures = 0;
function line(check: string, ok: boolean, figure: string): void {
  if (!ok) failures++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${check.padEnd(34)} ${figure}`);
}
async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(200);
  }
  return undefined;
}

async function main(): Promise<void> {
  if (!existsSync(TOKEN_FILE)) throw new Error(`no token in ${TOKEN_FILE}: start the real Home Assistant first`);
  const ha = new RealHaLink(HA_URL, readFileSync(TOKEN_FILE, "utf8").trim());
  await ha.open().catch((err: Error) => {
    throw new Error(`no Home Assistant answers on ${HA_URL}: ${err.message}`);
  });
  const config = await ha.command<{ version: string }>({ type: "get_config" });
  console.log(
    `Home Assistant ${config.version} at ${HA_URL}; ${RATE} changes/s, ${HA_RESTARTS} HA and ${ADDON_RESTARTS} add-on restarts`,
  );

  // A learned habit for the automation and anomaly checks: three weeks, twelve hours from now, on
  // a helper made for this run (an earlier run's changes today would make the anomaly old news).
  const helper = await ha.command<{ id: string }>({
    type: "input_boolean/create",
    name: `Check habit ${Date.now() % 1_000_000}`,
  });
  const HABIT_ENTITY = `input_boolean.${helper.id}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-real-ha-"));
  const habitMinute = Math.floor(((Date.now() + 12 * 60 * MINUTE) % 86_400_000) / MINUTE);
  const history = path.join(dataDir, "habit.jsonl");
  writeFileSync(history, `${plantedHabitLines(HABIT_ENTITY, Date.now(), 21, habitMinute).join("\n")}\n`);
  await promisify(execFile)(process.execPath, [path.join(ADDON_ROOT, "dist/src/main.js"), "import", history], {
    cwd: ADDON_ROOT,
    env: { PATH: env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC" },
  });
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify({ mqtt_topics: ["zigbee2mqtt/+"] }));
  const mqtt = await connectMqtt(MQTT_URL);
  await publishZigbeeDevice(mqtt, root);

  const fired: { type: string; at: number; data: Record<string, unknown> }[] = [];
  for (const type of ["home_patterns_pattern", "home_patterns_anomaly"]) {
    await ha.subscribe(type, (e: HaEvent) => fired.push({ type, at: Date.now(), data: e.data }));
  }
  const addon = new AddonProcess({
    root: ADDON_ROOT,
    dataDir,
    haUrl: HA_URL,
    token: ha.token,
    mqttUrl: MQTT_URL,
    optionsFile,
    logFile: path.join(dataDir, "service.log"),
  });
  const startedAt = Date.now();
  await addon.start();
  console.log(`service data and log: ${dataDir}`);

  // Registries: the service's copy against HA's, and how fast a new area arrives.
  const haAreas = await ha.command<{ area_id: string }[]>({ type: "config/area_registry/list" });
  const name = `Check room ${Date.now() % 100_000}`;
  const created = await ha.command<{ area_id: string }>({ type: "config/area_registry/create", name });
  const t0 = Date.now();
  const seen = await until(async () => {
    const { body } = await addon.api<{ areaId: string }[] | { areas: { areaId: string }[] }>("/api/areas");
    const list = Array.isArray(body) ? body : body.areas;
    return list.some((a) => a.areaId === created.area_id) ? Date.now() - t0 : undefined;
  }, 10_000);
  await ha.command({ type: "config/area_registry/delete", area_id: created.area_id });
  line(
    "registries",
    seen !== undefined,
    `${haAreas.length} areas; a new area in the service after ${seen ?? "> 10000"} ms`,
  );

  // The start-up detection run learns the planted habit and says so on HA's bus, once per pattern.
  const first = await until(async () => fired.find((f) => f.type === "home_patterns_pattern"), 60_000);
  await sleep(3_000);
  const patternEvents = fired.filter((f) => f.type === "home_patterns_pattern").length;
  const added = /detection run .*added=(\d+)/.exec(readFileSync(path.join(dataDir, "service.log"), "utf8"))?.[1];
  line(
    "home_patterns_pattern at start",
    first !== undefined && String(patternEvents) === added,
    first
      ? `${patternEvents} events for added=${added}, first ${((first.at - startedAt) / 1000).toFixed(1)} s after start`
      : `none in 60 s (added=${added})`,
  );

  // MQTT entities on one device, available.
  const own = await until(async () => {
    const entities = await ha.command<{ entity_id: string; platform: string; unique_id: string; device_id: string }[]>({
      type: "config/entity_registry/list",
    });
    const ours = entities.filter((e) => e.platform === "mqtt" && e.unique_id.startsWith("home_patterns_"));
    return ours.length >= 6 ? ours : undefined;
  }, 30_000);
  const ownIds = new Set((own ?? []).map((e) => e.entity_id));
  const states = await ha.command<{ entity_id: string; state: string }[]>({ type: "get_states" });
  const available = states.filter((s) => ownIds.has(s.entity_id) && s.state !== "unavailable").length;
  const devices = new Set((own ?? []).map((e) => e.device_id)).size;
  line(
    "MQTT entities",
    own !== undefined && available === ownIds.size && devices === 1,
    `${ownIds.size} entities on ${devices} device, ${available} available`,
  );

  // An older release's entity whose retained config the broker has lost since: HA registers it,
  // nothing publishes it any more. The HA and add-on restarts below give the add-on its chances.
  const ghostId = await plantOldReleaseGhost(mqtt, `routine_ghost_check_${Date.now() % 1_000_000}`);
  const plantedGhost = await until(async () => (await ownRegistryEntries(ha)).get(ghostId), 15_000);
  // An older release's device whose only entity is such a ghost: emptied when the ghost goes. And
  // another MQTT app's device already without entities, which must stay.
  const oldDevice = await plantOldReleaseDevice(mqtt, `old_device_check_${Date.now() % 1_000_000}`);
  const plantedDevice = await until(async () => deviceWithIdentifier(ha, oldDevice), 15_000);
  const foreignId = `other_app_check_${Date.now() % 1_000_000}`;
  const foreignDevice = await plantForeignEmptyDevice(mqtt, ha, foreignId);

  // An anomaly: the habit light on twelve hours from its usual time.
  const before = fired.filter((f) => f.type === "home_patterns_anomaly").length;
  const switchedAt = Date.now();
  await ha.command({
    type: "call_service",
    domain: "input_boolean",
    service: "turn_on",
    target: { entity_id: HABIT_ENTITY },
  });
  const anomaly = await until(async () => fired.filter((f) => f.type === "home_patterns_anomaly")[before], 30_000);
  line(
    "anomaly event",
    anomaly !== undefined,
    anomaly ? `${anomaly.data.type} after ${anomaly.at - switchedAt} ms` : "none in 30 s",
  );

  // The suggested automation, created in HA after confirming.
  const { body: list } = await addon.api<{
    suggestions: { patternId: number; type: string; config: unknown; automationId: string; key: string }[];
  }>("/api/suggestions");
  const suggestion = list.suggestions.find(
    (s) => s.type === "time_based" && s.config && JSON.stringify(s.config).includes(HABIT_ENTITY),
  );
  if (suggestion) {
    const res = await addon.api<{ entityId?: string }>(`/api/suggestions/${suggestion.patternId}/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm: true }),
    });
    const inHa = await until(async () => {
      const all = await ha.command<{ entity_id: string }[]>({ type: "get_states" });
      return all.some((s) => s.entity_id === res.body.entityId) ? true : undefined;
    }, 15_000);
    line(
      "automation creation",
      res.status === 201 && inHa === true,
      `HTTP ${res.status}, ${res.body.entityId} ${inHa ? "loaded in HA" : "not in HA"}`,
    );
  } else line("automation creation", false, "no suggestion for the planted habit");

  // No change lost or stored twice across HA and add-on restarts under load.
  await ha.command({
    type: "call_service",
    domain: "input_boolean",
    service: "turn_off",
    target: { entity_id: HABIT_ENTITY },
  });
  await sleep(2_000);
  const loadFrom = Date.now();
  const load = new ChangeLoad(ha, LOAD_ENTITIES, RATE);
  load.start();
  const away: number[] = [];
  for (let i = 0; i < HA_RESTARTS; i++) {
    await sleep(PHASE_MS);
    away.push(
      await restartHomeAssistant({ startScript: START_SCRIPT, pidFile: env.REAL_HA_PID_FILE ?? "/tmp/ha.pid" }),
    );
  }
  for (let i = 0; i < ADDON_RESTARTS; i++) {
    await sleep(PHASE_MS);
    await addon.stop();
    await sleep(2_000);
    await addon.start();
  }
  await sleep(PHASE_MS);
  load.stop();
  const loadTo = Date.now();
  // Long enough for the recorder's commit (commit_interval up to 5 s) and the service's batch.
  await sleep(8_000);
  const haChanges = await ha.changesSince(LOAD_ENTITIES, loadFrom);
  for (const list of haChanges.values()) list.splice(0, list.length, ...list.filter((c) => c.ts <= loadTo));
  const stored = storedEvents(dataDir, loadFrom).filter((e) => e.ts <= loadTo);
  const result = compareWithHa(haChanges, stored);
  const upSeconds = (loadTo - loadFrom) / 1000 - away.reduce((a, b) => a + b, 0);
  line(
    "no change lost across restarts",
    result.lost === 0 && result.duplicated === 0,
    `${result.changes} changes in HA (${(result.changes / upSeconds).toFixed(1)}/s while HA was up, ` +
      `${result.sameMs} in the same ms as an equal one), ${result.stored} stored, ${result.lost} lost, ` +
      `${result.duplicated} duplicated; ${HA_RESTARTS} HA restarts (away ${away.map((s) => s.toFixed(0)).join("/")} s), ` +
      `${ADDON_RESTARTS} add-on restarts`,
  );
  line("live count vs HA history", result.lost === 0, result.perEntity.join(", "));

  // zigbee2mqtt: the device reaches the service via HA's MQTT discovery and via mqtt_topics.
  // What HA had is counted on its bus: its history shows a change only once the recorder commits,
  // and with nothing else changing after the last publish that commit was seen to wait minutes.
  const z2mHa: string[] = [];
  const offZ2m = await ha.subscribe("state_changed", (e: HaEvent) => {
    const data = e.data as { entity_id?: string; old_state?: { state?: string }; new_state?: { state?: string } };
    if (data.entity_id === ZIGBEE_ENTITY && data.new_state?.state !== data.old_state?.state)
      z2mHa.push(String(data.new_state?.state));
  });
  const z2mFrom = Date.now();
  for (let i = 0; i < 10; i++) {
    await mqtt.publish("zigbee2mqtt/Hallway Motion Sensor", JSON.stringify({ occupancy: i % 2 === 0 }), { qos: 1 });
    await sleep(300);
  }
  // The service's store commits about once a second.
  await sleep(3_000);
  await offZ2m();
  const z2mStored = storedEvents(dataDir, z2mFrom).filter((e) => e.entity === ZIGBEE_ENTITY);
  const bySource = [...new Set(z2mStored.map((e) => e.source))].join("+") || "none";
  line(
    "one event per zigbee2mqtt change",
    z2mStored.length === 10 && z2mHa.length === 10,
    `10 published, ${z2mHa.length} changes on HA's bus, ${z2mStored.length} stored (${bySource})`,
  );

  // Its own entities: never stored. Every stored event counts, the first catch-up of HA's history
  // included (HA has recorded its sensors since an earlier run).
  const everything = storedEvents(dataDir, 0);
  const ownStored = everything.filter((e) => ownIds.has(e.entity) || e.entity.includes("home_patterns")).length;
  line(
    "none of its own entities stored",
    ownStored === 0,
    `${ownStored} of ${everything.length} stored events are its own`,
  );

  // No ghosts: every entity of ours in HA's registry is one whose discovery config the broker holds now.
  const registered = await ownRegistryEntries(ha);
  const published = await publishedUniqueIds(mqtt);
  const ghosts = [...registered].filter(([uniqueId]) => !published.has(uniqueId)).map(([, entityId]) => entityId);
  line(
    "no ghost entities",
    plantedGhost !== undefined && ghosts.length === 0,
    `${registered.size} entities of ours in HA's registry, ${published.size} published, ${ghosts.length} ghosts` +
      `${ghosts.length > 0 ? ` (${ghosts.join(", ")})` : ""}; the planted old-release entity ` +
      `${plantedGhost === undefined ? "was never registered" : registered.has(ghostId) ? "is still there" : "was removed"}`,
  );

  // Emptied devices: ours removed from HA's device registry, the other app's kept.
  const oldLeft = await deviceWithIdentifier(ha, oldDevice);
  const foreignLeft = await deviceWithIdentifier(ha, foreignId);
  const removalsLogged = readFileSync(path.join(dataDir, "service.log"), "utf8")
    .split("\n")
    .filter((l) => l.includes("removed an emptied device of ours")).length;
  line(
    "no emptied devices of ours",
    plantedDevice !== undefined && oldLeft === undefined && foreignDevice !== undefined && foreignLeft !== undefined,
    `the planted old-release device ${plantedDevice === undefined ? "was never registered" : oldLeft ? "is still there" : "was removed"}, ` +
      `another app's empty device ${foreignDevice === undefined ? "was never registered" : foreignLeft ? "was kept" : "was removed"}; ` +
      `${removalsLogged} device removals logged`,
  );

  // Stop: HA marks the entities unavailable.
  await addon.stop();
  const gone = Date.now();
  const unavailable = await until(async () => {
    const all = await ha.command<{ entity_id: string; state: string }[]>({ type: "get_states" });
    const ours = all.filter((s) => ownIds.has(s.entity_id));
    return ours.length > 0 && ours.every((s) => s.state === "unavailable") ? Date.now() - gone : undefined;
  }, 15_000);
  line(
    "availability on stop",
    unavailable !== undefined,
    unavailable !== undefined ? `all ${ownIds.size} unavailable after ${unavailable} ms` : "still available after 15 s",
  );

  // Leave HA as it was: the run's helper and the automation it created go again.
  await ha.command({ type: "input_boolean/delete", input_boolean_id: helper.id }).catch(() => undefined);
  for (const entityId of ghosts)
    await ha.command({ type: "config/entity_registry/remove", entity_id: entityId }).catch(() => undefined);
  for (const device of [oldLeft, foreignLeft]) {
    for (const entry of device?.config_entries ?? []) {
      await ha
        .command({ type: "config/device_registry/remove_config_entry", config_entry_id: entry, device_id: device?.id })
        .catch(() => undefined);
    }
  }
  if (suggestion)
    await ha.rest("DELETE", `/api/config/automation/config/${suggestion.automationId}`).catch(() => undefined);
  await mqtt.close();
  ha.close();
  console.log(failures === 0 ? "all checks passed" : `${failures} checks failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((err: Error) => {
  console.error(`check:real-ha: ${err.message}`);
  process.exitCode = 2;
});
