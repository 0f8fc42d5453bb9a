// Table sizes for /api/storage: the first measurement at once, later ones in a worker while the old figures are served.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { TableSizes } from "../../src/storage/sqlite/table-sizes.js";

describe("TableSizes", () => {
  it("serves the previous figures while a worker measures again, then the new ones", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-sizes-"));
    const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => 0 });
    const clock = new ManualClock(0);
    const sizes = new TableSizes({
      db: stores.db,
      file: stores.file,
      clock,
      logger: createMemoryLogger(),
      maxAgeMs: 1_000,
    });
    expect(sizes.get()?.has("bench_blob")).toBe(false);
    stores.db.exec("CREATE TABLE bench_blob (b BLOB)");
    stores.db.prepare("INSERT INTO bench_blob VALUES (zeroblob(200000))").run();
    clock.advance(1_001);
    // Stale: the old figures now, a new measurement under way.
    expect(sizes.get()?.has("bench_blob")).toBe(false);
    for (let i = 0; i < 100 && !sizes.get()?.has("bench_blob"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(sizes.get()?.get("bench_blob")).toBeGreaterThan(200_000);
    stores.close();
  });
});
