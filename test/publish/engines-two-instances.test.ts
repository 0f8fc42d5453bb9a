// Two whole services (`run`) on one Home Assistant, one broker and one Redis: each hears the same
// state change, and only the publishing one puts it on the Redis live bus, as the app wires it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { HealthResponse } from "../../src/web/api-types.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { startMosquitto } from "../support/mosquitto.js";
import { startRedisServer } from "../support/redis-server.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRun(env: Record<string, string>, redisUrl: string): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-engines-two-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
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

describe("the Redis live bus of two services on one Home Assistant", () => {
  it("carries each state change once, from the publishing service", async () => {
    const [broker, redis, ha] = await Promise.all([
      startMosquitto(),
      startRedisServer(),
      FakeHomeAssistant.start({ timeZone: "UTC" }),
    ]);
    cleanups.push(() => Promise.all([broker.stop(), redis.stop(), ha.stop()]));
    ha.setStates([{ entity_id: "light.kitchen", state: "off" }]);
    const listener = new Redis(redis.url);
    cleanups.push(() => listener.disconnect());
    const changes: string[] = [];
    listener.on("message", (_channel: string, message: string) => {
      for (const event of JSON.parse(message).events as { entity: string; state: string }[]) {
        changes.push(`${event.entity} ${event.state}`);
      }
    });
    await listener.subscribe("home_patterns:events");
    const env = { HA_URL: ha.url, HA_TOKEN: ha.token, MQTT_URL: broker.url };

    const first = await startRun(env, redis.url);
    await eventually(async () => (await roleOf(first)) === "publishing", "the first publishing", 20_000);
    const second = await startRun(env, redis.url);
    await eventually(async () => (await roleOf(second)) === "standby", "the second on standby", 20_000);

    ha.emitStateChange("light.kitchen", "on");
    await eventually(() => changes.includes("light.kitchen on"), "the change on the live bus", 10_000);
    // A margin: both batch for at most a second; a standby that wrote would have been heard by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(changes.filter((c) => c === "light.kitchen on")).toEqual(["light.kitchen on"]);
  }, 60_000);
});
