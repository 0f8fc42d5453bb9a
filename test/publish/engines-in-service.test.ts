// The whole service (demo mode) with the optional engines set in its options file: real Redis and InfluxDB take its events,
// an unreachable Neo4j only degrades /api/health, and /api/graph shows the simulated residents.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { GraphSnapshot } from "../../src/graph/graph-types.js";
import type { HealthResponse } from "../../src/web/api-types.js";
import { type RunningInfluxd, startInfluxd } from "../support/influxdb-server.js";
import { freePort } from "../support/local-server.js";
import { type RunningRedis, startRedisServer } from "../support/redis-server.js";

let redis: RunningRedis;
let influx: RunningInfluxd;
let app: RunningApp;
let dataDir: string;
let neo4jPort: number;
const subscriber: { client?: Redis; batches: { bySource: Record<string, number> }[] } = { batches: [] };

beforeAll(async () => {
  [redis, influx, neo4jPort] = await Promise.all([startRedisServer(), startInfluxd(), freePort()]);
  await influx.query("CREATE DATABASE home_patterns");
  const client = new Redis(redis.url);
  client.on("message", (_channel: string, message: string) => void subscriber.batches.push(JSON.parse(message)));
  await client.subscribe("home_patterns:events");
  subscriber.client = client;

  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-engines-e2e-"));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(
    optionsFile,
    JSON.stringify({
      redis_url: redis.url,
      influxdb_url: influx.url,
      influxdb_database: "home_patterns",
      neo4j_url: `bolt://127.0.0.1:${neo4jPort}`,
      neo4j_username: "neo4j",
      neo4j_password: "secret",
    }),
  );
  const config = loadConfig({
    env: { DATA_DIR: dataDir, PORT: "0", OPTIONS_FILE: optionsFile },
    command: "demo",
    cwd: dataDir,
  });
  app = await startApp(config, {
    clock: systemClock,
    logger: createMemoryLogger("warn"),
    demo: { seed: 5, speed: 60, historyDays: 1 },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  subscriber.client?.disconnect();
  await Promise.all([redis?.stop(), influx?.stop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the service with Redis, InfluxDB and Neo4j configured", () => {
  it("publishes the simulated home's batches to Redis and writes its events to InfluxDB", async () => {
    await vi.waitFor(() => expect(subscriber.batches.length).toBeGreaterThan(0), { timeout: 20_000 });
    expect(Object.keys(subscriber.batches[0]!.bySource)).toEqual(["simulator"]);
    await vi.waitFor(
      async () => {
        const { values } = await influx.rows("SELECT count(state) FROM home_patterns_events", "home_patterns");
        expect(Number(values[0]?.[1] ?? 0)).toBeGreaterThan(100);
      },
      { timeout: 20_000 },
    );
  });

  it("lists the engines in /api/health: an unreachable Neo4j degrades the service but never fails it", async () => {
    await vi.waitFor(
      async () => {
        const res = await fetch(`${app.url}/api/health`);
        expect(res.status).toBe(200);
        const health = (await res.json()) as HealthResponse;
        const engines = health.stores.filter((s) => ["redis", "influxdb", "neo4j"].includes(s.name));
        expect(engines.map((s) => [s.name, s.status])).toEqual([
          ["redis", "ok"],
          ["influxdb", "ok"],
          ["neo4j", "degraded"],
        ]);
        expect(engines[0]!.detail).toMatch(
          new RegExp(`^redis://127\\.0\\.0\\.1:${redis.port}: connected; \\d+ messages sent$`),
        );
        expect(engines[1]!.detail).toMatch(
          new RegExp(`^${influx.url.replace(/\./g, "\\.")} \\(database home_patterns\\): connected; \\d+ points sent$`),
        );
        expect(engines[2]!.detail).toContain(`bolt://127.0.0.1:${neo4jPort}: Failed to connect to server.`);
        expect(health.status).toBe("degraded");
      },
      { timeout: 20_000 },
    );
  });

  it("answers /api/graph with the residents as people who caused changes, and the home's areas", async () => {
    const graph = (await (await fetch(`${app.url}/api/graph`)).json()) as GraphSnapshot;
    const people = graph.nodes.filter((n) => n.kind === "person").map((n) => n.name);
    expect(people).toEqual(expect.arrayContaining(["Alex", "Sam"]));
    const causedBy = new Set(
      graph.edges.filter((e) => e.type === "CAUSED").map((e) => graph.nodes.find((n) => n.id === e.from)?.name),
    );
    // Changes made from the app or by voice carry the resident's user id: named, never a bare id.
    expect(causedBy.size).toBeGreaterThan(0);
    for (const name of causedBy) expect(["Alex", "Sam"]).toContain(name);
    expect(graph.nodes.filter((n) => n.kind === "area").length).toBeGreaterThan(3);
    const res = await fetch(`${app.url}/api/graph?area=nowhere`);
    expect(res.status).toBe(400);
  });
});
