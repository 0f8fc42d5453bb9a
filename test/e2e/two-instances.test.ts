// Through the built service: a second `home-patterns run` on the same broker and Home Assistant
// stands by, says so in its log and /api/health, and takes over when the first stops.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { HealthResponse } from "../../src/web/api-types.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { type MqttWatcher, watchMqtt } from "../support/mqtt-watcher.js";
import { type ServiceProcess, startService, waitFor } from "../support/service-process.js";

const STANDBY_WARNING = "another Home Patterns instance publishes to Home Assistant on this MQTT broker";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRun(mosquitto: RunningMosquitto, ha: FakeHomeAssistant): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-two-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, "{}");
  const service = await startService(["run"], {
    HA_URL: ha.url,
    HA_TOKEN: ha.token,
    MQTT_URL: mosquitto.url,
    DATA_DIR: dataDir,
    OPTIONS_FILE: optionsFile,
    TZ: "UTC",
    LOG_LEVEL: "info",
  });
  cleanups.push(() => stop(service));
  return service;
}

async function stop(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill("SIGTERM");
  await service.exited;
}

async function health(service: ServiceProcess): Promise<HealthResponse> {
  return (await (await fetch(`${service.url}/api/health`)).json()) as HealthResponse;
}

const roleOf = async (service: ServiceProcess) => (await health(service)).instances?.self.role;

describe("two instances on one Home Assistant, through the built service", () => {
  it("keeps the second on standby, shown in its health, and lets it take over when the first stops", async () => {
    const mosquitto = await startMosquitto();
    cleanups.push(() => mosquitto.stop());
    const ha = await FakeHomeAssistant.start({ timeZone: "UTC" });
    cleanups.push(() => ha.stop());
    const watcher: MqttWatcher = await watchMqtt(mosquitto.url, ["home_patterns/availability"]);
    cleanups.push(() => watcher.close());
    const first = await startRun(mosquitto, ha);
    const failWithLogs = (s: ServiceProcess) => (err: Error) => {
      throw new Error(`${err.message}\n${s.logs().slice(-3000)}`);
    };
    await waitFor(async () => (await roleOf(first)) === "publishing", 20_000, "the first publishing").catch(
      failWithLogs(first),
    );
    const firstId = (await health(first)).instances!.self.id;

    await waitFor(async () => watcher.latest("home_patterns/availability")?.payload === "online", 20_000, "online");

    const second = await startRun(mosquitto, ha);
    await waitFor(async () => (await roleOf(second)) === "standby", 20_000, "the second on standby").catch(
      failWithLogs(second),
    );
    const standby = await health(second);
    expect(standby.status).toBe("degraded");
    expect(standby.instances?.others).toEqual([
      expect.objectContaining({ id: firstId, host: os.hostname(), role: "publishing" }),
    ]);
    expect((await health(first)).instances?.self.role).toBe("publishing");
    await waitFor(async () => second.logs().includes(STANDBY_WARNING), 10_000, "the standby warning");
    expect(second.logs().split(STANDBY_WARNING)).toHaveLength(2);
    expect(second.logs()).toContain(`otherInstance="${firstId}"`);
    expect(first.logs()).not.toContain(STANDBY_WARNING);
    await stop(first);
    await waitFor(async () => (await roleOf(second)) === "publishing", 20_000, "the second taking over").catch(
      failWithLogs(second),
    );
    expect((await health(second)).instances?.others).toEqual([]);
    await waitFor(async () => watcher.latest("home_patterns/availability")?.payload === "online", 10_000, "online");
    // The first's clean stop said "offline"; the second's takeover said "online" after it.
    const said = watcher.messages.map((m) => m.payload).filter((p, i, all) => p !== all[i - 1]);
    expect(said).toEqual(["online", "offline", "online"]);
  }, 90_000);
});
