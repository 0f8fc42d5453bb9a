// Importing LTSS's table from a real PostgreSQL (Debian's), as TimescaleDB keeps it: time, entity_id, state, attributes.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands.js";
import { runRecordImport } from "../../../src/cli/record-import-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { systemClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { LTSS_SOURCE, ltssHistorySource } from "../../../src/sources/importers/ltss-history.js";
import type { RecordSource } from "../../../src/sources/importers/record-importer.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { postgresBin, type RunningPostgres, startPostgres } from "../../support/postgres-server.js";

const T0 = Date.UTC(2025, 0, 6, 6, 0);
const MIN = 60_000;
const CLOCK = { now: () => T0 + 4 * 86_400_000, setTimeout: systemClock.setTimeout };
const installed = postgresBin() !== null;
if (!installed) console.warn("skipping the LTSS import test: PostgreSQL is not installed (apt-get install postgresql)");

let postgres: RunningPostgres;

describe.skipIf(!installed)("import --format ltss", () => {
  beforeAll(async () => {
    postgres = await startPostgres();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`CREATE TABLE ltss (
      id BIGSERIAL, time TIMESTAMPTZ NOT NULL, entity_id VARCHAR(255) NOT NULL, state VARCHAR(255), attributes JSONB,
      PRIMARY KEY (id, time))`);
    await client.query("CREATE INDEX ltss_entityid_time ON ltss (entity_id, time DESC)");
    const rows: [string, string, string | null, object][] = [];
    const light = { friendly_name: "Kitchen light", brightness: 255 };
    for (let day = 0; day < 3; day++) {
      const at = T0 + day * 86_400_000;
      // The sensor was shown as occupancy at first, then as motion: its last class counts.
      const sensor = { device_class: day < 2 ? "occupancy" : "motion", friendly_name: "Hall motion" };
      rows.push([new Date(at).toISOString(), "light.kitchen", "on", light]);
      rows.push([new Date(at + 30 * MIN).toISOString(), "light.kitchen", "off", {}]);
      rows.push([new Date(at).toISOString(), "binary_sensor.hall_motion", "on", sensor]);
      rows.push([new Date(at + 2 * MIN).toISOString(), "binary_sensor.hall_motion", "off", sensor]);
    }
    rows.push([new Date(T0 + 5 * MIN).toISOString(), "sensor.broken", null, {}]);
    for (const [time, entity, state, attributes] of rows)
      await client.query("INSERT INTO ltss (time, entity_id, state, attributes) VALUES ($1, $2, $3, $4)", [
        time,
        entity,
        state,
        JSON.stringify(attributes),
      ]);
    await client.end();
  }, 60_000);

  afterAll(async () => {
    await postgres?.stop();
  });

  async function importInto(dataDir: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand("import", ["--format", "ltss", postgres.url, "--time-zone", "Europe/Berlin"], {
      env: { DATA_DIR: dataDir },
      cwd: dataDir,
      clock: CLOCK,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  }

  it("stores each row as an event of its entity, in time order, and says which row it could not use", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-ltss-"));
    const r = await importInto(dataDir);
    expect(r.code).toBe(0);
    expect(r.out.slice(0, 3)).toEqual([
      `imported ${postgres.url} (table ltss): 13 rows read: 12 events stored, 0 already stored, 1 refused, 0 left out; 2 entities (2 with an area)`,
      "  refused: 1 no entity or state",
      "  2025-01-06 06:05:00+00 sensor.broken: no entity or state",
    ]);
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    const events = stores.events.query({ from: T0, to: T0 + 86_400_000 });
    const classes = ["binary_sensor.hall_motion", "light.kitchen"].map((e) => stores.registry.deviceClassOf(e));
    stores.close();
    // The attributes' device_class, the latest row's as a live state's: the sensor reads as motion.
    expect(classes).toEqual(["motion", null]);
    expect(events.map((e) => `${e.ts - T0} ${e.entity} ${e.state} ${e.source}`)).toEqual([
      "0 binary_sensor.hall_motion on import:ltss",
      "0 light.kitchen on import:ltss",
      `${2 * MIN} binary_sensor.hall_motion off import:ltss`,
      `${30 * MIN} light.kitchen off import:ltss`,
    ]);
  });

  it("resumes after an interruption exactly where the last stored page ended", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-ltss-resume-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir },
      command: "offline",
      cwd: dataDir,
      timeZone: "Europe/Berlin",
    });
    const real = ltssHistorySource({ connectionString: postgres.url, chunkRows: 3 });
    const failing: RecordSource = {
      target: real.target,
      count: (after) => real.count(after),
      async *chunks(after) {
        let n = 0;
        for await (const chunk of real.chunks(after)) {
          if (++n > 2) throw new Error("server closed the connection");
          yield chunk;
        }
      },
      close: () => real.close?.(),
    };
    const ctx = { env: {}, cwd: dataDir, clock: CLOCK, out: () => undefined, err: () => undefined };
    await expect(
      runRecordImport({ name: LTSS_SOURCE, source: failing, fromStart: false }, config, ctx),
    ).rejects.toThrow("server closed the connection");
    const r = await importInto(dataDir);
    expect(r.err.join("\n")).toMatch(
      /resuming postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(table ltss\) after position 2025-01-07 06:00:00\+00\|binary_sensor\.hall_motion/,
    );
    expect(r.out[0]).toMatch(/: 7 rows read: 7 events stored, 0 already stored, 0 refused, 0 left out;/);
  });

  it("keeps the unit the attributes name, the latest row's as a live state's", async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(
      "CREATE TABLE ltss_units (id BIGSERIAL, time TIMESTAMPTZ NOT NULL, entity_id VARCHAR(255) NOT NULL, state VARCHAR(255), attributes JSONB, PRIMARY KEY (id, time))",
    );
    // The user switched the sensor from °C to °F in Home Assistant on the second day.
    const rows: [number, string, string, object][] = [
      [T0, "sensor.outside_temperature", "4.5", { unit_of_measurement: "°C", device_class: "temperature" }],
      [
        T0 + 86_400_000,
        "sensor.outside_temperature",
        "41.2",
        { unit_of_measurement: "°F", device_class: "temperature" },
      ],
      [T0, "sensor.hall_lux", "120", { unit_of_measurement: "lx" }],
      [T0 + MIN, "light.kitchen", "on", { friendly_name: "Kitchen light" }],
    ];
    for (const [at, entity, state, attributes] of rows)
      await client.query("INSERT INTO ltss_units (time, entity_id, state, attributes) VALUES ($1, $2, $3, $4)", [
        new Date(at).toISOString(),
        entity,
        state,
        JSON.stringify(attributes),
      ]);
    await client.end();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-ltss-units-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir },
      command: "offline",
      cwd: dataDir,
      timeZone: "Europe/Berlin",
    });
    const ctx = { env: {}, cwd: dataDir, clock: CLOCK, out: () => undefined, err: () => undefined };
    const source = ltssHistorySource({ connectionString: postgres.url, table: "ltss_units" });
    await runRecordImport({ name: LTSS_SOURCE, source, fromStart: false }, config, ctx);
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    const units = ["sensor.outside_temperature", "sensor.hall_lux", "light.kitchen"].map((e) =>
      stores.registry.unitOf(e),
    );
    stores.close();
    expect(units).toEqual(["°F", "lx", null]);
  });
});
