// Applies numbered SQL migrations (up and down files) inside transactions, recorded with checksums.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { registerAggregateCodec } from "./sqlite/aggregate-codec.js";
import type { SqliteDb } from "./sqlite/sqlite-database.js";

export interface MigrationFile {
  version: number;
  name: string;
  up: string;
  down?: string;
  checksum: string;
}

export interface MigrationStep {
  version: number;
  name: string;
  direction: "up" | "down";
}

export interface MigrateOptions {
  /** Target version: lower than the current one rolls back with the down files. Default: latest. */
  to?: number;
  dryRun?: boolean;
  /** Called once per step, before it runs (or instead of running it, in a dry run). */
  onStep?: (step: MigrationStep) => void;
  /** Time recorded in schema_history. */
  now?: () => number;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const byVersion = new Map<number, Partial<MigrationFile> & { version: number; name: string }>();
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    if (!m) continue;
    const version = Number(m[1]);
    const entry = byVersion.get(version) ?? { version, name: m[2] };
    if (entry.name !== m[2]) throw new Error(`migration ${version} has two names: ${entry.name} and ${m[2]}`);
    const sql = readFileSync(path.join(dir, file), "utf8");
    if (m[3] === "up") entry.up = sql;
    else entry.down = sql;
    byVersion.set(version, entry);
  }
  return [...byVersion.values()]
    .map((e) => {
      if (!e.up) throw new Error(`migration ${e.version}_${e.name} has no .up.sql file`);
      return { ...e, up: e.up, checksum: createHash("sha256").update(e.up).digest("hex") } as MigrationFile;
    })
    .sort((a, b) => a.version - b.version);
}

export function currentVersion(db: SqliteDb): number {
  ensureHistory(db);
  const row = db.prepare("SELECT max(version) AS v FROM schema_history").get() as { v: number | null };
  return row.v ?? 0;
}

/** Brings the schema to `to` (default latest). Returns the steps taken (or planned, when dry). */
export function migrate(db: SqliteDb, migrations: MigrationFile[], options: MigrateOptions = {}): MigrationStep[] {
  ensureHistory(db);
  const applied = db.prepare("SELECT version, name, checksum FROM schema_history ORDER BY version").all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = known.get(row.version);
    if (!file) throw new Error(`database has migration ${row.version}_${row.name}, which this version does not know`);
    if (file.checksum !== row.checksum) {
      throw new Error(`migration ${row.version}_${row.name} was changed after it was applied (checksum differs)`);
    }
  }
  const current = applied.length ? applied[applied.length - 1].version : 0;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const target = options.to ?? latest;
  if (target !== 0 && !known.has(target)) throw new Error(`no migration with version ${target}`);

  const steps: { step: MigrationStep; file: MigrationFile }[] = [];
  if (target >= current) {
    for (const m of migrations) {
      if (m.version > current && m.version <= target)
        steps.push({ step: { version: m.version, name: m.name, direction: "up" }, file: m });
    }
  } else {
    for (const m of [...migrations].reverse()) {
      if (m.version <= current && m.version > target) {
        if (!m.down) throw new Error(`migration ${m.version}_${m.name} has no .down.sql: cannot roll back past it`);
        steps.push({ step: { version: m.version, name: m.name, direction: "down" }, file: m });
      }
    }
  }
  // Migrations that convert L2/L3 rows call the codec's SQL functions.
  if (steps.length > 0 && !options.dryRun) registerAggregateCodec(db);
  for (const { step, file } of steps) {
    options.onStep?.(step);
    if (options.dryRun) continue;
    const run = db.transaction(() => {
      if (step.direction === "up") {
        db.exec(file.up);
        db.prepare("INSERT INTO schema_history (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)").run(
          file.version,
          file.name,
          file.checksum,
          (options.now ?? Date.now)(),
        );
      } else {
        db.exec(file.down!);
        db.prepare("DELETE FROM schema_history WHERE version = ?").run(file.version);
      }
    });
    run();
  }
  return steps.map((s) => s.step);
}

function ensureHistory(db: SqliteDb): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
}
