// `home-patterns import` onto a full disk: stops at once with how far it got; a re-run after freeing space completes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { importFile } from "../../src/cli/import-file.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ManualClock } from "../../src/core/clock.js";
import { createLogger, createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const ROWS = 120_000;
const work = mkdtempSync(path.join(os.tmpdir(), "hp-full-"));
const file = path.join(work, "history.csv");
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync("umount", [dir]);
  rmSync(work, { recursive: true, force: true });
});

/** A 2 MB file system of its own (tmpfs, as root, as in CI); null where mounting is not permitted. */
function smallDisk(): string | null {
  const dir = mkdtempSync(path.join(work, "disk-"));
  if (process.getuid?.() !== 0) return null;
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir]);
  if (r.status !== 0) return null;
  mounted.push(dir);
  return dir;
}

const context = (dataDir: string, out: string[], err: string[]) => ({
  env: { DATA_DIR: dataDir, TZ: "UTC" },
  cwd: process.cwd(),
  clock: new ManualClock(Date.UTC(2026, 10, 23, 12)),
  out: (l: string) => out.push(l.replace(file, "history.csv")),
  err: (l: string) => err.push(l.replace(file, "history.csv")),
});

/** The first import, on a disk that fills up: the real CLI on tmpfs, or the same import into a capped database. */
async function firstImport(out: string[], err: string[]): Promise<{ code: number; dataDir: string }> {
  const disk = smallDisk();
  if (disk) return { code: await runCommand("import", [file], context(disk, out, err)), dataDir: disk };
  const dataDir = mkdtempSync(path.join(work, "capped-"));
  const ctx = context(dataDir, out, err);
  const config = loadConfig({ env: ctx.env, command: "offline", cwd: ctx.cwd });
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => ctx.clock.now() });
  const pages = stores.db.pragma("page_count", { simple: true }) as number;
  stores.db.pragma(`max_page_count = ${pages + 400}`); // about 1.6 MB more
  try {
    const logger = createLogger("info", ctx.err);
    return { code: await importFile({ file, format: "ha-history-csv", config, stores, logger, ...ctx }), dataDir };
  } finally {
    stores.close();
  }
}

describe("import on a full disk", () => {
  it("stops at the first 'disk full' with how far it got, then a re-run stores the rest once", async () => {
    const rows = ["entity_id,state,last_changed"];
    for (let i = 0; i < ROWS; i++) {
      const ts = new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString();
      rows.push(`sensor.power_${i % 20},${i},${ts}`);
    }
    writeFileSync(file, `${rows.join("\n")}\n`);

    const out: string[] = [];
    const err: string[] = [];
    const first = await firstImport(out, err);
    expect(first.code).toBe(1);
    const stop = err.find((l) => l.startsWith("import stopped at line"));
    const m =
      /^import stopped at line (\d+) \((\d+)% of the file\): the disk is full \(database or disk is full\)\. (\d+) events were stored; free some space and run the same import again: what is already stored is skipped, nothing is stored twice\.$/.exec(
        stop ?? "",
      );
    expect(m, err.join("\n")).not.toBeNull();
    const [stoppedAt, percent, stored] = [Number(m![1]), Number(m![2]), Number(m![3])];
    // It stopped where the disk filled, not after reading the whole file.
    expect(stoppedAt).toBeLessThan(ROWS / 2);
    expect(percent).toBeLessThan(50);
    expect(stored).toBeGreaterThan(0);
    // The summary still adds up: what was read but not stored is counted.
    const summary =
      /^imported history\.csv: (\d+) lines read: (\d+) events stored, 0 already stored, 0 refused, 1 left out, (\d+) read but not stored; 20 entities/.exec(
        out[0],
      );
    expect(summary, out.join("\n")).not.toBeNull();
    expect(Number(summary![1])).toBe(stoppedAt);
    expect(Number(summary![2])).toBe(stored);
    expect(stored + 1 + Number(summary![3])).toBe(stoppedAt);
    // One ERROR line for the refused write, not one per event.
    expect(err.filter((l) => l.includes(" ERROR ")).length).toBe(1);

    // Space is freed (the file system grows, or the cap is gone): the same import completes.
    if (mounted.includes(first.dataDir)) {
      expect(spawnSync("mount", ["-o", "remount,size=64m", first.dataDir]).status).toBe(0);
    }
    const again: string[] = [];
    const code = await runCommand("import", [file], context(first.dataDir, again, []));
    expect(code).toBe(0);
    expect(again[0]).toBe(
      `imported history.csv: ${ROWS + 1} lines read: ${ROWS - stored} events stored, ${stored} already stored, 0 refused, 1 left out; 20 entities (0 with an area)`,
    );
    const stores = openSqliteStores({ dataDir: first.dataDir, logger: createMemoryLogger(), now: () => 0 });
    const count = stores.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number };
    expect(count.n).toBe(ROWS);
    expect(stores.db.pragma("integrity_check", { simple: true })).toBe("ok");
    stores.close();
  }, 60_000);
});
