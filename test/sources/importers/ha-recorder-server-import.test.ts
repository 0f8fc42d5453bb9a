// Importing a recorder that a real Home Assistant 2023.12 wrote to MariaDB and to PostgreSQL (dumps in test/fixtures/ha-recorder), given its db_url.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands.js";
import { runRecordImport } from "../../../src/cli/record-import-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { haRecorderServerSource } from "../../../src/sources/importers/ha-recorder-server.js";
import { connectMysql } from "../../../src/sources/importers/mysql-client.js";
import { connectPostgres } from "../../../src/sources/importers/postgres-client.js";
import type { RecordSource } from "../../../src/sources/importers/record-importer.js";
import { HA_RECORDER_SOURCE } from "../../../src/sources/importers/recorder-rows.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { mariadbInstalled, type RunningMariadb, startMariadb } from "../../support/mariadb-server.js";
import { postgresBin, type RunningPostgres, startPostgres } from "../../support/postgres-server.js";
import { recorderFixtureClock } from "../../support/recorder-fixture-clock.js";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/ha-recorder");
const installed = mariadbInstalled() && postgresBin() !== null;
if (!installed)
  console.warn("skipping the MariaDB/PostgreSQL recorder test: apt-get install mariadb-server postgresql");

let maria: RunningMariadb;
let postgres: RunningPostgres;
let mariaUrl: string;
let postgresUrl: string;

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

function stored(dataDir: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return stores.events.query({ from: 0, to: Number.MAX_SAFE_INTEGER });
  } finally {
    stores.close();
  }
}

function unitOf(dataDir: string, entity: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return stores.registry.unitOf(entity);
  } finally {
    stores.close();
  }
}

function deviceClassOf(dataDir: string, entity: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return stores.registry.deviceClassOf(entity);
  } finally {
    stores.close();
  }
}

describe.skipIf(!installed)("import --format ha-recorder <db_url>", () => {
  beforeAll(async () => {
    [maria, postgres] = await Promise.all([startMariadb(), startPostgres()]);
    // As Home Assistant's documentation sets a recorder database up: its own user and database.
    await maria.exec(`CREATE DATABASE homeassistant CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER 'homeassistant'@'%' IDENTIFIED BY 'ha-password';
      GRANT ALL PRIVILEGES ON homeassistant.* TO 'homeassistant'@'%';`);
    await maria.exec(readFileSync(path.join(FIXTURES, "mariadb-recorder.sql"), "utf8"), "homeassistant");
    mariaUrl = `mysql://homeassistant:ha-password@127.0.0.1:${maria.port}/homeassistant?charset=utf8mb4`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query("CREATE USER homeassistant PASSWORD 'ha-password'");
    await admin.query("CREATE DATABASE homeassistant OWNER homeassistant");
    await admin.end();
    postgresUrl = postgres.url
      .replace("postgres@", "homeassistant:ha-password@")
      .replace(/\/postgres$/, "/homeassistant");
    const loader = new pg.Client({ connectionString: postgresUrl });
    await loader.connect();
    // pg_dump's \restrict lines are psql's, not SQL.
    const dump = readFileSync(path.join(FIXTURES, "postgresql-recorder.sql"), "utf8");
    await loader.query(dump.replace(/^\\.*$/gm, ""));
    await loader.end();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([maria?.stop(), postgres?.stop()]);
  });

  /** The owner who changed the entities through Home Assistant's API, as each run's recorder wrote them. */
  const OWNER = { mariadb: "318dcc47a5e94855a04443ad50ca4b26", postgresql: "f27111d134974edab6a6aeebc7b3e2ed" };
  const urlOf = (kind: "mariadb" | "postgresql") => (kind === "mariadb" ? mariaUrl : postgresUrl);

  for (const kind of ["mariadb", "postgresql"] as const) {
    it(`stores what a real Home Assistant recorded on ${kind}: each change once, with who made it`, async () => {
      const url = urlOf(kind);
      const shown = url.replace(":ha-password@", ":***@");
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `hp-recorder-${kind}-`));
      const r = await cli(dataDir, ["--format", "ha-recorder", url]);
      expect(r.code, r.err.join("\n")).toBe(0);
      expect(r.out).toEqual([
        `imported ${shown}: 26 rows read: 25 events stored, 0 already stored, 0 refused, 1 left out; 4 entities (3 with an area)`,
        "  left out: 1 attribute update",
      ]);
      // The password never shows.
      expect([...r.out, ...r.err].join("\n")).not.toContain("ha-password");
      const events = stored(dataDir);
      // Home Assistant's start: each entity's first state, all in the same millisecond.
      expect(
        events
          .slice(0, 4)
          .map((e) => `${e.entity}=${e.state}`)
          .sort(),
      ).toEqual([
        "input_boolean.hall_light=off",
        "input_boolean.kitchen_light=off",
        "input_number.living_room_temperature_target=15.0",
        "input_select.house_mode=Home",
      ]);
      const round = (target: string) => [
        "input_boolean.kitchen_light off→on",
        "input_boolean.hall_light off→on",
        `input_number.living_room_temperature_target ${target}`,
        "input_boolean.hall_light on→off",
        "input_select.house_mode Home→Night",
        "input_boolean.kitchen_light on→off",
        "input_select.house_mode Night→Home",
      ];
      expect(events.slice(4).map((e) => `${e.entity} ${e.previous}→${e.state}`)).toEqual([
        ...round("15.0→19.5"),
        ...round("19.5→20.5"),
        ...round("20.5→21.5"),
      ]);
      expect(new Set(events.slice(4).map((e) => e.user))).toEqual(new Set([OWNER[kind]]));
      expect(new Set(events.map((e) => e.source))).toEqual(new Set(["import:ha-recorder"]));

      // Run again: it goes on after the last row it read, and stores nothing twice.
      const again = await cli(dataDir, ["--format", "ha-recorder", url]);
      expect(again.err).toContain(`resuming ${shown} after position ${kind === "mariadb" ? 28 : 27}`);
      expect(again.out[0]).toBe(
        `imported ${shown}: 0 rows read: 0 events stored, 0 already stored, 0 refused, 0 left out; 0 entities (0 with an area)`,
      );
      expect(stored(dataDir)).toHaveLength(25);
    });

    it(`resumes a ${kind} import that was cut off after the last stored page`, async () => {
      const url = urlOf(kind);
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `hp-recorder-${kind}-cut-`));
      const config = loadConfig({ env: { DATA_DIR: dataDir }, command: "offline", cwd: dataDir, timeZone: "UTC" });
      const real = haRecorderServerSource({
        url,
        connect: kind === "mariadb" ? connectMysql : connectPostgres,
        chunkRows: 10,
      });
      const failing: RecordSource = {
        target: real.target,
        count: (after) => real.count(after),
        async *chunks(after) {
          let n = 0;
          for await (const chunk of real.chunks(after)) {
            if (++n > 1) throw new Error("server has gone away");
            yield chunk;
          }
        },
        close: () => real.close?.(),
      };
      const ctx = { env: {}, cwd: dataDir, clock: recorderFixtureClock, out: () => undefined, err: () => undefined };
      await expect(
        runRecordImport({ name: HA_RECORDER_SOURCE, source: failing, fromStart: false }, config, ctx),
      ).rejects.toThrow("server has gone away");
      expect(stored(dataDir)).toHaveLength(10);
      const r = await cli(dataDir, ["--format", "ha-recorder", url]);
      expect(r.out[0]).toMatch(/: 16 rows read: 15 events stored, 0 already stored, 0 refused, 1 left out;/);
      expect(stored(dataDir)).toHaveLength(25);
    });
  }

  it("keeps the device class and unit the recorded attributes name, on both servers", async () => {
    // The fixture's helpers name none: give the temperature target's shared attributes the class a
    // temperature sensor's carry, as the recorder would have stored them.
    const attrs = `'{"initial":null,"unit_of_measurement":"°C","device_class":"temperature","friendly_name":"Living room temperature target"}'`;
    const update = `UPDATE state_attributes SET shared_attrs = ${attrs} WHERE shared_attrs LIKE '%Living room temperature target%'`;
    await maria.exec(update, "homeassistant");
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(update);
    await client.end();
    for (const kind of ["mariadb", "postgresql"] as const) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `hp-recorder-${kind}-class-`));
      expect((await cli(dataDir, ["--format", "ha-recorder", urlOf(kind)])).code).toBe(0);
      expect(deviceClassOf(dataDir, "input_number.living_room_temperature_target"), kind).toBe("temperature");
      expect(deviceClassOf(dataDir, "input_boolean.hall_light"), kind).toBeNull();
      expect(unitOf(dataDir, "input_number.living_room_temperature_target"), kind).toBe("°C");
      expect(unitOf(dataDir, "input_boolean.hall_light"), kind).toBeNull();
    }
  });

  it("says why it cannot read: a wrong password, a database that is no recorder", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-recorder-refused-"));
    const wrong = await cli(dataDir, ["--format", "ha-recorder", mariaUrl.replace("ha-password", "wrong")]);
    expect(wrong.code).toBe(1);
    expect(wrong.err.at(-1)).toBe(
      `import failed: cannot read mysql://homeassistant:***@127.0.0.1:${maria.port}/homeassistant?charset=utf8mb4: Access denied for user 'homeassistant'@'localhost' (using password: YES)`,
    );
    const other = await cli(dataDir, ["--format", "ha-recorder", postgres.url]);
    expect(other.code).toBe(1);
    expect(other.err.at(-1)).toBe(
      `import failed: cannot read ${postgres.url}: not a Home Assistant recorder database: no states table with state_id and state`,
    );
  });
});
