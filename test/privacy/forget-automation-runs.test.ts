// Forgetting an automation removes the run counts the quiet-automation check keeps, and export shows them first.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { automationRunDays, forgetInCatalog } from "../../src/privacy/sqlite-forget.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

let dir: string | undefined;
let stores: SqliteStores | undefined;
afterEach(() => {
  stores?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  stores = dir = undefined;
});

it("removes the forgotten automation's run days and keeps every other automation's", () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "hp-forget-runs-"));
  stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => Date.UTC(2026, 11, 7) });
  const add = stores.db.prepare(
    "INSERT INTO automation_run_days (automation, day, runs, last_ts, name) VALUES (?, ?, ?, ?, ?)",
  );
  add.run("automation.morning_lights", "2026-12-05", 1, Date.UTC(2026, 11, 5, 6), "Morning lights");
  add.run("automation.morning_lights", "2026-12-06", 2, Date.UTC(2026, 11, 6, 6), "Morning lights");
  add.run("automation.night_lock", "2026-12-06", 1, Date.UTC(2026, 11, 6, 22), "Night lock");
  const subject = { kind: "entity" as const, id: "automation.morning_lights" };

  expect(automationRunDays(stores.db, subject).map((r) => [r.day, r.runs])).toEqual([
    ["2026-12-05", 1],
    ["2026-12-06", 2],
  ]);
  expect(forgetInCatalog(stores.db, subject).automationRunDays).toBe(2);
  expect(stores.db.prepare("SELECT automation, day FROM automation_run_days").all()).toEqual([
    { automation: "automation.night_lock", day: "2026-12-06" },
  ]);
  // A person is no automation: their forget leaves the run counts alone.
  expect(forgetInCatalog(stores.db, { kind: "person", id: "automation.night_lock" }).automationRunDays).toBe(0);
});
