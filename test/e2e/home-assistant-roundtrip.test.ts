// Issue 5's "done when", through the built service: the device appears over MQTT, an anomaly event runs an HA automation, a suggestion becomes an automation.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routineWhen } from "../../src/publish/ha-state-snapshot.js";
import { routineObjectId } from "../../src/publish/mqtt-discovery/routine-components.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { slugify } from "../fakes/ha/ha-wire-format.js";
import { plantHabitHistory } from "../support/habit-history.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { type MqttWatcher, readRetained, watchMqtt } from "../support/mqtt-watcher.js";
import { MAIN, ROOT, type ServiceProcess, startService, waitFor } from "../support/service-process.js";

const HOUR = 3_600_000;
const USER = "8d3f2a61c0b94e7fa1d5b2c3e4f50617";
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
/** The entities every install has. */
const FIXED_CONFIGS = [
  "homeassistant/binary_sensor/home_patterns/anomaly_open/config",
  "homeassistant/binary_sensor/home_patterns/device_problem/config",
  "homeassistant/event/home_patterns/anomaly/config",
  "homeassistant/sensor/home_patterns/active_patterns/config",
  "homeassistant/sensor/home_patterns/anomalies_24h/config",
  "homeassistant/sensor/home_patterns/events_per_hour/config",
  "homeassistant/sensor/home_patterns/next_action/config",
  "homeassistant/sensor/home_patterns/quiet_automations/config",
  "homeassistant/sensor/home_patterns/storage_used/config",
];
/** One per Home Assistant area, keyed by the area id. */
const AREA_CONFIGS = [
  "homeassistant/sensor/home_patterns/area_hallway_activity/config",
  "homeassistant/sensor/home_patterns/area_living_room_activity/config",
];
const DEVICE = {
  identifiers: ["home_patterns"],
  name: "Home Patterns",
  manufacturer: "Home Patterns",
  model: "Habit learner (Home Assistant add-on)",
  sw_version: VERSION,
};

const DAY = 86_400_000;
const now = Date.now();
const todayStart = now - (now % DAY);
/** The habit's time of day: twelve hours from now, so the light going on now is far from every usual time. */
const habitMinute = Math.floor(((now + 12 * HOUR) % DAY) / 60_000);

let mosquitto: RunningMosquitto;
let ha: FakeHomeAssistant;
let service: ServiceProcess;
let watcher: MqttWatcher;
let dataDir: string;
let importOutput: string;
let habitOnTimes: number[];

type Json = Record<string, any>;
const api = async (p: string, init?: RequestInit): Promise<{ status: number; body: Json }> => {
  const res = await fetch(`${service.url}${p}`, init);
  return { status: res.status, body: (await res.json()) as Json };
};
const minuteDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));

beforeAll(async () => {
  mosquitto = await startMosquitto();
  ha = await FakeHomeAssistant.start({ timeZone: "UTC" });
  ha.addArea({ name: "Living room" });
  ha.addArea({ name: "Hallway" });
  ha.setStates([
    { entity_id: "light.living_room", state: "off", attributes: { friendly_name: "Living room light" } },
    { entity_id: "light.hallway", state: "off", attributes: { friendly_name: "Hallway light" } },
    {
      entity_id: "binary_sensor.hallway_motion",
      state: "off",
      attributes: { friendly_name: "Hallway motion", device_class: "motion" },
    },
    { entity_id: "input_boolean.anomaly_seen", state: "off", attributes: { friendly_name: "Anomaly seen" } },
  ]);
  ha.addEntity({ entity_id: "light.living_room", area_id: "living_room", original_name: "Living room light" });
  ha.addEntity({ entity_id: "light.hallway", area_id: "hallway", original_name: "Hallway light" });
  ha.addEntity({ entity_id: "binary_sensor.hallway_motion", area_id: "hallway", original_name: "Hallway motion" });
  // What a user writes in HA: an automation on the event Home Patterns fires, no MQTT involved.
  ha.addAutomation({
    id: "note_unusual_living_room_light",
    alias: "Note an unusual living room light",
    mode: "single",
    trigger: [
      {
        platform: "event",
        event_type: "home_patterns_anomaly",
        event_data: { type: "unusual_time", entity_id: "light.living_room" },
      },
    ],
    action: [{ service: "input_boolean.turn_on", target: { entity_id: "input_boolean.anomaly_seen" } }],
  });

  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-roundtrip-"));
  const history = plantHabitHistory({
    now,
    days: 21,
    habitMinute,
    habitLight: "light.living_room",
    motion: "binary_sensor.hallway_motion",
    motionLight: "light.hallway",
    userId: USER,
  });
  habitOnTimes = history.habitOnTimes;
  const file = path.join(dataDir, "history.jsonl");
  writeFileSync(file, `${history.lines.join("\n")}\n`);
  const imported = await promisify(execFile)(process.execPath, [MAIN, "import", file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC" },
  });
  importOutput = imported.stdout;

  // Subscribed before the service starts: sees every live publish, including the unretained event.
  watcher = await watchMqtt(mosquitto.url, ["homeassistant/+/home_patterns/+/config", "home_patterns/#"]);
  service = await startService(["run"], {
    HA_URL: ha.url,
    HA_TOKEN: ha.token,
    MQTT_URL: mosquitto.url,
    DATA_DIR: dataDir,
    TZ: "UTC",
    LOG_LEVEL: "info",
  });
}, 60_000);

afterAll(async () => {
  if (service && service.child.exitCode === null && service.child.signalCode === null) {
    service.child.kill("SIGTERM");
    await service.exited;
  }
  await watcher?.close();
  await ha?.stop();
  await mosquitto?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Home Patterns and Home Assistant, both ways, through the built service", () => {
  it("imported three weeks of history: the habit on every day, the motion light four times a day", () => {
    // Every closed day, and today too when the habit's time is already past.
    expect(habitOnTimes.filter((t) => t < todayStart).length).toBe(21);
    // (on, off) per habit day + 21 days × 4 passes × 4 changes
    const lines = 2 * habitOnTimes.length + 336;
    expect(importOutput).toContain(
      `${lines} lines read: ${lines} events stored, 0 already stored, 0 refused, 0 left out; 3 entities`,
    );
  });

  it("announces the Home Patterns device and its entities with retained discovery configs and availability online", async () => {
    await waitFor(
      async () => [...FIXED_CONFIGS, ...AREA_CONFIGS].every((t) => watcher.latest(t)),
      15_000,
      "the discovery configs",
    );
    await waitFor(
      async () => watcher.latest("home_patterns/availability")?.payload === "online",
      15_000,
      "availability online",
    );
    // What Home Assistant's MQTT integration gets when it subscribes now (or after a restart).
    const retained = await readRetained(mosquitto.url, [
      "homeassistant/+/home_patterns/+/config",
      "home_patterns/availability",
    ]);
    const configs = [...retained.keys()].filter((t) => t.endsWith("/config")).sort();
    expect(configs).toEqual(expect.arrayContaining([...FIXED_CONFIGS, ...AREA_CONFIGS]));
    expect(retained.get("home_patterns/availability")?.payload).toBe("online");
    for (const topic of configs) {
      const config = JSON.parse(retained.get(topic)!.payload) as Json;
      const [, component, , objectId] = topic.split("/");
      expect(config.device).toEqual(DEVICE);
      expect(config.origin).toEqual({
        name: "Home Patterns",
        sw_version: VERSION,
        support_url: "https://github.com/home-patterns/home-patterns",
      });
      expect(config.unique_id).toBe(`home_patterns_${objectId}`);
      expect(config.default_entity_id).toBe(`${component}.home_patterns_${objectId}`);
      expect(config.availability_topic).toBe("home_patterns/availability");
      // Home Assistant before 2025.10 ignores default_entity_id and names the entity from device and
      // entity name: the fixed entities (those DOCS.md's examples use) get the same id there.
      if (FIXED_CONFIGS.includes(topic))
        expect(`${component}.${slugify(`${DEVICE.name} ${config.name}`)}`).toBe(config.default_entity_id);
    }
    expect(JSON.parse(retained.get("homeassistant/event/home_patterns/anomaly/config")!.payload)).toMatchObject({
      name: "Anomaly",
      state_topic: "home_patterns/anomaly/state",
      event_types: [
        "unusual_time",
        "unusual_duration",
        "missed_routine",
        "activity_high",
        "activity_low",
        "unavailable",
      ],
    });
    expect(
      JSON.parse(retained.get("homeassistant/binary_sensor/home_patterns/anomaly_open/config")!.payload),
    ).toMatchObject({
      name: "Anomaly open",
      device_class: "problem",
      state_topic: "home_patterns/anomaly_open/state",
    });
  });

  it("learns the planted habit from the imported days and suggests an automation for it", async () => {
    const pattern = await waitFor(
      async () => {
        const { body } = await api("/api/patterns");
        return (body.patterns as Json[]).find(
          (p) => p.type === "time_based" && p.entities[0] === "light.living_room" && p.params.state === "on",
        );
      },
      30_000,
      "the time_based pattern of light.living_room in /api/patterns",
    );
    expect(pattern.status).toBe("active");
    expect(pattern.params.dayType).toBe("daily");
    expect(minuteDistance(pattern.params.minuteOfDay, habitMinute)).toBeLessThanOrEqual(8);
    // Counted over the 21 closed (rolled up) days: today is not closed yet.
    expect(pattern.opportunities).toBe(21);
    expect(pattern.support).toBe(21);

    // Home Assistant heard of it too, for automations that react to new habits.
    const announced = await waitFor(
      async () => ha.firedEvents("home_patterns_pattern").find((e) => e.data.key === pattern.key),
      5_000,
      "home_patterns_pattern for the habit",
    );
    expect(announced.data).toEqual({
      key: pattern.key,
      type: "time_based",
      status: "active",
      entities: ["light.living_room"],
      area: "living_room",
      confidence: pattern.confidence,
      support: 21,
      summary: pattern.summary,
    });

    const { body } = await api("/api/suggestions");
    const suggestion = (body.suggestions as Json[]).find((s) => s.patternId === pattern.id)!;
    expect(suggestion.reason).toBeNull();
    expect(suggestion.automationId).toMatch(/^home_patterns_/);
    const at = pattern.params.minuteOfDay - 5;
    expect(suggestion.config.trigger).toEqual([{ platform: "time", at: expect.stringMatching(/^\d\d:\d\d:00$/) }]);
    const [hh, mm] = (suggestion.config.trigger[0].at as string).split(":").map(Number);
    expect(minuteDistance(hh * 60 + mm, ((Math.round(at) % 1440) + 1440) % 1440)).toBeLessThanOrEqual(10);
    expect(suggestion.config.action).toEqual([
      { service: "light.turn_on", target: { entity_id: "light.living_room" } },
    ]);
    expect(suggestion.yaml).toContain("platform: time");

    // The motion → light pair: learned as "B follows A", suggested as a state-triggered automation.
    const pair = (body.suggestions as Json[]).find(
      (s) => s.key === "co_occurrence|binary_sensor.hallway_motion|on|light.hallway|on",
    )!;
    expect(pair.summary).toMatch(/^Hallway light turns on within 30 s after Hallway motion turns on: 84 of 84 times/);
    expect(pair.config.trigger).toEqual([
      { platform: "state", entity_id: "binary_sensor.hallway_motion", not_from: ["unavailable", "unknown"], to: "on" },
    ]);
    expect(pair.config.action).toEqual([{ service: "light.turn_on", target: { entity_id: "light.hallway" } }]);

    // The routine's "next expected" sensor joins the device once the pattern exists.
    // Named by entity, state and part of the day: the habit is twelve hours from now.
    const routineId = routineObjectId({
      entity: "light.living_room",
      state: "on",
      when: routineWhen("daily", Number(pattern.key.split("|")[4])),
    });
    const routineTopic = `homeassistant/sensor/home_patterns/${routineId}/config`;
    await waitFor(async () => watcher.latest(routineTopic), 15_000, "the routine's discovery config");
    expect(JSON.parse(watcher.latest(routineTopic)!.payload)).toMatchObject({
      device_class: "timestamp",
      device: DEVICE,
    });
    // The state follows its config (HA subscribes to the state topic when the config arrives).
    const next = await waitFor(
      async () => watcher.latest(`home_patterns/${routineId}/state`)?.payload,
      5_000,
      "the routine's next expected time",
    );
    expect(next).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+00:00$/);
    expect(Date.parse(next) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(next) - Date.now()).toBeLessThanOrEqual(DAY);
    expect(
      minuteDistance(Math.floor((Date.parse(next) % DAY) / 60_000), Math.round(pattern.params.minuteOfDay) % 1440),
    ).toBeLessThanOrEqual(1);
  });

  it("turns an unusual light into home_patterns_anomaly, which runs the user's event-triggered automation in Home Assistant", async () => {
    const firedBefore = ha.firedEvents("home_patterns_anomaly").length;
    ha.emitStateChange("light.living_room", "on", { user_id: USER });

    const seen = await waitFor(
      async () =>
        ha.state("input_boolean.anomaly_seen")?.state === "on" ? ha.state("input_boolean.anomaly_seen") : undefined,
      15_000,
      "input_boolean.anomaly_seen turned on by the automation",
    );
    const fired = ha.firedEvents("home_patterns_anomaly").slice(firedBefore);
    const unusual = fired.find((e) => e.data.type === "unusual_time")!;
    expect(unusual.data).toMatchObject({ type: "unusual_time", entity_id: "light.living_room", area: "living_room" });
    expect(unusual.data.key).toMatch(/^unusual_time\|light\.living_room\|/);
    const triggered = ha
      .firedEvents("automation_triggered")
      .find((e) => e.data.entity_id === "automation.note_an_unusual_living_room_light")!;
    expect(triggered.data).toEqual({
      name: "Note an unusual living room light",
      entity_id: "automation.note_an_unusual_living_room_light",
      source: "event 'home_patterns_anomaly'",
    });
    // The chain HA shows in the logbook: the anomaly event caused the run, the run turned the boolean on.
    expect(triggered.context.parent_id).toBe(unusual.context.id);
    expect(seen.context.parent_id).toBe(unusual.context.id);

    const { body } = await api("/api/anomalies");
    const stored = (body.anomalies as Json[]).find(
      (a) => a.kind === "unusual_time" && a.entity === "light.living_room",
    )!;
    expect(stored.key).toBe(unusual.data.key);
    expect(stored.severity).toBe(unusual.data.severity);

    // The same anomaly on the MQTT event entity: one live, unretained message.
    const onTopic = await waitFor(
      async () =>
        watcher.messages.find(
          (m) => m.topic === "home_patterns/anomaly/state" && JSON.parse(m.payload).key === stored.key,
        ),
      10_000,
      "the anomaly on the event entity's state topic",
    );
    expect(onTopic.retain).toBe(false);
    expect(JSON.parse(onTopic.payload)).toMatchObject({
      event_type: "unusual_time",
      entity: "light.living_room",
      severity: stored.severity,
    });
    await waitFor(
      async () => watcher.latest("home_patterns/anomaly_open/state")?.payload === "ON",
      10_000,
      "the problem flag on",
    );
  });

  it("creates the suggested automation in Home Assistant after the user confirms", async () => {
    const { body: list } = await api("/api/suggestions");
    const suggestion = (list.suggestions as Json[]).find(
      (s) => s.type === "time_based" && s.config && s.config.action[0].target.entity_id === "light.living_room",
    )!;
    const unconfirmed = await api(`/api/suggestions/${suggestion.patternId}/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(unconfirmed.status).toBe(400);
    expect(ha.home.services.automationConfigs.has(suggestion.automationId)).toBe(false);

    const created = await api(`/api/suggestions/${suggestion.patternId}/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm: true }),
    });
    expect(created.status).toBe(201);
    expect(created.body.automationId).toBe(suggestion.automationId);
    const [, hh, mm] = /^Living room light on at (\d\d):(\d\d) every day$/.exec(suggestion.alias)!;
    expect(created.body.entityId).toBe(`automation.living_room_light_on_at_${hh}_${mm}_every_day`);
    expect(created.body.pattern).toEqual({ id: suggestion.patternId, key: suggestion.key, status: "accepted" });

    // HA's automation list: the saved config, and the entity after its reload.
    expect(ha.home.services.automationConfigs.get(suggestion.automationId)).toEqual({
      id: suggestion.automationId,
      ...suggestion.config,
    });
    const states = await waitFor(
      async () => {
        const res = await fetch(`${ha.url}/api/states`, { headers: { authorization: `Bearer ${ha.token}` } });
        const all = (await res.json()) as Json[];
        return all.some((s) => s.entity_id === created.body.entityId) ? all : undefined;
      },
      10_000,
      `${created.body.entityId} in Home Assistant's states`,
    );
    const entity = states.find((s) => s.entity_id === created.body.entityId)!;
    expect(entity.state).toBe("on");
    expect(entity.attributes).toMatchObject({ id: suggestion.automationId, friendly_name: suggestion.alias });

    const { body: patterns } = await api("/api/patterns");
    expect((patterns.patterns as Json[]).find((p) => p.id === suggestion.patternId)?.status).toBe("accepted");
    await waitFor(
      async () =>
        ha
          .firedEvents("home_patterns_pattern")
          .some((e) => e.data.key === suggestion.key && e.data.status === "accepted"),
      5_000,
      "home_patterns_pattern saying the habit is accepted",
    );
  });

  it("marks its entities unavailable when it stops: availability offline, retained", async () => {
    service.child.kill("SIGTERM");
    expect(await service.exited).toBe(0);
    const retained = await readRetained(mosquitto.url, ["home_patterns/availability"]);
    expect(retained.get("home_patterns/availability")?.payload).toBe("offline");
  });
});
