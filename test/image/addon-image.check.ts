// The built add-on image run as the Supervisor runs it: /data, its token, the Core proxy, MQTT and ingress.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOptions } from "../../src/config/option-schema.js";
import { type FakeSupervisor, startFakeSupervisor } from "../addon/fake-supervisor.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { allows, fileRules } from "./apparmor-rules.js";
import { Container, imageConfig } from "./container.js";
import { fileAccesses } from "./file-trace.js";

const IMAGE = process.env.HP_IMAGE ?? "";
const root = path.resolve(import.meta.dirname, "../..");
const TOKEN = "supervisor-token-for-the-image-check";
/** On the Supervisor's network (see scripts/check-image.sh): the Supervisor and the add-on. */
const SUPERVISOR_IP = "172.30.32.2";
const ADDON_IP = "172.30.33.1";
const INGRESS_PORT = 8099;

let broker: RunningMosquitto;
let ha: FakeHomeAssistant;
let supervisor: FakeSupervisor;
let container: Container;
let work: string;
let dataDir: string;

beforeAll(async () => {
  if (!IMAGE) throw new Error("HP_IMAGE is not set: run this check through scripts/check-image.sh");
  broker = await startMosquitto();
  ha = await FakeHomeAssistant.start({ token: TOKEN, timeZone: "Europe/Berlin" });
  ha.addArea({ area_id: "kitchen", name: "Kitchen" });
  ha.setStates([{ entity_id: "light.kitchen", state: "off" }]);
  ha.addEntity({ entity_id: "light.kitchen", area_id: "kitchen" });
  supervisor = await startFakeSupervisor({
    token: TOKEN,
    coreUrl: ha.url,
    mqtt: { host: "127.0.0.1", port: broker.port, ssl: false, protocol: "3.1.1", addon: "core_mosquitto" },
    host: SUPERVISOR_IP,
    port: 80,
  });
  work = mkdtempSync(path.join(os.tmpdir(), "hp-image-"));
  dataDir = newDataDir("data");
  container = await startAddon(dataDir);
});

afterAll(async () => {
  container?.kill();
  await container?.exited;
  await supervisor?.stop();
  await ha?.stop();
  await broker?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the add-on image under a (fake) Supervisor", () => {
  it("passes its own health check command inside the container", async () => {
    const result = await container.waitHealthy();
    expect(result.code, `${result.stderr}\ncontainer output:\n${container.output}`).toBe(0);
  });

  it("runs tini as PID 1 with node, the service, as its child", async () => {
    const init = await container.exec(["cat", "/proc/1/comm"]);
    expect(init.stdout.trim()).toBe("tini");
    const children = await container.exec([
      "sh",
      "-c",
      "cat /proc/$(cat /proc/1/task/1/children | cut -d' ' -f1)/cmdline | tr '\\0' ' '",
    ]);
    // run.sh execs node with the service's memory flags (a small young generation, a capped heap).
    expect(children.stdout.trim()).toBe(
      "node --max-semi-space-size=1 --max-old-space-size=192 /app/dist/src/main.js run",
    );
  });

  it("answers /api/health and the panel to the Supervisor's ingress proxy", async () => {
    const health = await get("/api/health");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe("ok");
    const panel = await get("/", { "X-Ingress-Path": "/api/hassio_ingress/abc123" });
    expect(panel.status).toBe(200);
    expect(panel.headers["content-type"]).toContain("text/html");
    expect(panel.body).toContain('<base href="/api/hassio_ingress/abc123/">');
  });

  it("refuses the panel to anyone but the ingress proxy", async () => {
    const result = await container.exec([
      "curl",
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "http://127.0.0.1:8099/",
    ]);
    expect(result.stdout).toBe("403");
  });

  it("reached Home Assistant through the Supervisor's Core proxy and asked it for the MQTT broker", async () => {
    await eventually(() => ha.connectionsAccepted >= 1, "a websocket connection through the proxy", 20_000);
    const calls = supervisor.requests.map((r) => r.call);
    expect(calls).toContain("GET /services/mqtt");
    expect(calls.some((c) => c === "WS /core/websocket" || c === "WS /core/api/websocket")).toBe(true);
  });

  it("loads both native modules, better-sqlite3 and DuckDB, inside the container", async () => {
    const script = [
      "const sqlite = require('better-sqlite3')(':memory:');",
      "const one = sqlite.prepare('select 1 + 1 as v').get().v;",
      "import('@duckdb/node-api').then(async ({ DuckDBInstance }) => {",
      "  const db = await DuckDBInstance.create(':memory:');",
      "  const reader = await (await db.connect()).runAndReadAll('select 40 + 2 as v');",
      "  console.log('better-sqlite3 ' + one + ' duckdb ' + reader.getRows()[0][0]);",
      "});",
    ].join("\n");
    const result = await container.exec(["node", "-e", script]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("better-sqlite3 2 duckdb 42");
  });

  it("keeps its database in /data, the add-on's private folder", async () => {
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(["options.json", "home-patterns.sqlite"]));
    const inContainer = await container.exec(["ls", "/data"]);
    expect(inContainer.stdout.split("\n")).toContain("home-patterns.sqlite");
  });

  it("stops on SIGTERM to PID 1 with exit code 0 within 5 seconds", async () => {
    const started = Date.now();
    container.terminate();
    const result = await Promise.race([
      container.exited,
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000)),
    ]);
    const ms = Date.now() - started;
    console.log(`SIGTERM to PID 1: ${JSON.stringify(result)} after ${ms} ms`);
    expect(result, container.output).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, "home-patterns.sqlite"))).toBe(true);
  });
});

// The kernel here has no AppArmor, so the profile cannot be enforced: instead every file the
// service opened, wrote or ran, from its start to its exit, must be one that apparmor.txt allows.
describe("apparmor.txt against what the service does", () => {
  it("allows every file the service opened, wrote or ran from start to exit", async () => {
    const traceFile = path.join(work, "trace.txt");
    const traced = await startAddon(newDataDir("data-traced"), traceFile);
    try {
      expect((await traced.waitHealthy()).code, traced.output).toBe(0);
      // Ingress, the panel and a query, so their files are in the record too.
      expect((await get("/", { "X-Ingress-Path": "/x" })).status).toBe(200);
      expect((await get("/api/patterns")).status).toBe(200);
      const config = await imageConfig(IMAGE);
      const entrypoint = config.Entrypoint?.[0] ?? "";
      const workdir = config.WorkingDir ?? "/";
      // AppArmor checks the path after symlinks, with "/" after a directory: resolve them inside
      // the container while it runs (files written at shutdown are in /data, which has no links).
      const names = [...new Set(fileAccesses(traceFile, workdir, entrypoint).map((a) => a.file))];
      const script = 'for p; do r=$(readlink -m "$p"); [ -d "$r" ] && r="$r/"; echo "$r"; done';
      const resolved = (await traced.exec(["sh", "-c", script, "resolve", ...names])).stdout.trim().split("\n");
      const real = new Map(names.map((n, i) => [n, resolved[i]]));
      traced.terminate();
      expect(await traced.exited).toEqual({ code: 0, signal: null });
      const rules = fileRules(path.join(root, "apparmor.txt"));
      const all = fileAccesses(traceFile, workdir, entrypoint).map((a) => ({ ...a, file: real.get(a.file) ?? a.file }));
      console.log(`AppArmor audit: ${all.length} file calls, ${new Set(all.map((a) => a.file)).size} paths`);
      expect(all.length).toBeGreaterThan(100);
      const denied = [...new Set(all.filter((a) => !allows(rules, a.file, a.mode)).map((a) => `${a.mode} ${a.file}`))];
      expect(denied).toEqual([]);
    } finally {
      traced.kill();
      await traced.exited;
    }
  });
});

/** What the Supervisor writes before it starts the container: the options, defaults included. */
function newDataDir(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "options.json"), JSON.stringify(defaultOptions()));
  return dir;
}

function startAddon(data: string, traceFile?: string): Promise<Container> {
  return Container.start(IMAGE, data, { SUPERVISOR_TOKEN: TOKEN, HASSIO_TOKEN: TOKEN, TZ: "Europe/Berlin" }, traceFile);
}

/** A request from the Supervisor's address to the add-on's ingress port, as ingress makes it. */
function get(
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: ADDON_IP, port: INGRESS_PORT, path: urlPath, localAddress: SUPERVISOR_IP, headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
