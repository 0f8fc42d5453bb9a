// What a rollup's carry-in read (each entity's newest event in the 48 hours before a day) costs on a busy home's L1.
// Run: npm run build:bench && node dist-bench/bench/layers/last-per-entity-cost.js [dangling entities...]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createLogger } from "../../src/core/logger.js";
import type { SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);
const PER_DAY = 200_000;
const ENTITIES = 400;

/** Three days of 200K events over 400 entities and 2,000 states, counted per hour as the store counts them. */
function fill(db: SqliteDb): void {
  const events = 3 * PER_DAY;
  db.transaction(() => {
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ENTITIES})
      INSERT INTO entities (id, entity_id) SELECT i, 'sensor.e' || i FROM n`);
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO states (id, value) SELECT i, 's' || i FROM n`);
    db.exec("INSERT INTO sources (id, name) VALUES (1, 'ha')");
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${events - 1})
      INSERT OR IGNORE INTO events (ts, entity, state, prev, source)
      SELECT ${T0} + i * ${Math.floor(DAY / PER_DAY)}, i % ${ENTITIES} + 1, (i * 7) % 2000 + 1, (i * 7 + 1) % 2000 + 1, 1 FROM n`);
    db.exec(`INSERT INTO event_counts (hour, entity, source, n)
      SELECT (ts / 3600000) * 3600000, entity, source, count(*) FROM events GROUP BY 1, 2, 3`);
  })();
}

/**
 * Gives the newest row before the read's end of the first `n` entities a state no dictionary
 * has, as a crash or an edit by hand could leave it.
 */
function dangle(db: SqliteDb, n: number, end: number): void {
  db.prepare(
    `UPDATE events SET state = 99999 WHERE (ts, entity) IN
       (SELECT max(ts), entity FROM events WHERE ts >= ? AND ts < ? AND entity <= ? GROUP BY entity)`,
  ).run(end - HOUR, end, n);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const quiet = createLogger("error", () => {});
const dangling = process.argv
  .slice(2)
  .map(Number)
  .filter((x) => x >= 0);
const dir = mkdtempSync(path.join(os.tmpdir(), "hp-last-per-entity-bench-"));
try {
  const file = path.join(dir, "home-patterns.sqlite");
  openSqliteStores({ dataDir: dir, file, logger: quiet, now: () => T0 }).close();
  const filler = openSqliteStores({ dataDir: dir, file, logger: quiet, now: () => T0 });
  fill(filler.db);
  filler.close();
  // The third day's carry-in: the two days before it.
  const start = T0 + 2 * DAY;
  for (const n of [0, ...dangling]) {
    const stores = openSqliteStores({ dataDir: dir, file, logger: quiet, now: () => T0 });
    if (n > 0) dangle(stores.db, n, start);
    const walls: number[] = [];
    const cpus: number[] = [];
    let found = 0;
    for (let run = 0; run < 21; run++) {
      const t = performance.now();
      const c = process.cpuUsage();
      found = stores.events.lastPerEntity(start - 2 * DAY, start).length;
      const cpu = process.cpuUsage(c);
      walls.push(performance.now() - t);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
    console.log(
      `${n} entities with a dangling newest row: ${found} carry-in events, ` +
        `${median(walls).toFixed(2)} ms wall / ${median(cpus).toFixed(2)} ms CPU (median of 21), ` +
        `${stores.dangling.counts().skippedOnRead} rows skipped`,
    );
    stores.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
