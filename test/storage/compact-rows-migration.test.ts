// Migration 0010 on a database as the current release (schema 9) leaves it: every chain and pair survives up and down.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { migrationsDir } from "../../src/storage/sqlite/sqlite-stores.js";

// The demo of release 0.1.0 with two days of history; migrated to 9 it is what the current release keeps.
const FIXTURE = path.join(import.meta.dirname, "../fixtures/release-0.1.0/home-patterns.sqlite.gz");

function openAtNine(): SqliteDb {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hp-0010-")), "home-patterns.sqlite");
  writeFileSync(file, gunzipSync(readFileSync(FIXTURE)));
  const db = openSqlite({ file });
  migrate(db, readMigrations(migrationsDir()), { to: 9 });
  return db;
}

/** The text each blob of a table inflates to, by day. */
function blobTexts(db: SqliteDb, table = "sequence_daily"): Map<string, string> {
  const rows = db.prepare(`SELECT day, data FROM ${table} ORDER BY day`).all() as { day: string; data: Buffer }[];
  return new Map(rows.map((r) => [r.day, inflateRawSync(r.data).toString("utf8")]));
}

function allRows(db: SqliteDb, table: string): [string, string, unknown][] {
  return [...new SqliteAggregateStore(db).dayRows(table, "0000-00-00", "9999-99-99")].map((r) => [
    r.at,
    r.key,
    r.value,
  ]);
}

describe("migration 0010 (compact sequence_daily and co_occurrence_daily blobs)", () => {
  it("keeps every chain and pair exactly, in less than half the text, and gives 0009's blobs back on the way down", () => {
    const db = openAtNine();
    expect(currentVersion(db)).toBe(9);
    const before = allRows(db, "sequence_daily");
    const textsBefore = blobTexts(db);
    const pairs = allRows(db, "co_occurrence_daily");
    const pairTextsBefore = blobTexts(db, "co_occurrence_daily");
    const others = allRows(db, "time_based_daily");
    expect(before.length).toBe(1328);
    expect(pairs.length).toBe(760);
    expect([...textsBefore.values()].every((t) => t.startsWith('[["seq|'))).toBe(true);
    const migrations = readMigrations(migrationsDir());

    migrate(db, migrations, { to: 10 });
    const compact = blobTexts(db);
    expect([...compact.values()].every((t) => t.startsWith('{"codec":"sequence/1"'))).toBe(true);
    const size = (m: Map<string, string>) => [...m.values()].reduce((n, t) => n + t.length, 0);
    expect(size(compact)).toBeLessThan(size(textsBefore) / 2);
    // Strictly: the same keys and values, no field more or less.
    expect(allRows(db, "sequence_daily")).toStrictEqual(before);
    const pairTexts = blobTexts(db, "co_occurrence_daily");
    expect([...pairTexts.values()].every((t) => t.startsWith('{"codec":"co-occurrence/1"'))).toBe(true);
    expect(size(pairTexts)).toBeLessThan(size(pairTextsBefore) / 2);
    expect(allRows(db, "co_occurrence_daily")).toStrictEqual(pairs);
    expect(allRows(db, "time_based_daily")).toStrictEqual(others);

    migrate(db, migrations, { to: 9 });
    expect(blobTexts(db)).toEqual(textsBefore);
    expect(blobTexts(db, "co_occurrence_daily")).toEqual(pairTextsBefore);
    db.close();
  });

  it("writes new days compact, and leaves a blob whose rows are not chains in the JSON list", () => {
    const db = openAtNine();
    migrate(db, readMigrations(migrationsDir()), { to: 10 });
    const store = new SqliteAggregateStore(db);
    const chain = {
      steps: [
        { entity: "light.hall", state: "on" },
        { entity: "light.kitchen", state: "on" },
      ],
      count: 2,
      durationSumSec: 70,
      durationSqSumSec: 2500,
      durationMinSec: 20,
      durationMaxSec: 50,
      gapSumSec: [70],
      startQuarter: { "28": 1, "29": 1 },
      days: ["2027-01-04"],
      automated: 0,
      users: { u1: 2 },
    };
    store.replaceDay("sequence_daily", "2027-01-04", new Map([["seq|light.hall|on>light.kitchen|on", chain]]));
    store.replaceDay("sequence_daily", "2027-01-05", new Map([["not-a-chain", { count: 1 }]]));
    const texts = blobTexts(db);
    expect(texts.get("2027-01-04")).toMatch(/^\{"codec":"sequence\/1"/);
    expect(texts.get("2027-01-05")).toBe('[["not-a-chain",{"count":1}]]');
    expect([...store.dayRows("sequence_daily", "2027-01-04", "2027-01-05")]).toStrictEqual([
      { at: "2027-01-04", key: "seq|light.hall|on>light.kitchen|on", value: chain },
      { at: "2027-01-05", key: "not-a-chain", value: { count: 1 } },
    ]);
    db.close();
  });
});
