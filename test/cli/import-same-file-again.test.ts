// Importing a file a second time rolls nothing up again: only days that got new events are re-opened.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-again-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importAt(dataDir: string, file: string, at: number): Promise<string[]> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("import", [file], {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(at),
    out: (l) => out.push(l.replace(file, path.basename(file))),
    err: (l) => err.push(l),
  });
  expect(code, err.join("\n")).toBe(0);
  return out;
}

function layerState(dataDir: string) {
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  try {
    return {
      days: stores.db.prepare("SELECT day, status, rolled_up_at, archived_at FROM layer_days ORDER BY day").all(),
      runs: stores.db.prepare("SELECT count(*) AS n FROM rollup_runs").get(),
    };
  } finally {
    stores.close();
  }
}

describe("the same file imported twice", () => {
  it("rolls its days up once; the second import only counts what is already stored", async () => {
    const file = path.join(dir, "week.csv");
    writeFileSync(
      file,
      "entity_id,state,last_changed\nlight.desk,on,2026-11-20T09:00:00Z\nlight.desk,off,2026-11-20T17:00:00Z\nlight.desk,on,2026-11-21T09:00:00Z\n",
    );
    const dataDir = path.join(dir, "data");
    expect((await importAt(dataDir, file, Date.UTC(2026, 10, 23, 12))).at(-1)).toBe(
      "2 of 2 closed days within the 7-day raw retention: rolled up",
    );
    const before = layerState(dataDir);
    // A day later: a re-opened day would show it in its rollup time.
    const again = await importAt(dataDir, file, Date.UTC(2026, 10, 24, 12));
    expect(again).toEqual([
      "imported week.csv: 4 lines read: 0 events stored, 3 already stored, 0 refused, 1 left out; 1 entities (0 with an area)",
      "  left out: 1 header",
    ]);
    expect(layerState(dataDir)).toEqual(before);
  }, 60_000);
});
