// Whoever runs the service sees rows with unknown dictionary ids: in /api/health's sqlite entry and in /api/metrics.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { SqliteEventStore } from "../../src/storage/sqlite/sqlite-event-store.js";
import { migrationsDir } from "../../src/storage/sqlite/sqlite-stores.js";
import type { HealthResponse } from "../../src/web/api-types.js";

const T0 = Date.now() - 3 * 3_600_000;
let app: RunningApp;
let dataDir: string;
const logger = createMemoryLogger("warn");

/** A store at schema 10 holding two events whose entity, and one whose state, no dictionary has, and their counters. */
function writeStoreWithDanglingRows(file: string): void {
  const db = openSqlite({ file });
  migrate(db, readMigrations(migrationsDir()), { to: 10 });
  new SqliteEventStore(db).append([{ ts: T0, entity: "light.kitchen", state: "on", source: "ha" }]);
  const insert = db.prepare("INSERT INTO events (ts, entity, state, source) VALUES (?, ?, ?, 1)");
  insert.run(T0 + 1_000, 4711, 1);
  insert.run(T0 + 2_000, 4711, 1);
  insert.run(T0 + 3_000, 1, 4712);
  // Counted per hour as the store counts what it writes.
  const hour = Math.trunc(T0 / 3_600_000) * 3_600_000;
  db.prepare("UPDATE event_counts SET n = n + 1 WHERE entity = 1").run();
  db.prepare("INSERT INTO event_counts (hour, entity, source, n) VALUES (?, 4711, 1, 2)").run(hour);
  db.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-dangling-app-"));
  writeStoreWithDanglingRows(path.join(dataDir, "home-patterns.sqlite"));
  const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: "0" }, command: "demo", cwd: dataDir });
  app = await startApp(config, { clock: systemClock, logger, demo: { seed: 3, speed: 60, historyDays: 1 } });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function sqliteEntry() {
  const health = (await (await fetch(`${app.url}/api/health`)).json()) as HealthResponse;
  return health.stores.find((s) => s.name === "sqlite");
}

async function danglingMetric(): Promise<string[]> {
  const text = await (await fetch(`${app.url}/api/metrics`)).text();
  return text.split("\n").filter((l) => l.startsWith("home_patterns_dangling_rows_total"));
}

describe("a store opened with rows whose ids no dictionary has", () => {
  it("warns once at start with the count per table", () => {
    const warnings = logger.lines.filter((l) => l.includes("no dictionary has"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('removed={"events":3,"event_counts":1}');
  });

  it("shows what was removed at open in /api/health and /api/metrics", async () => {
    expect(await sqliteEntry()).toEqual({
      name: "sqlite",
      status: "ok",
      detail: "open; 4 rows with ids no dictionary has removed at start",
      danglingRows: { removedAtOpen: { events: 3, event_counts: 1 }, skippedOnRead: 0 },
    });
    expect(await danglingMetric()).toEqual([
      'home_patterns_dangling_rows_total{action="removed_at_open"} 4',
      'home_patterns_dangling_rows_total{action="skipped_on_read"} 0',
    ]);
  });

  it("counts a row only the analytics child read and skipped, as the service's own", async () => {
    // Stamped a year ahead with a state no dictionary has: of all readers, only the analytics
    // views (which take in events stamped in the future) read it, and they run in a child process.
    const ts = Date.now() + 365 * 86_400_000;
    const db = openSqlite({ file: path.join(dataDir, "home-patterns.sqlite") });
    db.prepare("INSERT INTO events (ts, entity, state, source) VALUES (?, 1, 4799, 1)").run(ts);
    db.prepare("INSERT INTO event_counts (hour, entity, source, n) VALUES (?, 1, 1, 1)").run(
      Math.trunc(ts / 3_600_000) * 3_600_000,
    );
    db.close();
    const before = (await sqliteEntry())?.danglingRows?.skippedOnRead ?? Number.NaN;
    const res = await fetch(`${app.url}/api/analytics`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sql: "SELECT count(*) AS n FROM events WHERE entity = 'light.kitchen'" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).rows).toEqual([[1]]);
    const entry = await sqliteEntry();
    expect(entry?.danglingRows?.skippedOnRead).toBe(before + 1);
    expect(entry?.detail).toContain(`${before + 1} such rows skipped on read`);
    expect(await danglingMetric()).toContain(
      `home_patterns_dangling_rows_total{action="skipped_on_read"} ${before + 1}`,
    );
  });

  it("counts a row written with an unknown id after the start as skipped, and the API still answers", async () => {
    const db = openSqlite({ file: path.join(dataDir, "home-patterns.sqlite") });
    db.prepare("INSERT INTO event_counts (hour, entity, source, n) VALUES (?, 4711, 1, 7)").run(
      Math.trunc(T0 / 3_600_000) * 3_600_000,
    );
    db.close();
    const res = await fetch(`${app.url}/api/entities`);
    expect(res.status).toBe(200);
    const entry = await sqliteEntry();
    expect(entry?.danglingRows?.skippedOnRead).toBeGreaterThan(0);
    const skipped = (await danglingMetric()).find((l) => l.includes("skipped_on_read"));
    expect(Number(skipped?.split(" ")[1])).toBe(entry?.danglingRows?.skippedOnRead);
  });
});
