// Two Home Patterns add-ons on two Home Assistant hosts, on one broker: each names the other by
// its host's own name, which each asks of its Supervisor; their containers' names are alike.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { HealthResponse } from "../../src/web/api-types.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { type FakeSupervisor, startFakeSupervisor, supervisorInfo } from "../support/fake-supervisor.js";
import { startMosquitto } from "../support/mosquitto.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * One add-on: Home Assistant through the Supervisor's proxy (the fake HA answers on /core/websocket),
 * and the Supervisor's own API, GET /info, from a fake Supervisor with the fake HA's token.
 */
async function startAddon(ha: FakeHomeAssistant, supervisor: FakeSupervisor, brokerUrl: string): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-two-addons-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify({}));
  const config = loadConfig({
    env: {
      SUPERVISOR_TOKEN: ha.token,
      SUPERVISOR_URL: ha.url,
      MQTT_URL: brokerUrl,
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      OPTIONS_FILE: optionsFile,
      TZ: "UTC",
    },
    command: "run",
    cwd: dataDir,
  });
  // The Supervisor's API and Home Assistant's proxy share http://supervisor; here they are two servers.
  const routed: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    return fetch(url.startsWith(`${ha.url}/info`) ? `${supervisor.url}/info` : url, init);
  };
  const app = await startApp(config, { clock: systemClock, logger: createMemoryLogger("warn"), fetch: routed });
  cleanups.push(() => app.stop());
  return app;
}

const health = async (app: RunningApp) => (await (await fetch(`${app.url}/api/health`)).json()) as HealthResponse;

describe("two add-ons on two hosts, one broker", () => {
  it("name each other by their hosts' names, as their Supervisors give them", async () => {
    const [broker, ha] = await Promise.all([startMosquitto(), FakeHomeAssistant.start({ timeZone: "UTC" })]);
    cleanups.push(() => Promise.all([broker.stop(), ha.stop()]));
    const oldSupervisor = await startFakeSupervisor(ha.token);
    const newSupervisor = await startFakeSupervisor(ha.token);
    cleanups.push(() => Promise.all([oldSupervisor.close(), newSupervisor.close()]));
    oldSupervisor.answerInfo(200, { result: "ok", data: supervisorInfo("old-nuc") });
    newSupervisor.answerInfo(200, { result: "ok", data: supervisorInfo("new-pi") });

    const first = await startAddon(ha, oldSupervisor, broker.url);
    await eventually(async () => (await health(first)).instances?.self.role === "publishing", "the first", 20_000);
    const second = await startAddon(ha, newSupervisor, broker.url);
    await eventually(async () => (await health(second)).instances?.self.role === "standby", "the second", 20_000);

    const seen = (await health(second)).instances;
    expect(seen?.self.host).toBe("new-pi");
    expect(seen?.others.map((o) => [o.host, o.role])).toEqual([["old-nuc", "publishing"]]);
    await eventually(async () => (await health(first)).instances?.others.length === 1, "the first to see the second");
    expect((await health(first)).instances?.others.map((o) => o.host)).toEqual(["new-pi"]);
    expect(oldSupervisor.requests).toEqual([{ path: "/info", auth: `Bearer ${ha.token}` }]);
  }, 60_000);
});
