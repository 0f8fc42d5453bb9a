// Importing the history Home Assistant's influxdb integration wrote to a real InfluxDB 1.x (Debian's influxd).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands.js";
import { runRecordImport } from "../../../src/cli/record-import-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { systemClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { INFLUXDB_SOURCE, influxHistorySource } from "../../../src/sources/importers/influxdb-history.js";
import type { RecordSource } from "../../../src/sources/importers/record-importer.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { type RunningInfluxd, startInfluxd } from "../../support/influxdb-server.js";

const DB = "home_assistant";
const T0 = Date.UTC(2025, 0, 6, 6, 0); // Monday 2025-01-06 07:00 in Berlin
const MIN = 60_000;
let influx: RunningInfluxd;
/** Four days later: every imported day is closed and still within the raw events' retention. */
const CLOCK = { now: () => T0 + 4 * 86_400_000, setTimeout: systemClock.setTimeout };

/** What Home Assistant's influxdb integration writes: a measurement per unit (or per entity without one), tags domain and entity_id (object id), value or state. */
function haLines(): string[] {
  const lines: string[] = [];
  for (let day = 0; day < 3; day++) {
    const at = T0 + day * 86_400_000;
    lines.push(`light.kitchen,domain=light,entity_id=kitchen state="on",friendly_name_str="Kitchen" ${at}000000`);
    lines.push(
      `light.kitchen,domain=light,entity_id=kitchen state="off",friendly_name_str="Kitchen" ${at + 30 * MIN}000000`,
    );
    for (let i = 0; i < 4; i++)
      lines.push(
        `°C,domain=sensor,entity_id=living_room_temperature value=${20 + i / 2},device_class_str="temperature" ${at + i * 15 * MIN}000000`,
      );
  }
  // Not written by Home Assistant (no domain tag): left alone.
  lines.push(`cpu,host=nas usage=3 ${T0}000000`);
  return lines;
}

beforeAll(async () => {
  influx = await startInfluxd();
  await influx.query(`CREATE DATABASE ${DB}`);
  const res = await fetch(`${influx.url}/write?db=${DB}&precision=ns`, { method: "POST", body: haLines().join("\n") });
  expect(res.status).toBe(204);
}, 60_000);

afterAll(async () => {
  await influx?.stop();
});

async function importInto(dataDir: string, extra: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(
    "import",
    ["--format", "influxdb", influx.url, "--database", DB, "--time-zone", "Europe/Berlin", ...extra],
    {
      env: { DATA_DIR: dataDir },
      cwd: dataDir,
      clock: CLOCK,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    },
  );
  return { code, out, err };
}

describe("import --format influxdb (1.x)", () => {
  it("stores every point of Home Assistant's series as an event of its entity, and rolls up the days", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx-import-"));
    const r = await importInto(dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      `imported ${influx.url} (database ${DB}): 18 rows read: 18 events stored, 0 already stored, 0 refused, 0 left out; 2 entities (2 with an area)`,
      "3 of 3 closed days within the 7-day raw retention: rolled up",
    ]);
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    const events = stores.events.query({ from: T0, to: T0 + 86_400_000 });
    const classes = ["sensor.living_room_temperature", "light.kitchen"].map((e) => stores.registry.deviceClassOf(e));
    stores.close();
    // The integration's device_class_str field: the entity's class, as a live state's attributes give it.
    expect(classes).toEqual(["temperature", null]);
    expect(events.map((e) => `${e.ts - T0} ${e.entity} ${e.state}`)).toEqual([
      "0 light.kitchen on",
      "0 sensor.living_room_temperature 20",
      `${15 * MIN} sensor.living_room_temperature 20.5`,
      `${30 * MIN} light.kitchen off`,
      `${30 * MIN} sensor.living_room_temperature 21`,
      `${45 * MIN} sensor.living_room_temperature 21.5`,
    ]);
  });

  it("resumes after an interruption from the last stored point, storing nothing twice", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx-resume-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir },
      command: "offline",
      cwd: dataDir,
      timeZone: "Europe/Berlin",
    });
    const real = influxHistorySource({ url: influx.url, database: DB, chunkPoints: 4 });
    // The connection drops after two pages: the kitchen light's six points.
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
      runRecordImport({ name: INFLUXDB_SOURCE, source: failing, fromStart: false }, config, ctx),
    ).rejects.toThrow("connection reset");
    const r = await importInto(dataDir);
    expect(r.err.join("\n")).toContain(`resuming ${influx.url} (database ${DB}) after position 0:`);
    expect(r.out[0]).toMatch(/: 12 rows read: 12 events stored, 0 already stored, 0 refused, 0 left out;/);
  });

  it("reads the device class from a tag when Home Assistant wrote it as one (tags_attributes)", async () => {
    const db = "ha_tagged";
    await influx.query(`CREATE DATABASE ${db}`);
    const lines = [0, 1].map(
      (i) =>
        `binary_sensor.front_door,domain=binary_sensor,entity_id=front_door,device_class=door state="${i ? "off" : "on"}" ${T0 + i * MIN}000000`,
    );
    const res = await fetch(`${influx.url}/write?db=${db}&precision=ns`, { method: "POST", body: lines.join("\n") });
    expect(res.status).toBe(204);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-influx-tagged-"));
    const r = await runCommand(
      "import",
      ["--format", "influxdb", influx.url, "--database", db, "--time-zone", "Europe/Berlin"],
      { env: { DATA_DIR: dataDir }, cwd: dataDir, clock: CLOCK, out: () => undefined, err: () => undefined },
    );
    expect(r).toBe(0);
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    const deviceClass = stores.registry.deviceClassOf("binary_sensor.front_door");
    stores.close();
    expect(deviceClass).toBe("door");
  });
});
