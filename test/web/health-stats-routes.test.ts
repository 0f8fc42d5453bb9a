import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { IngestCounters } from "../../src/ingest/ingest-pipeline.js";
import type { SourceStatus } from "../../src/sources/event-source.js";
import type { SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import type { InstancesHealth, StoreHealth } from "../../src/web/api-types.js";
import { createWebApp } from "../../src/web/create-app.js";
import { healthRoutes } from "../../src/web/routes/health-routes.js";
import { statsRoutes } from "../../src/web/routes/stats-routes.js";
import { ev, HOUR, MIN, MONDAY_NOON_UTC, openTestStores } from "./web-fixture.js";

const opened: SqliteStores[] = [];
afterAll(() =>
  opened.forEach((s) => {
    s.close();
  }),
);

const counters: IngestCounters = {
  received: 12,
  stored: 9,
  duplicates: 1,
  malformed: 1,
  filtered: 1,
  unchanged: 0,
  batches: 3,
  writeErrors: 0,
  dropped: 0,
  pending: 0,
  lastBatchAt: MONDAY_NOON_UTC - MIN,
  lastError: null,
  malformedBySource: { mqtt: 1 },
  malformedByReason: { "time more than a day ahead": 1 },
  halted: null,
};

describe("GET /api/health", () => {
  const simulator: SourceStatus = {
    name: "simulator",
    state: "connected",
    eventsDelivered: 40,
    lastEventAt: MONDAY_NOON_UTC,
  };
  const sqlite: StoreHealth = { name: "sqlite", status: "ok", detail: "12 MB" };

  /** The health route of an instance that shares an MQTT broker, as `instances` describes it. */
  function instancesApp(instances: InstancesHealth) {
    return createWebApp({
      routes: [
        healthRoutes({
          version: "0.1.0",
          timeZone: "UTC",
          timeZoneSource: "the system",
          startedAt: MONDAY_NOON_UTC,
          clock: new ManualClock(MONDAY_NOON_UTC),
          sources: () => [simulator],
          stores: () => [sqlite],
          instances: () => instances,
        }),
      ],
      uiDir: "/nonexistent",
      logger: createMemoryLogger(),
    });
  }
  const app = (sources: SourceStatus[], stores: StoreHealth[]) =>
    createWebApp({
      routes: [
        healthRoutes({
          version: "0.1.0",
          timeZone: "Europe/Berlin",
          timeZoneSource: "Home Assistant",
          startedAt: MONDAY_NOON_UTC - 90_500,
          clock: new ManualClock(MONDAY_NOON_UTC),
          sources: () => sources,
          stores: () => stores,
        }),
      ],
      uiDir: "/nonexistent",
      logger: createMemoryLogger(),
    });

  it("is ok when every source is connected and every store ok", async () => {
    const res = await app([simulator], [sqlite]).request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      serviceHealth: [],
      version: "0.1.0",
      timeZone: "Europe/Berlin",
      timeZoneSource: "Home Assistant",
      uptimeSec: 90,
      sources: [{ name: "simulator", state: "connected", eventsDelivered: 40, lastEventAt: MONDAY_NOON_UTC }],
      stores: [{ name: "sqlite", status: "ok", detail: "12 MB" }],
    });
  });

  it("is degraded while a source is disconnected", async () => {
    const ha: SourceStatus = { name: "ha", state: "disconnected", detail: "reconnecting in 4 s", eventsDelivered: 0 };
    const res = await app([simulator, ha], [sqlite]).request("/api/health");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("degraded");
  });

  it("is degraded on standby while another instance on the broker publishes, and names it", async () => {
    const self = { id: "b2b2b2b2b2b2", host: "new-pi", version: "0.1.0", startedAt: MONDAY_NOON_UTC, role: "standby" };
    const other = { id: "a1a1a1a1a1a1", host: "old-nuc", version: "0.1.0", startedAt: 0, role: "publishing" };
    const standby = instancesApp({
      self: { ...self, role: "standby" },
      others: [{ ...other, role: "publishing" }],
      broker: "connected",
    });
    const res = await standby.request("/api/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.status).toBe("degraded");
    expect(body.instances).toEqual({ self, others: [other], broker: "connected" });
  });

  it.each([
    ["connecting", "ok"],
    ["connected", "ok"],
    ["disconnected", "degraded"],
  ] as const)("with the MQTT broker %s, a publishing instance is %s", async (broker, status) => {
    const self = { id: "b2b2b2b2b2b2", host: "pi", version: "0.1.0", startedAt: MONDAY_NOON_UTC, role: "publishing" };
    const web = instancesApp({ self: { ...self, role: "publishing" }, others: [], broker });
    const body = (await (await web.request("/api/health")).json()) as { status: string; instances: unknown };
    expect(body.status).toBe(status);
    expect(body.instances).toEqual({ self, others: [], broker });
  });

  it("is an error with status 503 when a store fails", async () => {
    const res = await app(
      [simulator],
      [sqlite, { name: "duckdb", status: "error", detail: "archive unreadable" }],
    ).request("/api/health");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe("error");
  });
});

describe("GET /api/stats", () => {
  it("counts by source, domain and each of the last 24 hours", async () => {
    const stores = openTestStores();
    opened.push(stores);
    stores.events.append([
      ev(MONDAY_NOON_UTC - 30 * HOUR, "light.kitchen", "on"), // older than 24 h: in totals, not in perHour
      ev(MONDAY_NOON_UTC - 2 * HOUR + MIN, "light.kitchen", "off"),
      ev(MONDAY_NOON_UTC - 2 * HOUR + 5 * MIN, "binary_sensor.hall_motion", "on", { source: "mqtt" }),
      ev(MONDAY_NOON_UTC + 10 * MIN, "media_player.tv", "playing"),
    ]);
    const clock = new ManualClock(MONDAY_NOON_UTC + 20 * MIN);
    const app = createWebApp({
      routes: [statsRoutes({ events: stores.events, clock, ingest: () => counters, storeSizeBytes: () => 4096 })],
      uiDir: "/nonexistent",
      logger: createMemoryLogger(),
    });
    const body = (await (await app.request("/api/stats")).json()) as Record<string, unknown> & {
      perHour: { hour: number; count: number }[];
    };
    const { perHour, ...rest } = body;
    expect(rest).toEqual({
      total: 4,
      oldest: MONDAY_NOON_UTC - 30 * HOUR,
      newest: MONDAY_NOON_UTC + 10 * MIN,
      bySource: { simulator: 3, mqtt: 1 },
      byDomain: { light: 2, binary_sensor: 1, media_player: 1 },
      storeSizeBytes: 4096,
      ingest: counters,
    });
    expect(perHour).toHaveLength(24);
    expect(perHour[0]).toEqual({ hour: MONDAY_NOON_UTC - 23 * HOUR, count: 0 });
    expect(perHour[21]).toEqual({ hour: MONDAY_NOON_UTC - 2 * HOUR, count: 2 });
    expect(perHour[23]).toEqual({ hour: MONDAY_NOON_UTC, count: 1 });
    expect(perHour.reduce((n, h) => n + h.count, 0)).toBe(3);
  });
});
