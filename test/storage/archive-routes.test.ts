// /api/storage and /api/analytics through the real web app: layers, budget, last rollup; SQL errors are 400s.

import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebApp } from "../../src/web/create-app.js";
import { storageRoutes } from "../../src/web/routes/storage-routes.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

let f: ServicesFixture;
let app: Hono;
beforeAll(async () => {
  f = servicesFixture({ now: "2026-01-20T12:00:00Z", raw: 7, daily: 30, weeks: 8, budgetMb: 100 });
  f.stores.events.append(dailyEvents(f.time, "2026-01-05", 16, 100).filter((e) => e.ts < f.clock.now()));
  await f.layers.cycle.run("nightly");
  app = createWebApp({
    routes: [storageRoutes({ report: () => f.layers.reporter.report(), analytics: f.layers.analytics })],
    uiDir: f.dir,
    logger: f.logger,
  });
});
afterAll(() => f.close());

describe("GET /api/storage", () => {
  it("lists each layer with rows, bytes, days and retention, the budget and the last rollup", async () => {
    const res = await app.request("/api/storage");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(
      body.layers.map(
        (l: { name: string; rows: number; oldestDay: string; newestDay: string; retentionDays: number | null }) => [
          l.name,
          l.rows,
          l.oldestDay,
          l.newestDay,
          l.retentionDays,
        ],
      ),
    ).toEqual([
      ["L1 raw events", 755, "2026-01-13", "2026-01-20", 7],
      ["L2 daily aggregates", body.layers[1].rows, "2026-01-05", "2026-01-19", 30],
      ["L3 weekly and monthly", body.layers[2].rows, "2026-01-05", "2026-01-19", 56],
      ["archive (Parquet)", 15, "2026-01-05", "2026-01-19", null],
    ]);
    // 4 lights × 2 states in state_counts, on_time for 4, hour histograms for 4, one area ("none") per day: 17 rows a day.
    expect(body.layers[1].rows).toBe(15 * 17);
    expect(body.layers[0].bytes).toBeGreaterThan(0);
    expect(body.budget).toMatchObject({ budgetBytes: 100 * 1024 * 1024, state: "ok", measuredPerTable: true });
    expect(body.budget.usedBytes).toBe(body.budget.sqliteBytes + body.budget.walBytes + body.budget.archiveBytes);
    expect(body.lastRollup).toMatchObject({ reason: "nightly", events: 1500, at: Date.parse("2026-01-20T12:00:00Z") });
    expect(body.lastRollup.days.length).toBe(15);
    expect(body.days).toEqual({ pending: [], dirty: [], rolledUp: 15, today: "2026-01-20" });
    expect(body.guard).toMatchObject({ diskFull: false, droppedBatches: 0 });
  });
});

describe("/api/analytics", () => {
  it("POST runs a SELECT and returns columns, rows and timing", async () => {
    const res = await app.request("/api/analytics", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        sql: "SELECT entity, count(*) AS n FROM events WHERE day = '2026-01-10' GROUP BY entity ORDER BY entity",
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.columns).toEqual([
      { name: "entity", type: "VARCHAR" },
      { name: "n", type: "BIGINT" },
    ]);
    expect(body.rows).toEqual([
      ["light.l0", 25],
      ["light.l1", 25],
      ["light.l2", 25],
      ["light.l3", 25],
    ]);
    expect(body.truncated).toBe(false);
    expect(typeof body.durationMs).toBe("number");
  });

  it("GET with ?sql= runs it; without lists the views", async () => {
    const run = await app.request(`/api/analytics?sql=${encodeURIComponent("SELECT count(*) AS n FROM events")}`);
    expect(await run.json()).toMatchObject({ rows: [[1555]] });
    const views = await (await app.request("/api/analytics")).json();
    expect(views.views.map((v: { name: string }) => v.name)).toEqual([
      "events",
      "state_counts_daily",
      "hour_histogram_daily",
      "on_time_daily",
      "area_counts_daily",
      "state_counts_weekly",
      "on_time_monthly",
    ]);
    // An empty ?sql= is a GET's own mistake: its answer shows how a GET takes the query.
    const empty = await app.request("/api/analytics?sql=%20");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "sql is required: ?sql=SELECT%20... (or no sql for the tables)" });
  });

  it("answers 400 with DuckDB's message for bad SQL, writes and a missing body", async () => {
    const post = (body: string) =>
      app.request("/api/analytics", { method: "POST", headers: { "content-type": "application/json" }, body });
    const bad = await post(JSON.stringify({ sql: "SELECT * FROM nowhere" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe(
      "Catalog Error: Table with name nowhere does not exist! The tables you can query: events, state_counts_daily, " +
        "hour_histogram_daily, on_time_daily, area_counts_daily, state_counts_weekly, on_time_monthly.\n\n" +
        "LINE 1: SELECT * FROM nowhere\n                      ^",
    );
    // DuckDB's own guess names one of its catalog tables ("pg_enum"), never one a user can ask about.
    const near = await post(JSON.stringify({ sql: "SELECT * FROM event" }));
    expect((await near.json()).error).toMatch(
      /^Catalog Error: Table with name event does not exist! The tables you can query: events, /,
    );
    const write = await post(JSON.stringify({ sql: `COPY events TO '${f.layers.archive.dir}/out.csv'` }));
    expect(write.status).toBe(400);
    expect(await write.json()).toEqual({
      error: "only SELECT queries are allowed: the analytics database is read-only",
    });
    // Refused as a write before its file is looked at.
    const outside = await post(JSON.stringify({ sql: "COPY events TO '/tmp/out.csv'" }));
    expect(await outside.json()).toEqual({
      error: "only SELECT queries are allowed: the analytics database is read-only",
    });
    const extra = await post(JSON.stringify({ sql: "SELECT 1", limit: 5 }));
    expect([extra.status, await extra.json()]).toEqual([400, { error: 'unknown key "limit": it takes only sql' }]);
    const missing = await post(JSON.stringify({ query: "SELECT 1" }));
    expect(await missing.json()).toEqual({ error: 'sql is required: {"sql": "SELECT ..."}' });
    const notJson = await post("SELECT 1");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'the body must be JSON: {"sql": "SELECT ..."}' });
  });
});
