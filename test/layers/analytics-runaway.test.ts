// A query that builds a huge value is stopped without taking the service's memory, and the service answers meanwhile.
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebApp } from "../../src/web/create-app.js";
import { healthRoutes } from "../../src/web/routes/health-routes.js";
import { storageRoutes } from "../../src/web/routes/storage-routes.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "../storage/aggregate-services-fixture.js";

let f: ServicesFixture;
let app: Hono;
beforeAll(() => {
  f = servicesFixture({ now: "2026-01-20T12:00:00Z", analyticsLimits: { timeoutMs: 15_000 } });
  f.stores.events.append(dailyEvents(f.time, "2026-01-20", 1, 50).filter((e) => e.ts < f.clock.now()));
  app = createWebApp({
    routes: [
      healthRoutes({
        version: "test",
        timeZone: "Europe/Berlin",
        timeZoneSource: "time_zone option",
        startedAt: 0,
        clock: f.clock,
        sources: () => [],
        stores: () => [{ name: "sqlite", status: "ok", detail: "open" }],
      }),
      storageRoutes({ report: () => f.layers.reporter.report(), analytics: f.layers.analytics }),
    ],
    uiDir: f.dir,
    logger: f.logger,
  });
});
afterAll(() => f.close());

const postSql = async (sql: string): Promise<Response> =>
  await app.request("/api/analytics", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sql }),
  });

describe("an analytics query that builds a 1 GB string", () => {
  it("is stopped with a clear message while /api/health keeps answering, and the service's memory stays flat", async () => {
    const rssBefore = process.memoryUsage().rss;
    const order: string[] = [];
    const runaway = postSql("SELECT length(repeat('x', 1000000000)) AS n").then(async (res) => {
      order.push("analytics");
      return { status: res.status, body: await res.json() };
    });
    // Ask for health while the query is on its way: the child alone takes a few hundred ms to
    // start, and on an idle machine the 1 GB string hits the memory cap within a second.
    await new Promise((r) => setTimeout(r, 50));
    const health = await app.request("/api/health");
    order.push("health");
    expect(health.status).toBe(200);
    const answer = await runaway;
    expect(order).toEqual(["health", "analytics"]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error).toMatch(
      /^(query needed more than 384 MB of memory and was stopped|query took longer than 15000 ms and was stopped)$/,
    );
    // The 1 GB lived (briefly) in the child; this process grew by less than 100 MB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("leaves the next query working", async () => {
    const res = await postSql("SELECT count(*) AS n FROM events");
    expect(res.status).toBe(200);
    expect((await res.json()).rows).toEqual([[28]]);
  });
});

describe("durationMs", () => {
  it("is real elapsed time even when the service's clock jumps (the demo runs 60 times faster)", async () => {
    const started = performance.now();
    const pending = f.layers.analytics.run("SELECT 1");
    f.clock.advance(3_600_000);
    const result = await pending;
    expect(result.durationMs).toBeLessThanOrEqual(Math.ceil(performance.now() - started));
  });
});
