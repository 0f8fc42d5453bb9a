// An import stopped by Ctrl-C while it rolls up the imported days keeps every event and the days
// rolled up so far, and leaves the others pending; the same import run again, though it finds
// nothing new to store, rolls those up: "run the same import again to go on" holds.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importFile } from "../../src/cli/import-file.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const rows = ["entity_id,state,last_changed"];
for (const day of [20, 21, 22, 23]) {
  for (const [i, hour] of ["07", "09", "18", "22"].entries()) {
    rows.push(`light.desk,${i % 2 === 0 ? "on" : "off"},2026-11-${day}T${hour}:00:00Z`);
  }
}

describe("an import stopped while it rolls up", () => {
  it("keeps what it stored and rolled up; the same import again rolls up the rest", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-stopped-rollup-"));
    const file = path.join(dir, "history.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const dataDir = path.join(dir, "data");
    const config = loadConfig({ env: { DATA_DIR: dataDir, TZ: "UTC" }, command: "offline", cwd: dir });
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
    const logger = createMemoryLogger("warn");
    const stores = openSqliteStores({ dataDir, logger, now: () => clock.now() });
    const rolledUp = () =>
      (stores.db.prepare("SELECT count(*) AS n FROM layer_days WHERE rolled_up_at IS NOT NULL").get() as { n: number })
        .n;
    const run = async (stop?: AbortSignal) => {
      const out: string[] = [];
      const code = await importFile({
        file,
        format: "ha-history-csv",
        config,
        stores,
        clock,
        logger,
        out: (l) => out.push(l.replace(file, "history.csv")),
        // Progress lines.
        err: () => {},
        stop,
      });
      return { code, out };
    };
    try {
      const stopping = new AbortController();
      // Ctrl-C as soon as the first day is rolled up (checked whenever the event loop runs).
      const watch = () => (rolledUp() > 0 ? stopping.abort("SIGINT") : setImmediate(watch));
      setImmediate(watch);
      const first = await run(stopping.signal);
      expect(first.code).toBe(1);
      expect(first.out).toEqual([
        "imported history.csv: 17 lines read: 16 events stored, 0 already stored, 0 refused, 1 left out; 1 entity (0 with an area)",
        "  left out: 1 header",
        "rolling up stopped (Ctrl-C): 1 day rolled up, 4 days marked for rollup; archiving and retention not finished " +
          "(home-patterns rollup, the service, or the same import again does what is left)",
      ]);
      expect(rolledUp()).toBe(1);
      const again = await run();
      expect(again.code).toBe(0);
      expect(again.out).toEqual([
        "imported history.csv: 17 lines read: 0 events stored, 16 already stored, 0 refused, 1 left out; 1 entity (0 with an area)",
        "  left out: 1 header",
        "rolled up 4 days left waiting (an earlier import was stopped, or the service had not rolled them up yet)",
      ]);
      expect(rolledUp()).toBe(5);
    } finally {
      stores.close();
    }
  });
});
