// What the check for rows with unknown dictionary ids costs at store open, per million L1 events.
// Run: npm run build:bench && node dist-bench/bench/layers/dangling-rows-pass-cost.js [millions...]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createLogger } from "../../src/core/logger.js";
import { removeDanglingRows } from "../../src/storage/sqlite/dangling-rows-pass.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/**
 * A busy home's L1 as the store keeps it: 200K events a day over 400 entities, 2,000 states, 3
 * sources, 5 users on a tenth of the events and a context of their own on 3 in 10 (contexts are
 * unique per change, the largest dictionary), with every event's previous state. `gapped`: every
 * dictionary misses one id in its middle, as after a forget (the pass then looks ids up).
 */
function fill(db: SqliteDb, events: number, gapped: boolean): void {
  const perDay = 200_000;
  // The id of the x-th value (1-based) of a dictionary of n values.
  const id = (x: string, n: number) => (gapped ? `(${x} + (${x} > ${Math.floor(n / 2)}))` : x);
  const dictionary = (table: string, column: string, n: number, prefix: string) =>
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
      INSERT INTO ${table} (id, ${column}) SELECT ${id("i", n)}, '${prefix}' || i FROM n`);
  const contexts = Math.ceil(events * 0.3);
  db.transaction(() => {
    dictionary("entities", "entity_id", 400, "sensor.e");
    dictionary("states", "value", 2000, "s");
    dictionary("sources", "name", 3, "source");
    dictionary("users", "user_id", 5, "u");
    dictionary("contexts", "context_id", contexts, "ctx-");
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${events - 1})
      INSERT OR IGNORE INTO events (ts, entity, state, prev, user, parent, source)
      SELECT ${T0} + i * ${Math.floor(DAY / perDay)}, ${id("(i % 400 + 1)", 400)}, ${id("((i * 7) % 2000 + 1)", 2000)},
        ${id("((i * 7 + 1) % 2000 + 1)", 2000)}, CASE WHEN i % 10 = 0 THEN ${id("(i % 5 + 1)", 5)} END,
        CASE WHEN i % 10 < 3 THEN ${id("((i / 10) * 3 + i % 10 + 1)", contexts)} END, ${id("(i % 3 + 1)", 3)} FROM n`);
    db.exec(`INSERT INTO event_counts (hour, entity, source, n)
      SELECT (ts / 3600000) * 3600000, entity, source, count(*) FROM events GROUP BY 1, 2, 3`);
  })();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall and CPU milliseconds of fn (the machine is shared: CPU time is the steadier figure). */
function timed(fn: () => void): { wall: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  fn();
  const cpu = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 };
}

const quiet = createLogger("error", () => {});
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((x) => x > 0);
for (const millions of sizes.length > 0 ? sizes : [1]) {
  for (const gapped of [false, true]) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-dangling-bench-"));
    const file = path.join(dir, "home-patterns.sqlite");
    try {
      // Migrated (the flag row exists), then filled.
      openSqliteStores({ dataDir: dir, file, logger: quiet, now: () => T0 }).close();
      const db = openSqlite({ file });
      fill(db, millions * 1_000_000, gapped);
      const { n } = db.prepare("SELECT count(*) AS n FROM events").get() as { n: number };
      const full: { wall: number; cpu: number }[] = [];
      const clear: { wall: number; cpu: number }[] = [];
      for (let run = 0; run < 5; run++) {
        db.prepare("UPDATE integrity_checks SET pending = 1").run();
        full.push(timed(() => removeDanglingRows(db, () => T0)));
        clear.push(timed(() => removeDanglingRows(db, () => T0)));
      }
      const left = (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
      db.close();
      const opens: number[] = [];
      for (let run = 0; run < 5; run++) {
        opens.push(timed(() => openSqliteStores({ dataDir: dir, file, logger: quiet, now: () => T0 }).close()).wall);
      }
      const perMillion = (ms: number) => ((ms / n) * 1_000_000).toFixed(0);
      const wall = median(full.map((r) => r.wall));
      const cpu = median(full.map((r) => r.cpu));
      console.log(
        `${n} events, ${gapped ? "dictionaries with gaps" : "dense dictionaries"} (${n - left} removed): ` +
          `full pass ${perMillion(wall)} ms wall / ${perMillion(cpu)} ms CPU per million events (median of 5; wall ${full.map((r) => r.wall.toFixed(0)).join(", ")}); ` +
          `flag clear: pass ${median(clear.map((r) => r.wall)).toFixed(3)} ms, whole open ${median(opens).toFixed(1)} ms`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
