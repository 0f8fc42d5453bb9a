// Looks into a data folder after a fault: is the database intact, how many events, what do the layers hold.
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";

export interface StoreState {
  integrity: string;
  events: number;
  /** A digest of every L2/L3 table's rows and of the day records: equal digests, equal layers. */
  layers: string;
  archiveFiles: number;
}

export function storeState(dataDir: string): StoreState {
  const file = path.join(dataDir, "home-patterns.sqlite");
  const archiveDir = path.join(dataDir, "archive");
  const archiveFiles = existsSync(archiveDir)
    ? readdirSync(archiveDir).filter((f) => f.endsWith(".parquet")).length
    : 0;
  if (!existsSync(file)) return { integrity: "no database", events: 0, layers: "", archiveFiles };
  const db = openSqlite({ file, readonly: true });
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const { n } = db.prepare("SELECT count(*) AS n FROM events").get() as { n: number };
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\\_daily' ESCAPE '\\' OR name LIKE '%\\_weekly' ESCAPE '\\' OR name LIKE '%\\_monthly' ESCAPE '\\') ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const hash = createHash("sha256");
    for (const t of tables) {
      for (const row of db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).iterate()) hash.update(JSON.stringify(row));
    }
    for (const row of db.prepare("SELECT day, status FROM layer_days ORDER BY day").iterate())
      hash.update(JSON.stringify(row));
    return { integrity, events: n, layers: hash.digest("hex").slice(0, 12), archiveFiles };
  } finally {
    db.close();
  }
}
