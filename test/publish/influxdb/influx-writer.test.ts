// InfluxDB writer against Debian's real InfluxDB 1.x (read back with InfluxQL), and the 2.x write request against a recording HTTP server.
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { IngestPipeline } from "../../../src/ingest/ingest-pipeline.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import { createInfluxConnection } from "../../../src/publish/influxdb/influx-connection.js";
import type { InfluxSettings } from "../../../src/publish/influxdb/influx-settings.js";
import { createInfluxWriter, type InfluxWriter } from "../../../src/publish/influxdb/influx-writer.js";
import { type RunningInfluxd, startInfluxd } from "../../support/influxdb-server.js";
import { MemoryCursorStore, MemoryEventStore } from "../../support/memory/memory-event-store.js";

const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);
const ADMIN = { username: "hp", password: "s3cret" };
const AREAS = new Map([
  ["light.kitchen", "kitchen"],
  ["sensor.kitchen_temp", "kitchen"],
]);

let influx: RunningInfluxd;
const writers: InfluxWriter[] = [];

beforeAll(async () => {
  influx = await startInfluxd({ admin: ADMIN });
});
afterEach(async () => {
  for (const w of writers.splice(0)) await w.stop();
});
afterAll(async () => {
  await influx?.stop();
});

let dbCount = 0;
async function freshDatabase(): Promise<string> {
  const db = `hp_test_${++dbCount}`;
  await influx.query(`CREATE DATABASE ${db}`);
  return db;
}

function setup(settings: InfluxSettings, opts: { pointsPerWrite?: number } = {}) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const store = new MemoryEventStore();
  const ingest = new IngestPipeline({
    store,
    cursors: new MemoryCursorStore(),
    clock,
    logger,
    filter: () => true,
    bus,
  });
  const writer = createInfluxWriter({
    connection: createInfluxConnection(settings),
    ingest,
    bus,
    areaOf: (entity) => AREAS.get(entity) ?? null,
    clock,
    logger,
    pointsPerWrite: opts.pointsPerWrite,
  });
  writers.push(writer);
  writer.start();
  const commit = (...events: HomeEvent[]) => {
    for (const e of events) ingest.push(e);
    clock.advance(1_000);
  };
  return { clock, bus, store, writer, commit };
}

const v1 = (database: string, password = ADMIN.password): InfluxSettings => ({
  version: 1,
  url: influx.url,
  database,
  username: ADMIN.username,
  password,
});
const ev = (s: number, entity: string, state: string, source = "ha"): HomeEvent => ({
  ts: T0 + s * 1000,
  entity,
  state,
  source,
});

describe("InfluxDB writer (InfluxDB 1.x)", () => {
  it("writes each event with entity, domain, area and source tags, the state, and a float value for numbers", async () => {
    const db = await freshDatabase();
    const { commit, writer } = setup(v1(db));
    commit(ev(1, "light.kitchen", "on"), ev(2, "sensor.kitchen_temp", "21.5", "mqtt"), ev(3, "sensor.outside", "-3"));
    commit(ev(4, "sensor.outside", "unavailable"));
    await vi.waitFor(() => expect(writer.status().detail).toContain("4 points sent"));

    expect(await influx.rows("SELECT * FROM home_patterns_events", db)).toEqual({
      columns: ["time", "area", "domain", "entity", "source", "state", "value"],
      values: [
        [T0 + 1000, "kitchen", "light", "light.kitchen", "ha", "on", null],
        [T0 + 2000, "kitchen", "sensor", "sensor.kitchen_temp", "mqtt", "21.5", 21.5],
        [T0 + 3000, null, "sensor", "sensor.outside", "ha", "-3", -3],
        [T0 + 4000, null, "sensor", "sensor.outside", "ha", "unavailable", null],
      ],
    });
    expect(writer.status()).toEqual({
      name: "influxdb",
      state: "ok",
      detail: `${influx.url} (database ${db}): connected; 4 points sent`,
    });
  });

  it("writes anomalies to their own measurement", async () => {
    const db = await freshDatabase();
    const { bus, writer } = setup(v1(db));
    const anomaly: Anomaly = {
      key: "unusual_time:light.kitchen:2026-11-20",
      kind: "unusual_time",
      entity: "light.kitchen",
      area: "kitchen",
      ts: T0 + 5000,
      severity: "high",
      summary: "Kitchen light on at 03:12",
      expected: "usually on around 06:55",
      details: {},
    };
    bus.emit("anomaly", anomaly);
    await vi.waitFor(() => expect(writer.status().detail).toContain("1 point sent"));
    expect(await influx.rows("SELECT * FROM home_patterns_anomalies", db)).toEqual({
      columns: ["time", "area", "entity", "expected", "key", "kind", "severity", "summary"],
      values: [
        [
          T0 + 5000,
          "kitchen",
          "light.kitchen",
          "usually on around 06:55",
          "unusual_time:light.kitchen:2026-11-20",
          "unusual_time",
          "high",
          "Kitchen light on at 03:12",
        ],
      ],
    });
  });

  it("writes a big batch compressed and in writes of at most pointsPerWrite points", async () => {
    const db = await freshDatabase();
    const { commit, writer } = setup(v1(db), { pointsPerWrite: 150 });
    const events = Array.from({ length: 400 }, (_, i) => ev(i, `sensor.power_${i % 4}`, String(i * 10)));
    commit(...events);
    await vi.waitFor(() => expect(writer.status().detail).toContain("400 points sent"));
    expect(await influx.rows("SELECT count(value), sum(value) FROM home_patterns_events", db)).toEqual({
      columns: ["time", "count", "sum"],
      values: [[0, 400, 798_000]],
    });
  });

  it("shows a refused password as an error the user must fix, while ingestion goes on", async () => {
    const db = await freshDatabase();
    const { commit, writer, store } = setup(v1(db, "wrong"));
    commit(ev(1, "light.kitchen", "on"));
    await vi.waitFor(() => expect(writer.status().state).toBe("error"));
    expect(writer.status().detail).toBe(
      `${influx.url} (database ${db}): HTTP 401: authorization failed (check the add-on options); next attempt in 1 s; 0 points sent, 1 queued`,
    );
    expect(store.stats().total).toBe(1);
  });

  it("names a database that does not exist", async () => {
    const { commit, writer } = setup(v1("nowhere"));
    commit(ev(1, "light.kitchen", "on"));
    await vi.waitFor(() => expect(writer.status().state).toBe("error"));
    expect(writer.status().detail).toContain('HTTP 404: database not found: "nowhere" (check the add-on options)');
  });

  it("holds points while InfluxDB is down and writes them after it is back", async () => {
    const db = await freshDatabase();
    const { commit, writer, clock, store } = setup(v1(db));
    commit(ev(1, "light.kitchen", "on"));
    await vi.waitFor(() => expect(writer.status().detail).toContain("1 point sent"));
    await influx.kill();
    try {
      commit(ev(2, "light.kitchen", "off"));
      commit(ev(3, "light.kitchen", "on"));
      expect(store.stats().total).toBe(3);
      await vi.waitFor(() => expect(writer.status().state).toBe("degraded"));
      expect(writer.status().detail).toMatch(
        /: (connect ECONNREFUSED 127\.0\.0\.1:\d+|socket hang up); next attempt in \d+ s; 1 point sent, 2 queued$/,
      );
    } finally {
      await influx.restart();
    }
    clock.advance(60_000);
    await vi.waitFor(() => expect(writer.status().detail).toContain("3 points sent"));
    expect((await influx.rows("SELECT state FROM home_patterns_events", db)).values).toEqual([
      [T0 + 1000, "on"],
      [T0 + 2000, "off"],
      [T0 + 3000, "on"],
    ]);
  });
});

describe("InfluxDB writer (InfluxDB 2.x)", () => {
  it("posts line protocol to /api/v2/write with the token, organization and bucket", async () => {
    const requests: { url: string; authorization?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        requests.push({ url: req.url ?? "", authorization: req.headers.authorization, body: body.toString() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { commit, writer } = setup(
        { version: 2, url: `http://127.0.0.1:${port}`, token: "tok-123", org: "home", bucket: "patterns" },
        { pointsPerWrite: 2 },
      );
      commit(ev(1, "light.kitchen", "on"), ev(2, "sensor.kitchen_temp", "21.5"), ev(3, "binary_sensor.door", "off"));
      await vi.waitFor(() => expect(requests).toHaveLength(2));
      expect(requests).toEqual([
        {
          url: "/api/v2/write?org=home&bucket=patterns&precision=ms",
          authorization: "Token tok-123",
          body:
            `home_patterns_events,area=kitchen,domain=light,entity=light.kitchen,source=ha state="on" ${T0 + 1000}\n` +
            `home_patterns_events,area=kitchen,domain=sensor,entity=sensor.kitchen_temp,source=ha state="21.5",value=21.5 ${T0 + 2000}`,
        },
        {
          url: "/api/v2/write?org=home&bucket=patterns&precision=ms",
          authorization: "Token tok-123",
          body: `home_patterns_events,domain=binary_sensor,entity=binary_sensor.door,source=ha state="off" ${T0 + 3000}`,
        },
      ]);
      expect(writer.status().detail).toBe(`http://127.0.0.1:${port} (bucket patterns): connected; 3 points sent`);
    } finally {
      server.close();
    }
  });
});
