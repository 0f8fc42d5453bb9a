// The built service started as the add-on's run script starts it, against a fake Supervisor, Core and broker.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOptions } from "../../src/config/option-schema.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { type FakeSupervisor, startFakeSupervisor } from "./fake-supervisor.js";

const root = path.resolve(import.meta.dirname, "../..");
const main = path.join(root, "dist/src/main.js");
const TOKEN = "supervisor-token-for-home-patterns";

let ha: FakeHomeAssistant;
let broker: RunningMosquitto;
let supervisor: FakeSupervisor;
let child: ChildProcess;
let dataDir: string;
let port: number;
let output = "";
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does it first)`);
  broker = await startMosquitto();
  ha = await FakeHomeAssistant.start({ token: TOKEN, timeZone: "Europe/Berlin" });
  ha.addArea({ area_id: "kitchen", name: "Kitchen" });
  ha.setStates([
    { entity_id: "light.kitchen", state: "off" },
    { entity_id: "binary_sensor.hall_motion", state: "off" },
  ]);
  supervisor = await startFakeSupervisor({
    token: TOKEN,
    coreUrl: ha.url,
    mqtt: { host: "127.0.0.1", port: broker.port, ssl: false, protocol: "3.1.1", addon: "core_mosquitto" },
  });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-addon-"));
  // What the Supervisor writes at start: the validated options, defaults included.
  writeFileSync(path.join(dataDir, "options.json"), JSON.stringify(defaultOptions()));
  port = await freePort();
  child = spawn(process.execPath, [main, "run"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: "Europe/Berlin",
      SUPERVISOR_TOKEN: TOKEN,
      SUPERVISOR_URL: supervisor.url,
      OPTIONS_FILE: path.join(dataDir, "options.json"),
      DATA_DIR: dataDir,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await supervisor?.stop();
  await ha?.stop();
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the add-on under a (fake) Supervisor", () => {
  it("starts and reports healthy on /api/health from the container's loopback", async () => {
    const body = await waitForHealth(30_000);
    expect(body.status).toBe("ok");
  });

  it("reached Home Assistant through the Supervisor's Core proxy and asked it for the MQTT broker", async () => {
    // Health can be ok while the websocket is still being opened: wait for it (real sockets).
    await eventually(() => ha.connectionsAccepted >= 1, "a websocket connection through the proxy", 10_000);
    const calls = supervisor.requests.map((r) => r.call);
    expect(calls).toContain("GET /services/mqtt");
    expect(calls.some((c) => c === "WS /core/websocket" || c === "WS /core/api/websocket")).toBe(true);
    expect(supervisor.requests.filter((r) => !r.call.startsWith("WS ")).every((r) => r.authorized)).toBe(true);
    expect(ha.connectionsAccepted).toBeGreaterThanOrEqual(1);
  });

  it("answers nothing but the health check and backup endpoints on loopback: the panel is ingress only", async () => {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(403);
    const api = await fetch(`http://127.0.0.1:${port}/api/patterns`);
    expect(api.status).toBe(403);
  });

  it("stops on SIGTERM with exit code 0 within 5 seconds", async () => {
    child.kill("SIGTERM");
    const result = await Promise.race([
      exited,
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000)),
    ]);
    expect(result, output).toEqual({ code: 0, signal: null });
  });
});

describe("the add-on with invalid options", () => {
  it("refuses to start, lists every problem at once and exits with 2", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-addon-bad-"));
    try {
      const options = { ...defaultOptions(), raw_retention_days: 0, log_level: "loud", unknown_thing: true };
      writeFileSync(path.join(dir, "options.json"), JSON.stringify(options));
      const bad = spawn(process.execPath, [main, "run"], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          SUPERVISOR_TOKEN: TOKEN,
          SUPERVISOR_URL: supervisor.url,
          OPTIONS_FILE: path.join(dir, "options.json"),
          DATA_DIR: dir,
          PORT: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      bad.stderr!.on("data", (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => bad.once("exit", (c) => resolve(c)));
      expect(code).toBe(2);
      expect(stderr).toContain("unknown_thing: unknown option");
      expect(stderr).toContain("log_level: expected one of debug, info, warning, error");
      expect(stderr).toContain("raw_retention_days: must be at least 1, got 0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitForHealth(timeoutMs: number): Promise<{ status: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      const body = (await res.json()) as { status: string };
      last = `${res.status} ${JSON.stringify(body)}`;
      if (res.status === 200 && body.status === "ok") return body;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms (last: ${last}); service output:\n${output}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port: p } = s.address() as AddressInfo;
      s.close(() => resolve(p));
    });
  });
}
