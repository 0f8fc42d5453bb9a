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
import { type FakeSupervisor, startFakeSupervisor, supervisorInfo } from "../addon/fake-supervisor.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { startMosquitto } from "../support/mosquitto.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One add-on, behind its own fake Supervisor: GET /info, and Home Assistant through its Core proxy. */
async function startAddon(supervisor: FakeSupervisor, token: string, brokerUrl: string): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-two-addons-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify({}));
  const config = loadConfig({
    env: {
      SUPERVISOR_TOKEN: token,
      SUPERVISOR_URL: supervisor.url,
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
  const app = await startApp(config, { clock: systemClock, logger: createMemoryLogger("warn") });
  cleanups.push(() => app.stop());
  return app;
}

const health = async (app: RunningApp) => (await (await fetch(`${app.url}/api/health`)).json()) as HealthResponse;

describe("two add-ons on two hosts, one broker", () => {
  it("name each other by their hosts' names, as their Supervisors give them", async () => {
    const [broker, ha] = await Promise.all([startMosquitto(), FakeHomeAssistant.start({ timeZone: "UTC" })]);
    cleanups.push(() => Promise.all([broker.stop(), ha.stop()]));
    const oldSupervisor = await startFakeSupervisor({ token: ha.token, coreUrl: ha.url });
    const newSupervisor = await startFakeSupervisor({ token: ha.token, coreUrl: ha.url });
    cleanups.push(() => Promise.all([oldSupervisor.stop(), newSupervisor.stop()]));
    oldSupervisor.answerInfo(200, { result: "ok", data: supervisorInfo("old-nuc") });
    newSupervisor.answerInfo(200, { result: "ok", data: supervisorInfo("new-pi") });

    const first = await startAddon(oldSupervisor, ha.token, broker.url);
    await eventually(async () => (await health(first)).instances?.self.role === "publishing", "the first", 20_000);
    const second = await startAddon(newSupervisor, ha.token, broker.url);
    await eventually(async () => (await health(second)).instances?.self.role === "standby", "the second", 20_000);

    const seen = (await health(second)).instances;
    expect(seen?.self.host).toBe("new-pi");
    expect(seen?.others.map((o) => [o.host, o.role])).toEqual([["old-nuc", "publishing"]]);
    await eventually(async () => (await health(first)).instances?.others.length === 1, "the first to see the second");
    expect((await health(first)).instances?.others.map((o) => o.host)).toEqual(["new-pi"]);
    expect(oldSupervisor.requests.filter((r) => r.call === "GET /info")).toEqual([
      { call: "GET /info", authorized: true },
    ]);
  }, 60_000);
});
