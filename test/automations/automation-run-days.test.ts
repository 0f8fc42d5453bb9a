// The run-days store contract, against SQLite (migration 0009 applied) and memory, and 0009 rolling back.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AutomationRunStore,
  MemoryAutomationRunStore,
  SqliteAutomationRunStore,
} from "../../src/automations/automation-run-days.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { migrationsDir, openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const backends: [string, () => AutomationRunStore][] = [
  [
    "sqlite",
    () => {
      const stores = openSqliteStores({
        dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-runs-")),
        logger: createMemoryLogger(),
        now: () => 0,
      });
      closers.push(() => stores.close());
      return new SqliteAutomationRunStore(stores.db);
    },
  ],
  ["memory", () => new MemoryAutomationRunStore()],
];

describe.each(backends)("automation run days in %s", (_name, open) => {
  it("adds runs of one day up, keeps the newest time and name, and lists days in a range", () => {
    const runs = open();
    runs.record({ automation: "automation.b", name: "B", day: "2026-11-02", ts: 2_000 });
    runs.record({ automation: "automation.a", name: "A", day: "2026-11-02", ts: 5_000 });
    runs.record({ automation: "automation.a", name: "A renamed", day: "2026-11-02", ts: 4_000 });
    runs.record({ automation: "automation.a", name: "A renamed", day: "2026-11-03", ts: 9_000 });
    expect(runs.daysBetween("2026-11-02", "2026-11-02")).toEqual([
      { automation: "automation.a", name: "A renamed", day: "2026-11-02", runs: 2, lastTs: 5_000 },
      { automation: "automation.b", name: "B", day: "2026-11-02", runs: 1, lastTs: 2_000 },
    ]);
    expect(runs.deleteBefore("2026-11-03")).toBe(2);
    expect(runs.daysBetween("2026-01-01", "2026-12-31").map((r) => [r.automation, r.day, r.runs])).toEqual([
      ["automation.a", "2026-11-03", 1],
    ]);
  });
});

it("migration 0009 creates automation_run_days and its down file removes it again", () => {
  const db = openSqlite({ file: ":memory:" });
  const migrations = readMigrations(migrationsDir());
  migrate(db, migrations);
  const tables = () =>
    db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'automation_run_days%' ORDER BY name").pluck().all();
  expect(tables()).toEqual(["automation_run_days", "automation_run_days_day"]);
  const below = Math.max(0, ...migrations.filter((m) => m.version < 9).map((m) => m.version));
  migrate(db, migrations, { to: below });
  expect(tables()).toEqual([]);
  expect(currentVersion(db)).toBe(below);
  db.close();
});
