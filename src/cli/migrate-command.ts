// `home-patterns migrate [--dry-run] [--to <version>]`: shows and applies (or rolls back) schema steps.
import { existsSync } from "node:fs";
import path from "node:path";
import { currentVersion, migrate, readMigrations } from "../storage/migrate.js";
import { openSqlite } from "../storage/sqlite/sqlite-database.js";
import { migrationsDir } from "../storage/sqlite/sqlite-stores.js";
import type { ParsedArgs } from "./parse-args.js";

/** What is wrong with `--to`, or undefined when it is absent or a version number. */
export function migrateToProblem(args: ParsedArgs): string | undefined {
  if (args.flags.to === undefined) return undefined;
  const to = Number(args.flags.to);
  return Number.isInteger(to) && to >= 0
    ? undefined
    : `--to needs a migration version number, got ${String(args.flags.to)}`;
}

export function runMigrateCommand(
  args: ParsedArgs,
  deps: { dataDir: string; out: (line: string) => void; err: (line: string) => void },
): number {
  let to: number | undefined;
  if (args.flags.to !== undefined) {
    to = Number(args.flags.to);
    if (!Number.isInteger(to) || to < 0) {
      deps.err(`--to needs a migration version number, got ${String(args.flags.to)}`);
      return 2;
    }
  }
  const dryRun = args.flags["dry-run"] === true;
  const file = path.join(deps.dataDir, "home-patterns.sqlite");
  if (dryRun && !existsSync(file)) {
    // A preview must not create the database it previews.
    const files = readMigrations(migrationsDir()).filter((m) => to === undefined || m.version <= to);
    for (const m of files) deps.out(`would apply ${String(m.version).padStart(4, "0")}_${m.name}`);
    deps.out(
      `dry run: no database yet in ${deps.dataDir}; would create it at version ${files.at(-1)?.version ?? 0}; nothing was changed`,
    );
    return 0;
  }
  const db = openSqlite({ file });
  try {
    const files = readMigrations(migrationsDir());
    const before = currentVersion(db);
    const verb = (direction: "up" | "down") =>
      dryRun
        ? direction === "up"
          ? "would apply"
          : "would roll back"
        : direction === "up"
          ? "applying"
          : "rolling back";
    const steps = migrate(db, files, {
      to,
      dryRun,
      onStep: (s) => deps.out(`${verb(s.direction)} ${String(s.version).padStart(4, "0")}_${s.name}`),
    });
    if (steps.length === 0) deps.out(`schema is at version ${before}: nothing to do`);
    else if (dryRun) {
      const target = to ?? files[files.length - 1].version;
      deps.out(`dry run: would take the schema from version ${before} to ${target}; nothing was changed`);
    } else deps.out(`schema version ${before} → ${currentVersion(db)}`);
    return 0;
  } finally {
    db.close();
  }
}
