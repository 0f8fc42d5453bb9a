// Forgetting an entity on request: afterwards no file, archive row, aggregate, pattern, API route, Redis key or InfluxDB series holds it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { runCommand } from "../../src/cli/commands.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createInfluxConnection, toLineProtocol } from "../../src/publish/influxdb/influx-connection.js";
import { eventPoint } from "../../src/publish/influxdb/influx-points.js";
import { type RunningInfluxd, startInfluxd } from "../support/influxdb-server.js";
import { type RunningRedis, startRedisServer } from "../support/redis-server.js";
import { archivedRowsOf, filesHolding, influxSeriesHolding, redisKeysHolding } from "./store-search.js";

/** Forgotten with the command line, then excluded: the simulated home keeps using it. */
const COFFEE = "switch.coffee_maker";
/** Forgotten through the API while the service runs. */
const PORCH = "light.porch";
const DB = "home_patterns";
const ROUTES = ["entities", "patterns", "anomalies", "graph", "stats", "storage", "areas"];

let redis: RunningRedis;
let influx: RunningInfluxd;
let client: Redis;
let dataDir: string;
let work: string;
let app: RunningApp | undefined;

function env(optionsFile: string) {
  return { DATA_DIR: dataDir, PORT: "0", OPTIONS_FILE: optionsFile };
}

function writeOptions(name: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(work, name);
  writeFileSync(
    file,
    JSON.stringify({ redis_url: redis.url, influxdb_url: influx.url, influxdb_database: DB, ...extra }),
  );
  return file;
}

async function start(optionsFile: string): Promise<RunningApp> {
  const config = loadConfig({ env: env(optionsFile), command: "demo", cwd: dataDir });
  return startApp(config, {
    clock: systemClock,
    logger: createMemoryLogger("warn"),
    demo: { seed: 3, speed: 60, historyDays: 14 },
  });
}

async function apiText(a: RunningApp): Promise<string> {
  const bodies = await Promise.all(ROUTES.map(async (r) => (await fetch(`${a.url}/api/${r}`)).text()));
  return bodies.join("\n");
}

async function cli(args: string[], optionsFile: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(args[0]!, args.slice(1), {
    env: env(optionsFile),
    cwd: dataDir,
    clock: systemClock,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  [redis, influx] = await Promise.all([startRedisServer(), startInfluxd()]);
  await influx.query(`CREATE DATABASE ${DB}`);
  client = new Redis(redis.url);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-forget-data-"));
  work = mkdtempSync(path.join(os.tmpdir(), "hp-forget-work-"));
  // Two weeks of the simulated home: rolled up, archived, detected, written to Redis and InfluxDB.
  const a = await start(writeOptions("learn.json"));
  await vi.waitFor(
    async () => {
      const patterns = await (await fetch(`${a.url}/api/patterns`)).text();
      expect(patterns).toContain(COFFEE);
      expect(await archivedRowsOf(path.join(dataDir, "archive"), COFFEE)).toBeGreaterThan(0);
      expect(await redisKeysHolding(client, COFFEE)).toEqual(["home_patterns:patterns"]);
    },
    { timeout: 90_000, interval: 1_000 },
  );
  await a.stop();
  // The InfluxDB writer starts after the catch-up of history, and whether these two are used live
  // depends on the hour: write one event of each the way the writer does.
  const lines = [COFFEE, PORCH].map((entity) =>
    toLineProtocol(eventPoint({ ts: Date.now(), entity, state: "on", source: "simulator" }, null)),
  );
  await createInfluxConnection({ version: 1, url: influx.url, database: DB }).write(lines);
}, 150_000);

afterAll(async () => {
  await app?.stop();
  client?.disconnect();
  await Promise.all([redis?.stop(), influx?.stop()]);
  for (const d of [dataDir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("forget and export on request", () => {
  it("exports what is stored about an entity as JSON", async () => {
    const file = path.join(work, "coffee.json");
    const r = await cli(["export", "--entity", COFFEE, "--out", file], writeOptions("learn.json"));
    expect(r.code, r.err).toBe(0);
    const exported = JSON.parse(readFileSync(file, "utf8"));
    expect(exported.subject).toEqual({ kind: "entity", id: COFFEE });
    expect(exported.rawEvents.length).toBeGreaterThan(0);
    expect(exported.rawEvents.every((e: { entity: string }) => e.entity === COFFEE)).toBe(true);
    expect(exported.archivedEvents.length).toBeGreaterThan(0);
    expect(exported.aggregates.length).toBeGreaterThan(0);
    expect(exported.patterns.length).toBeGreaterThan(0);
    // A switch has no unit; a power sensor's readings are in watts, as its states named.
    expect(exported.unit).toBeNull();
    const power = path.join(work, "fridge-power.json");
    expect(
      (await cli(["export", "--entity", "sensor.fridge_power", "--out", power], writeOptions("learn.json"))).code,
    ).toBe(0);
    const fridge = JSON.parse(readFileSync(power, "utf8"));
    expect([fridge.unit, fridge.rawEvents.length > 0]).toEqual(["W", true]);
  }, 60_000);

  it("forgets an entity from the command line in L1, the archive, L2/L3, L4, Redis and InfluxDB", async () => {
    const options = writeOptions("learn.json");
    expect(filesHolding(dataDir, COFFEE)).not.toEqual([]);
    expect(await influxSeriesHolding(influx, DB, COFFEE)).not.toEqual([]);
    const refused = await cli(["forget", "--entity", COFFEE], options);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--yes");

    const r = await cli(["forget", "--entity", COFFEE, "--yes"], options);
    expect(r.err).toBe("");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^forgot entity switch\.coffee_maker: [1-9]\d* raw events, [1-9]\d* archived events/);
    expect(filesHolding(dataDir, COFFEE)).toEqual([]);
    expect(await archivedRowsOf(path.join(dataDir, "archive"), COFFEE)).toBe(0);
    expect(await redisKeysHolding(client, COFFEE)).toEqual([]);
    expect(await influxSeriesHolding(influx, DB, COFFEE)).toEqual([]);
    // The rest of the home is still there.
    expect(await archivedRowsOf(path.join(dataDir, "archive"), PORCH)).toBeGreaterThan(0);
  }, 60_000);

  it("never stores an excluded entity, and forgets another through the API for an administrator who confirms", async () => {
    app = await start(writeOptions("exclude.json", { exclude_entities: [COFFEE, PORCH] }));
    const running = app;
    const before = await apiText(running);
    expect(before).not.toContain(COFFEE);
    expect(before).toContain(PORCH);
    expect(await influxSeriesHolding(influx, DB, PORCH)).not.toEqual([]);
    expect(await archivedRowsOf(path.join(dataDir, "archive"), PORCH)).toBeGreaterThan(0);

    const forget = (body: unknown) =>
      fetch(`${running.url}/api/privacy/forget`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const unconfirmed = await forget({ kind: "entity", id: PORCH });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.json()).toEqual({ error: 'confirm by sending "confirm": "light.porch"' });
    const res = await forget({ kind: "entity", id: PORCH, confirm: PORCH });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.l1Events).toBeGreaterThan(0);
    expect(report.engines).toEqual([
      { name: "redis", ok: true, detail: expect.stringMatching(/removed$/) },
      { name: "influxdb", ok: true, detail: "series of the entity dropped" },
    ]);

    expect(await apiText(running)).not.toContain(PORCH);
    const analytics = await fetch(`${running.url}/api/analytics`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sql: `SELECT count(*) AS n FROM events WHERE entity = '${PORCH}'` }),
    });
    expect(((await analytics.json()) as { rows: unknown[][] }).rows).toEqual([[0]]);
    expect(filesHolding(dataDir, PORCH)).toEqual([]);
    expect(filesHolding(dataDir, COFFEE)).toEqual([]);
    expect(await archivedRowsOf(path.join(dataDir, "archive"), PORCH)).toBe(0);
    expect(await redisKeysHolding(client, PORCH)).toEqual([]);
    expect(await influxSeriesHolding(influx, DB, PORCH)).toEqual([]);
  }, 90_000);
});
