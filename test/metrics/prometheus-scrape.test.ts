// A real Prometheus scrapes the running service's /api/metrics with the API token and can query its series.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { HealthResponse } from "../../src/web/api-types.js";
import { ensurePrometheus, type RunningPrometheus, startPrometheus } from "../support/prometheus-server.js";

const TOKEN = "scrape-token-0123456789abcdef";
const missing = ensurePrometheus();
if (missing) console.warn(`skipping the Prometheus scrape test: ${missing}`);

let app: RunningApp;
let prometheus: RunningPrometheus;
let dataDir: string;

describe.skipIf(missing !== null)("/api/metrics scraped by a real Prometheus", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-metrics-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", API_TOKEN: TOKEN },
      command: "demo",
      cwd: dataDir,
    });
    app = await startApp(config, {
      clock: systemClock,
      logger: createMemoryLogger("warn"),
      demo: { seed: 7, speed: 60, historyDays: 1 },
    });
    prometheus = await startPrometheus({
      address: `127.0.0.1:${app.port}`,
      metricsPath: "/api/metrics",
      bearerToken: TOKEN,
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists each store and the layers' steps in /api/health, with no service problem open", async () => {
    // The first layer cycle (the backfilled day) lets the service answer while it runs: the
    // archive step shows once it has finished.
    const health = await vi.waitFor(
      async () => {
        const h = (await (await fetch(`${app.url}/api/health`)).json()) as HealthResponse;
        expect(h.stores.map((s) => s.name)).toContain("archive");
        return h;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(health.stores.map((s) => s.name)).toEqual(["sqlite", "storage budget", "layers", "archive"]);
    expect(health.serviceHealth).toEqual([]);
  });

  it("refuses a scrape without the token, like every other API route", async () => {
    const res = await fetch(`${app.url}/api/metrics`);
    expect(res.status).toBe(401);
  });

  it("serves the text format Prometheus parses: events, layers, engines and self-watching", async () => {
    await vi.waitFor(
      async () => {
        const up = await prometheus.query('up{job="home_patterns"}');
        expect(up.map((s) => s.value)).toEqual([1]);
        const stored = await prometheus.query("home_patterns_events_stored_total");
        expect(stored[0]?.value ?? 0).toBeGreaterThan(100);
      },
      { timeout: 30_000, interval: 500 },
    );
    const received = await prometheus.query('home_patterns_events_received_total{source="simulator"}');
    expect(received[0]?.value ?? 0).toBeGreaterThan(100);
    const l1 = await prometheus.query('home_patterns_layer_rows{layer="L1 raw events"}');
    expect(l1[0]?.value ?? 0).toBeGreaterThan(100);
    const redis = await prometheus.query('home_patterns_engine_state{engine="redis",state="off"}');
    expect(redis.map((s) => s.value)).toEqual([1]);
    const batches = await prometheus.query("home_patterns_ingest_batch_seconds_count");
    expect(batches[0]?.value ?? 0).toBeGreaterThan(0);
    const problems = await prometheus.query("sum(home_patterns_service_health_problem)");
    expect(problems.map((s) => s.value)).toEqual([0]);
  }, 40_000);
});
