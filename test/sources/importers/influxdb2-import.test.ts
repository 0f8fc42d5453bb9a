// Importing what Home Assistant's influxdb integration wrote to InfluxDB 2.x, through Flux, against a fake that answers in InfluxDB 2.x's documented format (see test/fixtures/influxdb2/README.md).
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands.js";
import { runRecordImport } from "../../../src/cli/record-import-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { systemClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { queryFlux } from "../../../src/publish/influxdb/influx-connection.js";
import { INFLUXDB2_SOURCE, influx2HistorySource } from "../../../src/sources/importers/influxdb2-history.js";
import type { RecordSource } from "../../../src/sources/importers/record-importer.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { type FakeInfluxdb2, type HaPoint, startFakeInfluxdb2 } from "../../fakes/fake-influxdb2.js";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/influxdb2");
const ORG = "home";
const BUCKET = "home_assistant";
const TOKEN = "s3cret-token";
const T0 = Date.UTC(2025, 0, 6, 6, 0); // Monday 2025-01-06 07:00 in Berlin
const MIN = 60_000;
/** Four days later: every imported day is closed and within the raw events' retention. */
const CLOCK = { now: () => T0 + 4 * 86_400_000, setTimeout: systemClock.setTimeout };
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** What Home Assistant's influxdb integration writes (2023.12, default settings): see its event_to_json. */
function haPoints(): HaPoint[] {
  const points: HaPoint[] = [];
  for (let day = 0; day < 3; day++) {
    const at = T0 + day * 86_400_000;
    // A light has no unit: measured by its entity id; "on" is written as text and as 1.
    const light = (ms: number, state: string) =>
      points.push({
        measurement: "light.kitchen",
        domain: "light",
        objectId: "kitchen",
        fields: { state, value: state === "on" ? 1 : 0, friendly_name_str: "Kitchen" },
        time: iso(ms),
      });
    light(at, "on");
    light(at + 30 * MIN, "off");
    for (let i = 0; i < 4; i++)
      points.push({
        measurement: "°C",
        domain: "sensor",
        objectId: "living_room_temperature",
        fields: { value: 20 + i / 2, device_class_str: "temperature" },
        time: iso(at + i * 15 * MIN),
      });
  }
  // Text that is no number: only a state field; InfluxDB keeps nanoseconds.
  points.push({
    measurement: "input_select.house_mode",
    domain: "input_select",
    objectId: "house_mode",
    fields: { state: "Away, long" },
    time: "2025-01-06T07:05:30.123456789Z",
  });
  return points;
}

let fake: FakeInfluxdb2;

beforeAll(async () => {
  fake = await startFakeInfluxdb2({ org: ORG, bucket: BUCKET, token: TOKEN, points: haPoints() });
});
afterAll(async () => {
  await fake?.close();
});

async function importInto(dataDir: string, env: Record<string, string> = { INFLUXDB_TOKEN: TOKEN }, url = fake.url) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(
    "import",
    ["--format", "influxdb2", url, "--org", ORG, "--bucket", BUCKET, "--time-zone", "Europe/Berlin"],
    {
      env: { DATA_DIR: dataDir, ...env },
      cwd: dataDir,
      clock: CLOCK,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    },
  );
  return { code, out, err };
}

function storedEvents(dataDir: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return stores.events.query({ from: 0, to: Number.MAX_SAFE_INTEGER });
  } finally {
    stores.close();
  }
}

function deviceClasses(dataDir: string, entities: string[]) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return entities.map((e) => stores.registry.deviceClassOf(e));
  } finally {
    stores.close();
  }
}

/** Each way Home Assistant's influxdb integration can write a device class to InfluxDB 2.x. */
function classifiedPoints(): HaPoint[] {
  const points: HaPoint[] = [];
  const binary = (
    p: Omit<HaPoint, "fields" | "domain">,
    state: "on" | "off",
    attributes: Record<string, string> = {},
  ) => points.push({ ...p, domain: "binary_sensor", fields: { state, value: state === "on" ? 1 : 0, ...attributes } });
  for (let day = 0; day < 3; day++) {
    const at = T0 + day * 86_400_000;
    // tags_attributes: [device_class]: a tag, so one series per class.
    for (const [i, state] of (["on", "off"] as const).entries())
      binary(
        {
          measurement: "binary_sensor.front_door",
          objectId: "front_door",
          tags: { device_class: "door" },
          time: iso(at + i * MIN),
        },
        state,
        { friendly_name_str: "Front door" },
      );
    // measurement_attr: domain__device_class: the class is in the measurement, and in no field.
    binary({ measurement: "binary_sensor__motion", objectId: "hallway_motion", time: iso(at + 2 * MIN) }, "on");
    // The default: a device_class_str field; the user set "window" in Home Assistant on the second day.
    binary(
      { measurement: "binary_sensor.bathroom_window", objectId: "bathroom_window", time: iso(at + 3 * MIN) },
      "on",
      { device_class_str: day === 0 ? "door" : "window" },
    );
    points.push({
      measurement: "light.kitchen",
      domain: "light",
      objectId: "kitchen",
      fields: { state: "on", value: 1 },
      time: iso(at + 4 * MIN),
    });
    points.push({
      measurement: "°C",
      domain: "sensor",
      objectId: "hall_temperature",
      fields: { value: 20 + day, device_class_str: "temperature" },
      time: iso(at + 5 * MIN),
    });
  }
  return points;
}

describe("the fake InfluxDB 2.x", () => {
  it("answers a day's query and a count of several tables byte for byte as the fixtures of InfluxDB 2.x's answers", async () => {
    const day = `from(bucket: "${BUCKET}")
  |> range(start: 2025-01-06T00:00:00Z, stop: 2025-01-07T00:00:00Z)
  |> filter(fn: (r) => r._field == "state" or r._field == "value")
  |> filter(fn: (r) => exists r.domain and exists r.entity_id)
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
  |> group()
  |> keep(columns: ["_time", "_measurement", "domain", "entity_id", "state", "value", "device_class"])
  |> sort(columns: ["_time", "domain", "entity_id", "_measurement"])`;
    const answer = await fetch(`${fake.url}/api/v2/query?org=${ORG}`, {
      method: "POST",
      headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ query: day, type: "flux" }),
    });
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await answer.text()).toBe(readFileSync(path.join(FIXTURES, "day-2025-01-06.csv"), "utf8"));
    const count = await fetch(`${fake.url}/api/v2/query?org=${ORG}`, {
      method: "POST",
      headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        query: `from(bucket: "${BUCKET}")
  |> range(start: 1970-01-01T00:00:00Z, stop: 2025-01-12T00:00:00Z)
  |> filter(fn: (r) => r._field == "state" or r._field == "value")
  |> filter(fn: (r) => exists r.domain and exists r.entity_id)
  |> count()`,
        type: "flux",
      }),
    });
    expect(await count.text()).toBe(readFileSync(path.join(FIXTURES, "count-per-series.csv"), "utf8"));
    const refused = await fetch(`${fake.url}/api/v2/query?org=${ORG}`, {
      method: "POST",
      headers: { Authorization: "Token wrong" },
      body: "{}",
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe(readFileSync(path.join(FIXTURES, "401.txt"), "utf8"));
  });

  it("answers the importer's own device class and day queries byte for byte as the fixtures", async () => {
    const classified = await startFakeInfluxdb2({ org: ORG, bucket: BUCKET, token: TOKEN, points: classifiedPoints() });
    try {
      const source = influx2HistorySource({
        url: classified.url,
        bucket: BUCKET,
        query: (flux) => queryFlux({ url: classified.url, token: TOKEN, org: ORG }, flux),
        now: CLOCK.now,
      });
      for await (const chunk of source.chunks(undefined)) expect(chunk.rejected).toEqual([]);
      const classes = classified.queries.find((q) => q.includes("device_class_str"));
      const day = classified.queries.find(
        (q) => q.includes("range(start: 2025-01-06T00:00:00Z, stop: 2025-01-07T00:00:00Z)") && q.includes("pivot("),
      );
      const answer = async (query: string | undefined) => {
        const res = await fetch(`${classified.url}/api/v2/query?org=${ORG}`, {
          method: "POST",
          headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
          body: JSON.stringify({ query, type: "flux" }),
        });
        return res.text();
      };
      expect(await answer(classes)).toBe(readFileSync(path.join(FIXTURES, "last-device-classes.csv"), "utf8"));
      expect(await answer(day)).toBe(readFileSync(path.join(FIXTURES, "day-classes-2025-01-06.csv"), "utf8"));
    } finally {
      await classified.close();
    }
  });
});

describe("import --format influxdb2", () => {
  it("stores each change of Home Assistant's series once, text before its 1/0, and rolls up the days", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx2-"));
    const r = await importInto(dataDir);
    expect(r.code, r.err.join("\n")).toBe(0);
    expect(r.out).toEqual([
      `imported ${fake.url} (bucket ${BUCKET}): 19 rows read: 19 events stored, 0 already stored, 0 refused, 0 left out; 3 entities (2 with an area)`,
      "3 of 3 closed days within the 7-day raw retention: rolled up",
    ]);
    // Progress against the server's count per series: the first day is 7 of 19 rows.
    expect(r.err).toContain(`importing ${fake.url} (bucket ${BUCKET}): 36% (7 rows, 7 events, 0 malformed)`);
    expect(r.err).toContain(`importing ${fake.url} (bucket ${BUCKET}): 100% (19 rows, 19 events, 0 malformed)`);
    // The integration's device_class_str field: the entity's class, as a live state's attributes give it.
    expect(deviceClasses(dataDir, ["sensor.living_room_temperature", "light.kitchen"])).toEqual(["temperature", null]);
    const first = storedEvents(dataDir).filter((e) => e.ts < T0 + 86_400_000);
    expect(first.map((e) => `${e.ts - T0} ${e.entity} ${e.state} ${e.source}`)).toEqual([
      "0 light.kitchen on import:influxdb2",
      "0 sensor.living_room_temperature 20 import:influxdb2",
      `${15 * MIN} sensor.living_room_temperature 20.5 import:influxdb2`,
      `${30 * MIN} light.kitchen off import:influxdb2`,
      `${30 * MIN} sensor.living_room_temperature 21 import:influxdb2`,
      `${45 * MIN} sensor.living_room_temperature 21.5 import:influxdb2`,
      `${65 * MIN + 30_123} input_select.house_mode Away, long import:influxdb2`,
    ]);
    // Run again: everything is already there, and nothing is read twice.
    const again = await importInto(dataDir);
    expect(again.err).toContain(`resuming ${fake.url} (bucket ${BUCKET}) after position ["2025-01-10T06:00:00Z"]`);
    expect(again.out[0]).toBe(
      `imported ${fake.url} (bucket ${BUCKET}): 0 rows read: 0 events stored, 0 already stored, 0 refused, 0 left out; 0 entities (0 with an area)`,
    );
    expect(storedEvents(dataDir)).toHaveLength(19);
  });

  it("gives each entity the device class Home Assistant wrote: a field, a tag, or the measurement's name", async () => {
    const classified = await startFakeInfluxdb2({ org: ORG, bucket: BUCKET, token: TOKEN, points: classifiedPoints() });
    try {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx2-classes-"));
      const r = await importInto(dataDir, { INFLUXDB_TOKEN: TOKEN }, classified.url);
      expect(r.code, r.err.join("\n")).toBe(0);
      expect(r.out[0]).toMatch(/: 18 rows read: 18 events stored, 0 already stored, 0 refused, 0 left out; 5 entities/);
      const entities = [
        "binary_sensor.front_door",
        "binary_sensor.hallway_motion",
        "binary_sensor.bathroom_window",
        "sensor.hall_temperature",
        "light.kitchen",
      ];
      expect(deviceClasses(dataDir, entities)).toEqual(["door", "motion", "window", "temperature", null]);
      // The states are read as before: text first.
      expect(
        storedEvents(dataDir)
          .filter((e) => e.ts < T0 + 86_400_000)
          .map((e) => `${e.entity} ${e.state}`),
      ).toEqual([
        "binary_sensor.front_door on",
        "binary_sensor.front_door off",
        "binary_sensor.hallway_motion on",
        "binary_sensor.bathroom_window on",
        "light.kitchen on",
        "sensor.hall_temperature 20",
      ]);
      // The fields' classes are asked for once per import, not once per day.
      expect(classified.queries.filter((q) => q.includes("device_class_str"))).toHaveLength(1);
    } finally {
      await classified.close();
    }
  });

  it("streams: the first rows are stored while InfluxDB is still writing its answer", async () => {
    const many: HaPoint[] = [];
    for (let i = 0; i < 30_000; i++)
      many.push({
        measurement: "W",
        domain: "sensor",
        objectId: "washer_power",
        fields: { value: i },
        time: iso(T0 + i * 1000),
      });
    const big = await startFakeInfluxdb2({ org: ORG, bucket: BUCKET, token: TOKEN, points: many });
    try {
      const source = influx2HistorySource({
        url: big.url,
        bucket: BUCKET,
        query: (flux) => queryFlux({ url: big.url, token: TOKEN, org: ORG }, flux),
        now: CLOCK.now,
        chunkRows: 500,
      });
      const chunks = source.chunks(undefined)[Symbol.asyncIterator]();
      const first = await chunks.next();
      expect(first.value?.events).toHaveLength(500);
      // The answer of about 1.6 MB is still being written: the client reads it as rows are taken.
      expect(big.openAnswers()).toBe(1);
      await chunks.return?.(undefined);
    } finally {
      await big.close();
    }
  });

  it("resumes after an interruption from the last stored row, storing nothing twice", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx2-resume-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir },
      command: "offline",
      cwd: dataDir,
      timeZone: "Europe/Berlin",
    });
    const real = influx2HistorySource({
      url: fake.url,
      bucket: BUCKET,
      query: (flux) => queryFlux({ url: fake.url, token: TOKEN, org: ORG }, flux),
      now: CLOCK.now,
      chunkRows: 4,
    });
    // The connection drops after two chunks: the first four rows, then the first day's last three.
    const failing: RecordSource = {
      target: real.target,
      count: (after) => real.count(after),
      async *chunks(after) {
        let n = 0;
        for await (const chunk of real.chunks(after)) {
          if (++n > 2) throw new Error("connection reset");
          yield chunk;
        }
      },
    };
    const ctx = { env: {}, cwd: dataDir, clock: CLOCK, out: () => undefined, err: () => undefined };
    await expect(
      runRecordImport({ name: INFLUXDB2_SOURCE, source: failing, fromStart: false }, config, ctx),
    ).rejects.toThrow("connection reset");
    expect(storedEvents(dataDir)).toHaveLength(7);

    const r = await importInto(dataDir);
    expect(r.err).toContain(`resuming ${fake.url} (bucket ${BUCKET}) after position ["2025-01-07T00:00:00Z"]`);
    expect(r.out[0]).toMatch(/: 12 rows read: 12 events stored, 0 already stored, 0 refused, 0 left out;/);
    expect(storedEvents(dataDir)).toHaveLength(19);
  });

  it("resumes inside a day, after the last stored row of a time shared by several entities", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx2-inday-"));
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    // Stopped after the light's row at 06:30: the temperature of the same minute is still to come.
    stores.cursors.set(
      `${INFLUXDB2_SOURCE}:${fake.url} (bucket ${BUCKET})`,
      JSON.stringify(["2025-01-06T06:30:00Z", "light", "kitchen", "light.kitchen"]),
    );
    stores.close();
    const r = await importInto(dataDir);
    expect(r.out[0]).toMatch(/: 15 rows read: 15 events stored,/);
    const events = storedEvents(dataDir);
    expect(events[0]).toMatchObject({ ts: T0 + 30 * MIN, entity: "sensor.living_room_temperature", state: "21" });
  });

  it("says what InfluxDB refused: a wrong token, a refused query, an error part way, a missing organization", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx2-refused-"));
    const wrong = await importInto(dataDir, { INFLUXDB_TOKEN: "wrong" });
    expect(wrong.code).toBe(1);
    expect(wrong.err.at(-1)).toBe(
      `import failed: cannot read ${fake.url} (bucket ${BUCKET}): HTTP 401: unauthorized access`,
    );

    const refusing = await startFakeInfluxdb2({
      org: ORG,
      bucket: BUCKET,
      token: TOKEN,
      points: haPoints(),
      refuse: {
        status: 400,
        body: { code: "invalid", message: "compilation failed: error @5:6-5:11: undefined identifier pivot" },
      },
    });
    const bad = await importInto(dataDir, { INFLUXDB_TOKEN: TOKEN }, refusing.url);
    await refusing.close();
    expect(bad.code).toBe(1);
    expect(bad.err.at(-1)).toBe(
      `import failed: cannot read ${refusing.url} (bucket ${BUCKET}): HTTP 400: compilation failed: error @5:6-5:11: undefined identifier pivot`,
    );

    const failing = await startFakeInfluxdb2({
      org: ORG,
      bucket: BUCKET,
      token: TOKEN,
      points: haPoints(),
      failDay: {
        start: "2025-01-07T00:00:00Z",
        afterRows: 2,
        message: "panic: runtime error: index out of range [3] with length 3",
      },
    });
    const partway = await importInto(dataDir, { INFLUXDB_TOKEN: TOKEN }, failing.url);
    await failing.close();
    expect(partway.code).toBe(1);
    expect(partway.err.at(-1)).toBe(
      `import failed: cannot read ${failing.url} (bucket ${BUCKET}): the query failed: panic: runtime error: index out of range [3] with length 3`,
    );
    // The day before the failure was stored, and its place kept.
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    expect(stores.cursors.get(`${INFLUXDB2_SOURCE}:${failing.url} (bucket ${BUCKET})`)).toBe(
      '["2025-01-07T00:00:00Z"]',
    );
    stores.close();

    const noOrg = await runCommand("import", ["--format", "influxdb2", fake.url, "--token", TOKEN], {
      env: { DATA_DIR: dataDir },
      cwd: dataDir,
      clock: CLOCK,
      out: () => undefined,
      err: (l) => wrong.err.push(l),
    });
    expect(noOrg).toBe(2);
    expect(wrong.err.at(-1)).toBe(
      "pass the token in INFLUXDB_TOKEN, not as --token: other users can read a command line",
    );
  });

  it("writes the error table as InfluxDB does when a query fails part way", async () => {
    const failing = await startFakeInfluxdb2({
      org: ORG,
      bucket: BUCKET,
      token: TOKEN,
      points: [],
      failDay: {
        start: "2025-01-06T00:00:00Z",
        afterRows: 0,
        message: "panic: runtime error: index out of range [3] with length 3",
      },
    });
    const answer = await fetch(`${failing.url}/api/v2/query?org=${ORG}`, {
      method: "POST",
      headers: { Authorization: `Token ${TOKEN}` },
      body: JSON.stringify({
        query: `from(bucket: "${BUCKET}")
  |> range(start: 2025-01-06T00:00:00Z, stop: 2025-01-07T00:00:00Z)
  |> filter(fn: (r) => r._field == "state" or r._field == "value")
  |> sort(columns: ["_time", "domain", "entity_id", "_measurement"])`,
      }),
    });
    await failing.close();
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(readFileSync(path.join(FIXTURES, "error-table.csv"), "utf8"));
  });
});
