// Importing a recorder database written by a real Home Assistant (and an older-schema copy of it): same ingest path, resumable, summed up.
import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands.js";
import { runRecordImport } from "../../../src/cli/record-import-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { HA_RECORDER_SOURCE, haRecorderSource } from "../../../src/sources/importers/ha-recorder.js";
import type { RecordSource } from "../../../src/sources/importers/record-importer.js";
import { openSqlite } from "../../../src/storage/sqlite/sqlite-database.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { recorderFixtureClock } from "../../support/recorder-fixture-clock.js";

const FIXTURE = path.join(import.meta.dirname, "../../fixtures/ha-recorder/home-assistant_v2.db");
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("import", [...args, "--time-zone", "Europe/Berlin"], {
    env: { DATA_DIR: dataDir },
    cwd: dataDir,
    clock: recorderFixtureClock,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

function deviceClasses(dataDir: string, entities: string[]) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return Object.fromEntries(entities.map((e) => [e, stores.registry.deviceClassOf(e)]));
  } finally {
    stores.close();
  }
}

function units(dataDir: string, entities: string[]) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return Object.fromEntries(entities.map((e) => [e, stores.registry.unitOf(e)]));
  } finally {
    stores.close();
  }
}

/** Entities of the fixture whose recorded attributes name a unit (one without a class), and one that names none. */
const UNITS = {
  "sensor.home_patterns_events_per_hour": "events/h",
  "sensor.home_patterns_storage_used": "MB",
  "input_boolean.kitchen_light": null,
};

/** Entities of the fixture whose recorded attributes name a device class, and one that names none. */
const CLASSED = {
  "binary_sensor.hallway_motion_sensor_occupancy": "occupancy",
  "binary_sensor.home_patterns_anomaly_open": "problem",
  "sensor.sun_next_rising": "timestamp",
  "input_boolean.kitchen_light": null,
};

function stored(dataDir: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return stores.events.query(ALL);
  } finally {
    stores.close();
  }
}

/** The same history in the schema Home Assistant used before 2023.3: ids and times as text in states. */
function olderSchemaCopy(dir: string): string {
  const file = path.join(dir, "home-assistant_v2-old.db");
  const db = openSqlite({ file });
  db.exec(`ATTACH DATABASE '${FIXTURE}' AS new`);
  db.exec(`CREATE TABLE states (
    state_id INTEGER PRIMARY KEY, entity_id VARCHAR(255), state VARCHAR(255), attributes TEXT,
    last_changed DATETIME, last_updated DATETIME, old_state_id INTEGER, context_user_id VARCHAR(36))`);
  // Each row kept its own attributes JSON then (state_attributes came with schema 25).
  db.exec(`INSERT INTO states (state_id, entity_id, state, attributes, last_changed, last_updated, old_state_id, context_user_id)
    SELECT s.state_id, m.entity_id, s.state, a.shared_attrs,
      strftime('%Y-%m-%d %H:%M:%f', coalesce(s.last_changed_ts, s.last_updated_ts), 'unixepoch'),
      strftime('%Y-%m-%d %H:%M:%f', s.last_updated_ts, 'unixepoch'),
      s.old_state_id, lower(hex(s.context_user_id_bin))
    FROM new.states s JOIN new.states_meta m ON m.metadata_id = s.metadata_id
    LEFT JOIN new.state_attributes a ON a.attributes_id = s.attributes_id`);
  db.exec("DETACH DATABASE new");
  db.close();
  return file;
}

describe("import --format ha-recorder", () => {
  it("stores every change of state once, and says what it skipped and why", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-"));
    const r = await cli(dataDir, ["--format", "ha-recorder", FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.out.slice(0, 2)).toEqual([
      `imported ${FIXTURE}: 819 rows read: 716 events stored, 2 already stored, 0 refused, 101 left out; 22 entities (6 with an area)`,
      "  left out: 99 attribute update, 2 entity removed",
    ]);
    const events = stored(dataDir);
    // Two states were recorded twice within the same millisecond: one copy each is kept.
    expect(events).toHaveLength(716);
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(["import:ha-recorder"]));
    // A user switched the kitchen light on: the event keeps who did it and what it was before.
    const kitchenOn = events.find((e) => e.entity === "input_boolean.kitchen_light" && e.state === "on");
    expect(kitchenOn).toMatchObject({ previous: "off", user: "45d9ef5b759b46f5a3b1563aa396f261" });
  });

  it("keeps the device class the recorded attributes name, as a live state carries it", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-class-"));
    expect((await cli(dataDir, ["--format", "ha-recorder", FIXTURE])).code).toBe(0);
    expect(deviceClasses(dataDir, Object.keys(CLASSED))).toEqual(CLASSED);
  });

  it("keeps the unit the recorded attributes name, as a live state carries it", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-unit-"));
    expect((await cli(dataDir, ["--format", "ha-recorder", FIXTURE])).code).toBe(0);
    expect(units(dataDir, Object.keys(UNITS))).toEqual(UNITS);
  });

  it("leaves the device class a newer live event named (the first-start import runs beside live events)", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-live-class-"));
    // After the recorder's last row (2026-12-06), live: the sensor is a motion sensor now.
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    stores.events.append([
      {
        ts: Date.UTC(2026, 11, 7, 9),
        entity: "binary_sensor.hallway_motion_sensor_occupancy",
        state: "on",
        source: "ha",
        deviceClass: "motion",
      },
    ]);
    stores.close();
    expect((await cli(dataDir, ["--format", "ha-recorder", FIXTURE])).code).toBe(0);
    expect(deviceClasses(dataDir, Object.keys(CLASSED))).toEqual({
      ...CLASSED,
      "binary_sensor.hallway_motion_sensor_occupancy": "motion",
    });
  });

  it("resumes after an interruption without storing anything twice", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-resume-"));
    const config = loadConfig({ env: { DATA_DIR: dataDir }, command: "offline", cwd: dataDir, timeZone: "UTC" });
    const real = haRecorderSource(FIXTURE, { chunkRows: 100 });
    // The machine loses power after three chunks of 100 rows.
    const failing: RecordSource = {
      target: real.target,
      count: (after) => real.count(after),
      async *chunks(after) {
        let n = 0;
        for await (const chunk of real.chunks(after)) {
          if (++n > 3) throw new Error("power lost");
          yield chunk;
        }
      },
      close: () => real.close?.(),
    };
    const ctx = { env: {}, cwd: dataDir, clock: recorderFixtureClock, out: () => undefined, err: () => undefined };
    await expect(
      runRecordImport({ name: HA_RECORDER_SOURCE, source: failing, fromStart: false }, config, ctx),
    ).rejects.toThrow("power lost");
    const partial = stored(dataDir).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(716);

    const again = await cli(dataDir, ["--format", "ha-recorder", FIXTURE]);
    expect(again.err).toContain(`resuming ${FIXTURE} after position 300`);
    const [, storedNow, already] = /: 519 rows read: (\d+) events stored, (\d+) already stored,/.exec(again.out[0]!)!;
    expect(partial + Number(storedNow)).toBe(716);
    // Only the file's own double recordings: nothing read before the interruption came again.
    expect(Number(already)).toBeLessThanOrEqual(2);
    expect(stored(dataDir)).toHaveLength(716);
  });

  it("reads the schema of releases before 2023.3 to the same events", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-old-"));
    const old = olderSchemaCopy(dir);
    const newDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-new-"));
    const oldDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-olddata-"));
    await cli(newDir, ["--format", "ha-recorder", copy(FIXTURE, dir)]);
    const r = await cli(oldDir, ["--format", "ha-recorder", old]);
    expect(r.code).toBe(0);
    // SQLite's strftime keeps milliseconds where Home Assistant wrote microseconds: compare to the second.
    const key = (e: { ts: number; entity: string; state: string; user?: string }) =>
      `${Math.floor(e.ts / 1000)}|${e.entity}|${e.state}|${e.user ?? ""}`;
    const distinct = (dir: string) => [...new Set(stored(dir).map(key))].sort();
    expect(distinct(oldDir)).toHaveLength(595);
    expect(distinct(oldDir)).toEqual(distinct(newDir));
    // Before schema 25 the attributes were each row's own: the classes are read from there.
    expect(deviceClasses(oldDir, Object.keys(CLASSED))).toEqual(CLASSED);
    expect(units(oldDir, Object.keys(UNITS))).toEqual(UNITS);
  });
});

function copy(file: string, dir: string): string {
  const to = path.join(dir, "home-assistant_v2.db");
  copyFileSync(file, to);
  return to;
}
