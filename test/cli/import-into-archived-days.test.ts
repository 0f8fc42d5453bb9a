// Importing history into days already archived and purged from L1 merges it with their archived events.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { DuckDb } from "../../src/storage/duckdb/duckdb-database.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-reopen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIRST_IMPORT_AT = Date.UTC(2026, 10, 23, 12);
const SECOND_IMPORT_AT = Date.UTC(2026, 10, 24, 12);
const THIRD_IMPORT_AT = Date.UTC(2026, 10, 25, 12);
const OLD_DAYS = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"];

/** Five old days of a kitchen and a hall light, plus two recent days. */
function firstRows(): string[] {
  const rows: string[] = [];
  for (const day of [...OLD_DAYS, "2026-11-20", "2026-11-21"]) {
    rows.push(
      `light.kitchen,on,${day}T07:00:00Z`,
      `light.kitchen,off,${day}T08:00:00Z`,
      `light.hall,on,${day}T19:00:00Z`,
      `light.hall,off,${day}T23:00:00Z`,
    );
  }
  return rows;
}

/**
 * Overlaps the first file on 2026-11-03 (its first kitchen row has no previous state here, the
 * archived one has: the archived one must win) and adds a porch light switched on that evening and
 * left on across midnight (so the two days after depend on it), the kitchen used once more that
 * evening, and a bedroom light on a recent day.
 */
function secondRows(): string[] {
  return [
    "light.kitchen,on,2026-11-03T07:00:00Z",
    "light.kitchen,off,2026-11-03T08:00:00Z",
    "light.porch,on,2026-11-03T20:00:00Z",
    "light.kitchen,on,2026-11-03T21:30:00Z",
    "light.kitchen,off,2026-11-03T21:45:00Z",
    "light.bedroom,on,2026-11-21T22:00:00Z",
    "light.bedroom,off,2026-11-21T23:00:00Z",
  ];
}

/**
 * New events on two adjacent old days (a garage light left on across midnight) and on the last
 * old day (an attic light switched on before midnight). New entities, so that each event's
 * previous state is the same whether the files come one by one or as one download.
 */
function thirdRows(): string[] {
  return [
    "light.garage,on,2026-11-01T06:00:00Z",
    "light.garage,off,2026-11-02T06:00:00Z",
    "light.garage,on,2026-11-02T12:00:00Z",
    "light.attic,on,2026-11-05T23:30:00Z",
  ];
}

/** Written as Home Assistant's history download is: by entity, each one's rows in time order. */
function csv(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  const byEntityThenTime = (row: string) => `${row.split(",")[0]},${row.split(",")[2]}`;
  const sorted = [...rows].sort((a, b) => (byEntityThenTime(a) < byEntityThenTime(b) ? -1 : 1));
  writeFileSync(file, `entity_id,state,last_changed\n${sorted.join("\n")}\n`);
  return file;
}

async function importInto(dataDir: string, file: string, at: number, flags: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("import", [...flags, file], {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(at),
    out: (l) => out.push(l.replace(file, path.basename(file))),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

/** Every L2 row of the old days and every L3 row, as stored. */
function aggregatesOf(dataDir: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    const store = new SqliteAggregateStore(stores.db);
    const daily: Record<string, unknown[]> = {};
    const kinds = new Set([...L2_KINDS, ...L3_KINDS.map((k) => k.source)].map((k) => k.name));
    for (const kind of kinds) daily[kind] = [...store.dayRows(kind, OLD_DAYS[0], "2026-11-22")];
    const periods: Record<string, unknown[]> = {};
    for (const pk of L3_KINDS) {
      const names = store.periodRecords(pk.name).map((r) => r.period);
      periods[pk.name] = [...store.periodRows(pk.name, names)];
    }
    const records = store
      .dayRecords()
      .map((r) => ({ day: r.day, events: r.eventCount, purged: r.rawPurgedAt !== null }));
    return { daily, periods, records };
  } finally {
    stores.close();
  }
}

/** The archive's events, oldest first, read back with DuckDB. */
async function archivedEvents(dataDir: string): Promise<unknown[][]> {
  const files = readdirSync(path.join(dataDir, "archive"))
    .filter((f) => f.endsWith(".parquet"))
    .map((f) => `'${path.join(dataDir, "archive", f)}'`);
  const duck = await DuckDb.open({ threads: 1 });
  try {
    const result = await duck.query(
      `SELECT ts, day, entity, state, previous, user_id, parent, source FROM read_parquet([${files.join(", ")}]) ORDER BY ts, entity, state`,
      { maxRows: 10_000, timeoutMs: 60_000 },
    );
    return result.rows;
  } finally {
    duck.close();
  }
}

/** Every table of the database and every archive file, as bytes: what "nothing changed" means. */
function fingerprint(dataDir: string): Record<string, string> {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  const out: Record<string, string> = {};
  try {
    const tables = stores.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    for (const { name } of tables) {
      const rows = stores.db.prepare(`SELECT * FROM "${name}"`).all();
      out[name] = createHash("sha256").update(JSON.stringify(rows)).digest("hex");
    }
  } finally {
    stores.close();
  }
  for (const f of readdirSync(path.join(dataDir, "archive")).sort()) {
    out[`archive/${f}`] = createHash("sha256")
      .update(readFileSync(path.join(dataDir, "archive", f)))
      .digest("hex");
  }
  return out;
}

describe("import into days already archived and purged from L1", () => {
  const first = csv("first.csv", firstRows());
  const second = csv("second.csv", secondRows());
  const union = csv("union.csv", [...firstRows(), ...secondRows().slice(2)]);
  const twice = path.join(dir, "twice");
  const once = path.join(dir, "once");

  it("merges the new events with the archived ones, as one import of both files would have stored them", async () => {
    const a = await importInto(twice, first, FIRST_IMPORT_AT);
    expect(a.code, a.err.join("\n")).toBe(0);
    expect(a.out.at(-2)).toBe("5 of 7 days older than the 7-day raw retention: rolled up and archived");
    // The old days left L1: only the archive holds their events now.
    expect(
      aggregatesOf(twice)
        .records.filter((r) => r.purged)
        .map((r) => r.day),
    ).toEqual([...OLD_DAYS, "2026-11-06", "2026-11-07"]);

    const b = await importInto(twice, second, SECOND_IMPORT_AT);
    expect(b.code, b.err.join("\n")).toBe(0);
    expect(b.out).toEqual([
      "imported second.csv: 8 lines read: 5 events stored, 2 already stored, 0 refused, 1 left out; 3 entities (2 with an area)",
      "  left out: 1 header",
      "1 archived day reopened: 2026-11-03 (merged with 4 archived events; 2026-11-04, 2026-11-05 rolled up again for the states carried into them)",
      "1 of 2 days older than the 7-day raw retention: rolled up and archived",
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);

    const u = await importInto(once, union, SECOND_IMPORT_AT);
    expect(u.code, u.err.join("\n")).toBe(0);

    const merged = aggregatesOf(twice);
    const single = aggregatesOf(once);
    expect(merged.daily).toEqual(single.daily);
    expect(merged.periods).toEqual(single.periods);
    expect(merged.records).toEqual(single.records);
    expect(merged.records.find((r) => r.day === "2026-11-03")).toEqual({ day: "2026-11-03", events: 7, purged: true });
    const archived = await archivedEvents(twice);
    expect(archived).toEqual(await archivedEvents(once));
    expect(archived.filter((r) => r[1] === "2026-11-03").map((r) => `${r[2]} ${r[3]}`)).toEqual([
      "light.kitchen on",
      "light.kitchen off",
      "light.hall on",
      "light.porch on",
      "light.kitchen on",
      "light.kitchen off",
      "light.hall off",
    ]);
  }, 120_000);

  it("merges what an earlier, stopped import left in an archived day before importing, so the counts stay exact", async () => {
    const leftover = path.join(dir, "leftover");
    expect((await importInto(leftover, first, FIRST_IMPORT_AT)).code).toBe(0);
    // What an import stopped by a full disk leaves behind: two rows of the second file in L1, one the archive holds.
    const stores = openSqliteStores({ dataDir: leftover, logger: createMemoryLogger(), now: () => 0 });
    stores.events.append([
      { ts: Date.parse("2026-11-03T07:00:00Z"), entity: "light.kitchen", state: "on", source: "import:csv" },
      { ts: Date.parse("2026-11-03T20:00:00Z"), entity: "light.porch", state: "on", source: "import:csv" },
    ]);
    stores.close();
    const b = await importInto(leftover, second, SECOND_IMPORT_AT);
    expect(b.code, b.err.join("\n")).toBe(0);
    // The kitchen's two rows are archived, the porch's was stored by the stopped run: 3 already stored.
    expect(b.out.slice(0, 3)).toEqual([
      "imported second.csv: 8 lines read: 4 events stored, 3 already stored, 0 refused, 1 left out; 3 entities (2 with an area)",
      "  left out: 1 header",
      "1 archived day reopened: 2026-11-03 (merged with 4 archived events; 2026-11-04, 2026-11-05 rolled up again for the states carried into them)",
    ]);
    const merged = aggregatesOf(leftover);
    const single = aggregatesOf(once);
    expect(merged.daily).toEqual(single.daily);
    expect(merged.periods).toEqual(single.periods);
    expect(await archivedEvents(leftover)).toEqual(await archivedEvents(once));
  }, 120_000);

  it("reopens several days at once, with the purged days after them that held no events", async () => {
    const third = csv("third.csv", thirdRows());
    const c = await importInto(twice, third, THIRD_IMPORT_AT);
    expect(c.code, c.err.join("\n")).toBe(0);
    expect(c.out.slice(2)).toEqual([
      "3 archived days reopened: 2026-11-01, 2026-11-02, 2026-11-05 (merged with 12 archived events; 2026-11-03, 2026-11-04, 2026-11-06, 2026-11-07 rolled up again for the states carried into them)",
      "3 of 3 days older than the 7-day raw retention: rolled up and archived",
    ]);
    const all = path.join(dir, "all");
    const u = await importInto(
      all,
      csv("all.csv", [...firstRows(), ...secondRows().slice(2), ...thirdRows()]),
      THIRD_IMPORT_AT,
    );
    expect(u.code, u.err.join("\n")).toBe(0);
    const merged = aggregatesOf(twice);
    const single = aggregatesOf(all);
    expect(merged.daily).toEqual(single.daily);
    expect(merged.periods).toEqual(single.periods);
    expect(merged.records).toEqual(single.records);
    expect(await archivedEvents(twice)).toEqual(await archivedEvents(all));
    // Seven days of the first file, five events of the second, four of the third.
    expect((await archivedEvents(twice)).length).toBe(7 * 4 + 5 + 4);
  }, 120_000);

  it("stores nothing and changes nothing when the same file is imported again", async () => {
    const before = fingerprint(twice);
    const again = await importInto(twice, second, THIRD_IMPORT_AT);
    expect(again.code, again.err.join("\n")).toBe(0);
    expect(again.out.slice(0, 2)).toEqual([
      "imported second.csv: 8 lines read: 0 events stored, 7 already stored, 0 refused, 1 left out; 3 entities (0 with an area)",
      "  left out: 1 header",
    ]);
    expect(again.out.join("\n")).not.toContain("reopened");
    expect(fingerprint(twice)).toEqual(before);
  }, 120_000);
});

describe("an import into an archived day whose archive file is gone", () => {
  it("leaves the day's aggregates as they were rather than roll it up from the new events alone", async () => {
    const dataDir = path.join(dir, "lost");
    expect((await importInto(dataDir, csv("lost-first.csv", firstRows()), FIRST_IMPORT_AT)).code).toBe(0);
    // What the storage budget does to the oldest archive files when space runs short.
    rmSync(path.join(dataDir, "archive", "day=2026-11-03.parquet"));
    const before = aggregatesOf(dataDir);
    const b = await importInto(dataDir, csv("lost-second.csv", secondRows()), SECOND_IMPORT_AT);
    expect(b.code, b.err.join("\n")).toBe(0);
    expect(b.out.slice(2)).toEqual([
      "  2026-11-03 not reopened, its archive file was removed (storage budget): its new events are not kept, its aggregates stay as they were",
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);
    const after = aggregatesOf(dataDir);
    for (const kind of Object.keys(before.daily)) {
      const oldDays = (rows: unknown[]) => rows.filter((r) => (r as { at: string }).at < "2026-11-16");
      expect(oldDays(after.daily[kind]), kind).toEqual(oldDays(before.daily[kind]));
    }
  }, 120_000);
});

describe("a recorder database imported again over archived days", () => {
  const RECORDER = path.join(import.meta.dirname, "../fixtures/ha-recorder/home-assistant_v2.db");
  // Weeks after the recording: its day is archived and gone from L1 after the first import.
  const AT = Date.UTC(2027, 0, 15, 12);
  const recorder = path.join(dir, "recorder");
  const dataDir = path.join(dir, "recorder-data");
  const flags = ["--format", "ha-recorder", "--from-start", "--time-zone", "UTC"];

  it("merges the rows recorded since into the archived day, then changes nothing when read again", async () => {
    mkdirSync(recorder);
    const copy = path.join(recorder, "home-assistant_v2.db");
    copyFileSync(RECORDER, copy);
    const a = await importInto(dataDir, copy, AT, flags);
    expect(a.code, a.err.join("\n")).toBe(0);
    expect(a.out.at(-1)).toBe("1 of 1 days older than the 7-day raw retention: rolled up and archived");

    // The living room light switched on and off once more, ten minutes after its last row.
    const db = openSqlite({ file: copy });
    db.exec(`INSERT INTO states (state, last_updated_ts, metadata_id) VALUES
      ('on', 1796605768.377894 + 600, 3), ('off', 1796605768.377894 + 660, 3)`);
    db.close();
    const b = await importInto(dataDir, copy, AT, flags);
    expect(b.code, b.err.join("\n")).toBe(0);
    expect(b.out[0]).toMatch(/^imported home-assistant_v2\.db: 821 rows read: 2 events stored, 718 already stored, /);
    expect(b.out).toContain(
      "1 archived day reopened: 2026-12-07 (merged with 716 archived events; 2026-12-08, 2026-12-09 rolled up again for the states carried into them)",
    );
    const archived = await archivedEvents(dataDir);
    expect(archived.length).toBe(718);
    expect(
      archived
        .filter((r) => r[2] === "input_boolean.living_room_light")
        .slice(-2)
        .map((r) => r[3]),
    ).toEqual(["on", "off"]);

    const before = fingerprint(dataDir);
    const again = await importInto(dataDir, copy, AT, flags);
    expect(again.code, again.err.join("\n")).toBe(0);
    expect(again.out[0]).toMatch(/: 821 rows read: 0 events stored, 720 already stored, /);
    expect(again.out.join("\n")).not.toContain("reopened");
    expect(fingerprint(dataDir)).toEqual(before);
  }, 120_000);
});

describe("an import into archived days past the daily retention", () => {
  it("rewrites their archive; weeks and months that lost their other daily rows keep what they had, and say so", async () => {
    const june = (days: number) => {
      const rows: string[] = [];
      for (let d = 1; d <= days; d++) {
        const day = `2026-06-${String(d).padStart(2, "0")}`;
        rows.push(`light.kitchen,on,${day}T07:00:00Z`, `light.kitchen,off,${day}T08:00:00Z`);
      }
      return rows;
    };
    const extra = ["light.garage,on,2026-06-05T12:00:00Z", "light.garage,off,2026-06-05T13:00:00Z"];
    const dataDir = path.join(dir, "june");
    const a = await importInto(dataDir, csv("june.csv", june(10)), FIRST_IMPORT_AT);
    expect(a.code, a.err.join("\n")).toBe(0);
    const b = await importInto(dataDir, csv("june-garage.csv", [...june(10).slice(8, 10), ...extra]), FIRST_IMPORT_AT);
    expect(b.code, b.err.join("\n")).toBe(0);
    expect(b.out.slice(2)).toEqual([
      "1 archived day reopened: 2026-06-05 (merged with 2 archived events; 2026-06-06, 2026-06-07 rolled up again for the states carried into them)",
      "1 of 1 days older than the 7-day raw retention: rolled up and archived",
      "  1 of them are past the 90-day daily retention too: their events stay in the archive (home-patterns analytics)",
      "  4 weekly or monthly aggregates keep what they had (contextual_monthly 2026-06, day_type_weekly 2026-06-01, seasonal_monthly 2026-06, session_weekly 2026-06-01): some of their days have left the 90-day daily retention, so the new events are not added to them (the archive has them)",
    ]);
    const union = path.join(dir, "june-union");
    expect((await importInto(union, csv("june-all.csv", [...june(10), ...extra]), FIRST_IMPORT_AT)).code).toBe(0);
    expect(await archivedEvents(dataDir)).toEqual(await archivedEvents(union));
  }, 120_000);
});
