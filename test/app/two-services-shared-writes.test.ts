// Two whole services (`run`) on one Home Assistant, one broker and one Redis, as the app wires
// them: only the publishing one puts a state change both heard on the Redis live bus, and only
// its events reach Home Assistant's bus.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { SqlitePatternStore } from "../../src/patterns/sqlite-pattern-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import type { HealthResponse } from "../../src/web/api-types.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { startMosquitto } from "../support/mosquitto.js";
import { startRedisServer } from "../support/redis-server.js";
import { sampleParams } from "../support/sample-findings.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);
const KITCHEN_KEY = "time_based|light.kitchen|on|weekdays|07";

/** What both instances learned from the same home before they met: one routine. */
function seedPattern(dataDir: string): void {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => T0 });
  try {
    new SqlitePatternStore(stores.db).putPattern({
      type: "time_based",
      key: KITCHEN_KEY,
      entities: ["light.kitchen"],
      area: "kitchen",
      summary: "Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays",
      confidence: 0.72,
      support: 18,
      opportunities: 20,
      usefulness: 0.8,
      automated: false,
      users: [],
      evidence: { days: ["2026-11-16"] },
      params: sampleParams("time_based", { minuteOfDay: 415, time: "06:55" }),
      status: "active",
      snoozedUntil: null,
      firstSeen: T0,
      lastSeen: T0,
      updatedAt: T0,
      missedRuns: 0,
    });
  } finally {
    stores.close();
  }
}

async function startRun(env: Record<string, string>, redisUrl: string): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-two-services-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  seedPattern(dataDir);
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify({ redis_url: redisUrl }));
  const config = loadConfig({
    env: { ...env, DATA_DIR: dataDir, PORT: "0", OPTIONS_FILE: optionsFile, TZ: "UTC" },
    command: "run",
    cwd: dataDir,
  });
  const app = await startApp(config, { clock: systemClock, logger: createMemoryLogger("warn") });
  cleanups.push(() => app.stop());
  return app;
}

const roleOf = async (app: RunningApp) =>
  ((await (await fetch(`${app.url}/api/health`)).json()) as HealthResponse).instances?.self.role;

/** Both services, the first publishing and the second on standby. */
async function twoServices() {
  const [broker, redis, ha] = await Promise.all([
    startMosquitto(),
    startRedisServer(),
    FakeHomeAssistant.start({ timeZone: "UTC" }),
  ]);
  cleanups.push(() => Promise.all([broker.stop(), redis.stop(), ha.stop()]));
  ha.setStates([{ entity_id: "light.kitchen", state: "off" }]);
  const env = { HA_URL: ha.url, HA_TOKEN: ha.token, MQTT_URL: broker.url };
  const first = await startRun(env, redis.url);
  await eventually(async () => (await roleOf(first)) === "publishing", "the first publishing", 20_000);
  const second = await startRun(env, redis.url);
  await eventually(async () => (await roleOf(second)) === "standby", "the second on standby", 20_000);
  return { redis, ha, first, second };
}

describe("two services on one Home Assistant", () => {
  it("fire a pattern's change on Home Assistant's bus once, from the publishing service", async () => {
    const { ha, first, second } = await twoServices();
    // The same routine accepted in both panels: each catalog changes, Home Assistant hears it once.
    for (const app of [first, second]) {
      const patterns = (await (await fetch(`${app.url}/api/patterns`)).json()) as { patterns: { id: number }[] };
      const res = await fetch(`${app.url}/api/patterns/${patterns.patterns[0]!.id}/accept`, { method: "POST" });
      expect(res.status).toBe(200);
    }
    const fired = () => ha.firedEvents("home_patterns_pattern").map((e) => [e.data.key, e.data.status]);
    await eventually(() => fired().length > 0, "the publisher's event", 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fired()).toEqual([[KITCHEN_KEY, "accepted"]]);
  }, 60_000);

  it("carry each state change once on the Redis live bus, from the publishing service", async () => {
    const { redis, ha } = await twoServices();
    const listener = new Redis(redis.url);
    cleanups.push(() => listener.disconnect());
    const changes: string[] = [];
    listener.on("message", (_channel: string, message: string) => {
      for (const event of JSON.parse(message).events as { entity: string; state: string }[]) {
        changes.push(`${event.entity} ${event.state}`);
      }
    });
    await listener.subscribe("home_patterns:events");

    ha.emitStateChange("light.kitchen", "on");
    await eventually(() => changes.includes("light.kitchen on"), "the change on the live bus", 10_000);
    // A margin: both batch for at most a second; a standby that wrote would have been heard by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(changes.filter((c) => c === "light.kitchen on")).toEqual(["light.kitchen on"]);
  }, 60_000);
});
