// Importing history older than the raw retention rolls it into L2/L3 and the archive before its raw rows go.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { addDays } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L3_KINDS } from "../../src/layers/kinds/index.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-old-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("import of history older than the raw retention", () => {
  it("rolls up and archives the 23 old days of a 30-day download, and says so", async () => {
    const rows = ["entity_id,state,last_changed"];
    for (let d = 0; d < 30; d++) {
      const day = addDays("2026-10-24", d);
      for (const [hour, state] of [
        [7, "on"],
        [8, "off"],
        [19, "on"],
        [23, "off"],
      ] as const) {
        rows.push(`light.kitchen,${state},${day}T${String(hour).padStart(2, "0")}:00:00Z`);
      }
    }
    const file = path.join(dir, "month.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const dataDir = path.join(dir, "data");
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand("import", [file], {
      env: { DATA_DIR: dataDir, TZ: "UTC" },
      cwd: process.cwd(),
      clock: new ManualClock(Date.UTC(2026, 10, 23, 12)),
      out: (l) => out.push(l.replace(file, "month.csv")),
      err: (l) => err.push(l),
    });
    expect(code, err.join("\n")).toBe(0);
    expect(out).toEqual([
      "imported month.csv: 121 lines read: 120 events stored, 0 already stored, 0 refused, 1 left out; 1 entity (1 with an area)",
      "  left out: 1 header",
      "23 of 30 days older than the 7-day raw retention: rolled up and archived",
      "7 of 7 closed days within the 7-day raw retention: rolled up",
    ]);

    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    const aggregates = new SqliteAggregateStore(stores.db);
    const records = aggregates.dayRecords();
    const old = records.filter((r) => r.day < "2026-11-16");
    expect(old.length).toBe(23);
    // The old days' raw events are gone, but only after their rollup and archive.
    expect(old.every((r) => r.rolledUpAt !== null && r.archivedAt !== null && r.rawPurgedAt !== null)).toBe(true);
    expect(old.every((r) => r.eventCount === 4 && r.l2PurgedAt === null)).toBe(true);
    // ...and the weekly and monthly layers hold them: October's month was merged from its days.
    const monthly = L3_KINDS.find((k) => k.period === "month")!;
    expect(aggregates.periodRecords(monthly.name, ["2026-10"])).toMatchObject([
      { firstDay: "2026-10-24", lastDay: "2026-10-31", dayCount: 8 },
    ]);
    const raw = stores.events.query({ from: 0, to: Date.UTC(2030, 0, 1) });
    expect(raw.length).toBe(7 * 4);
    expect(new Set(raw.map((e) => new Date(e.ts).toISOString().slice(0, 10))).size).toBe(7);
    stores.close();
    expect(readdirSync(path.join(dataDir, "archive")).filter((f) => f.endsWith(".parquet")).length).toBe(30);
  }, 60_000);

  it("says when imported days are past the daily retention too, and keeps them in the archive", async () => {
    const rows = ["entity_id,state,last_changed"];
    for (let d = 0; d < 3; d++) {
      rows.push(`light.kitchen,on,2011-03-0${d + 1}T07:00:00Z`, `light.kitchen,off,2011-03-0${d + 1}T08:00:00Z`);
    }
    const file = path.join(dir, "2011.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const dataDir = path.join(dir, "data-2011");
    const out: string[] = [];
    const code = await runCommand("import", [file], {
      env: { DATA_DIR: dataDir, TZ: "UTC" },
      cwd: process.cwd(),
      clock: new ManualClock(Date.UTC(2026, 10, 23, 12)),
      out: (l) => out.push(l),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(out.slice(2)).toEqual([
      "3 of 3 days older than the 7-day raw retention: rolled up and archived",
      "  3 of them are past the 90-day daily retention too: their events stay in the archive (home-patterns analytics)",
    ]);
    // Three days of events, three files: not one per day from 2011 to today.
    expect(readdirSync(path.join(dataDir, "archive")).filter((f) => f.endsWith(".parquet")).length).toBe(3);
  }, 60_000);
});
