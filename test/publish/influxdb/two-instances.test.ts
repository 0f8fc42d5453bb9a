// Why a standby instance may keep writing to InfluxDB: two instances of one home writing the same
// events and anomalies to one database leave each as one point, against the real InfluxDB 1.x.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { IngestPipeline } from "../../../src/ingest/ingest-pipeline.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import { createInfluxConnection } from "../../../src/publish/influxdb/influx-connection.js";
import { createInfluxWriter, type InfluxWriter } from "../../../src/publish/influxdb/influx-writer.js";
import { type RunningInfluxd, startInfluxd } from "../../support/influxdb-server.js";
import { MemoryCursorStore, MemoryEventStore } from "../../support/memory/memory-event-store.js";

const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);
const ADMIN = { username: "hp", password: "s3cret" };
const DB = "hp_two_instances";

let influx: RunningInfluxd;
const writers: InfluxWriter[] = [];
beforeAll(async () => {
  influx = await startInfluxd({ admin: ADMIN });
  await influx.query(`CREATE DATABASE ${DB}`);
});
afterAll(async () => {
  for (const w of writers.splice(0)) await w.stop();
  await influx?.stop();
});

/** One instance's writer, fed by its own ingest, as each instance hears Home Assistant's events itself. */
function instance() {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const ingest = new IngestPipeline({
    store: new MemoryEventStore(),
    cursors: new MemoryCursorStore(),
    clock,
    logger,
    filter: () => true,
    bus,
  });
  const writer = createInfluxWriter({
    connection: createInfluxConnection({ version: 1, url: influx.url, database: DB, ...ADMIN }),
    ingest,
    bus,
    areaOf: (entity) => (entity === "light.kitchen" ? "kitchen" : null),
    clock,
    logger,
  });
  writers.push(writer);
  writer.start();
  const commit = (...events: HomeEvent[]) => {
    for (const e of events) ingest.push(e);
    clock.advance(1_000);
  };
  return { bus, writer, commit };
}

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

describe("InfluxDB written by two instances of one home", () => {
  it("keeps each event and anomaly once", async () => {
    const [publishing, standby] = [instance(), instance()];
    for (const each of [publishing, standby]) {
      each.commit(
        { ts: T0 + 1000, entity: "light.kitchen", state: "on", source: "ha" },
        { ts: T0 + 2000, entity: "sensor.outside", state: "-3", source: "ha" },
      );
      each.bus.emit("anomaly", anomaly);
      await vi.waitFor(() => expect(each.writer.status().detail).toContain("3 points sent"));
    }
    expect(await influx.rows("SELECT * FROM home_patterns_events", DB)).toEqual({
      columns: ["time", "area", "domain", "entity", "source", "state", "value"],
      values: [
        [T0 + 1000, "kitchen", "light", "light.kitchen", "ha", "on", null],
        [T0 + 2000, null, "sensor", "sensor.outside", "ha", "-3", -3],
      ],
    });
    expect((await influx.rows("SELECT count(summary) FROM home_patterns_anomalies", DB)).values).toEqual([[0, 1]]);
  });
});
