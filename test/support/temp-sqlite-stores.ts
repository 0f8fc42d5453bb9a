// SQLite stores in a fresh temporary data dir, at a fixed moment: what the storage tests start from.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

/** `prefix` names the temporary folder (hp-unit-…), so a leftover one says which test made it. */
export function openTempSqliteStores(prefix: string, now: number): SqliteStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return openSqliteStores({
    dataDir: dir,
    file: path.join(dir, "home-patterns.sqlite"),
    logger: createMemoryLogger("warn"),
    now: () => now,
  });
}
