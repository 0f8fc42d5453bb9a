// A database import (a recorder database here) onto a full disk: stops at once like a file import, says how far it got, and a re-run resumes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { importRecords } from "../../src/cli/record-import-command.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ManualClock } from "../../src/core/clock.js";
import { createLogger, createMemoryLogger } from "../../src/core/logger.js";
import { HA_RECORDER_SOURCE, haRecorderSource } from "../../src/sources/importers/ha-recorder.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const ROWS = 60_000;
const work = mkdtempSync(path.join(os.tmpdir(), "hp-records-full-"));
const recorder = path.join(work, "home-assistant_v2.db");
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync("umount", [dir]);
  rmSync(work, { recursive: true, force: true });
});

/** The recorder's tables as 2023.3+ writes them (the columns the import reads), one sensor change a second. */
function writeRecorder(): void {
  const db = openSqlite({ file: recorder });
  db.exec(`CREATE TABLE states_meta (metadata_id INTEGER PRIMARY KEY, entity_id VARCHAR(255));
    CREATE TABLE states (state_id INTEGER PRIMARY KEY, state VARCHAR(255), last_changed_ts FLOAT,
      last_updated_ts FLOAT, old_state_id INTEGER, context_user_id_bin BLOB, metadata_id INTEGER)`);
  const meta = db.prepare("INSERT INTO states_meta (metadata_id, entity_id) VALUES (?, ?)");
  const state = db.prepare(
    "INSERT INTO states (state_id, state, last_changed_ts, last_updated_ts, metadata_id) VALUES (?, ?, NULL, ?, ?)",
  );
  db.transaction(() => {
    for (let m = 1; m <= 20; m++) meta.run(m, `sensor.power_${m}`);
    for (let i = 0; i < ROWS; i++) state.run(i + 1, String(i), Date.UTC(2026, 10, 20) / 1000 + i, (i % 20) + 1);
  })();
  db.close();
}

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
  out: (l: string) => out.push(l.replaceAll(recorder, "recorder.db")),
  err: (l: string) => err.push(l.replaceAll(recorder, "recorder.db")),
});

/** The first import, on a disk that fills up: the real CLI on tmpfs, or the same import into a capped database. */
async function firstImport(out: string[], err: string[]): Promise<{ code: number; dataDir: string }> {
  const args = ["--format", "ha-recorder", recorder];
  const disk = smallDisk();
  if (disk) return { code: await runCommand("import", args, context(disk, out, err)), dataDir: disk };
  const dataDir = mkdtempSync(path.join(work, "capped-"));
  const ctx = context(dataDir, out, err);
  const config = loadConfig({ env: ctx.env, command: "offline", cwd: ctx.cwd });
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => ctx.clock.now() });
  const pages = stores.db.pragma("page_count", { simple: true }) as number;
  stores.db.pragma(`max_page_count = ${pages + 400}`); // about 1.6 MB more
  try {
    const request = { name: HA_RECORDER_SOURCE, source: haRecorderSource(recorder), fromStart: false };
    const logger = createLogger("info", ctx.err);
    return { code: await importRecords(request, { config, stores, logger, ...ctx }), dataDir };
  } finally {
    stores.close();
  }
}

describe("a database import on a full disk", () => {
  it("stops at the first 'disk full' with how far it got, then a re-run resumes and stores the rest once", async () => {
    writeRecorder();
    const out: string[] = [];
    const err: string[] = [];
    const first = await firstImport(out, err);
    expect(first.code).toBe(1);
    const stop = err.find((l) => l.startsWith("import stopped at row"));
    const m =
      /^import stopped at row (\d+) \((\d+)% of the rows\): the disk is full \(database or disk is full\)\. (\d+) events were stored; free some space and run the same import again: what is already stored is skipped, nothing is stored twice\.$/.exec(
        stop ?? "",
      );
    expect(m, err.join("\n")).not.toBeNull();
    const [stoppedAt, percent, stored] = [Number(m![1]), Number(m![2]), Number(m![3])];
    // It stopped where the disk filled, not after reading the whole database.
    expect(stoppedAt).toBeLessThan(ROWS / 2);
    expect(percent).toBeLessThan(50);
    expect(stored).toBeGreaterThan(0);
    // The same summary as a file import, in rows: what was read but not stored is counted.
    const summary =
      /^imported recorder\.db: (\d+) rows read: (\d+) events stored, 0 already stored, 0 refused, 0 left out, (\d+) read but not stored; 20 entities \(0 with an area\)$/.exec(
        out[0] ?? "",
      );
    expect(summary, out.join("\n")).not.toBeNull();
    expect(Number(summary![1])).toBe(stoppedAt);
    expect(Number(summary![2])).toBe(stored);
    expect(stored + Number(summary![3])).toBe(stoppedAt);
    // One ERROR line for the refused write, not one per event or per chunk.
    expect(err.filter((l) => l.includes(" ERROR ")).length).toBe(1);

    // Space is freed (the file system grows, or the cap is gone): the same import resumes and completes.
    if (mounted.includes(first.dataDir)) {
      expect(spawnSync("mount", ["-o", "remount,size=64m", first.dataDir]).status).toBe(0);
    }
    const again: string[] = [];
    const againErr: string[] = [];
    const code = await runCommand(
      "import",
      ["--format", "ha-recorder", recorder],
      context(first.dataDir, again, againErr),
    );
    expect(code).toBe(0);
    expect(againErr.find((l) => l.startsWith("resuming"))).toMatch(/^resuming recorder\.db after position \d+$/);
    const rest =
      /^imported recorder\.db: (\d+) rows read: (\d+) events stored, (\d+) already stored, 0 refused, 0 left out; 20 entities \(0 with an area\)$/.exec(
        again[0] ?? "",
      );
    expect(rest, again.join("\n")).not.toBeNull();
    expect(stored + Number(rest![2])).toBe(ROWS);
    const stores = openSqliteStores({ dataDir: first.dataDir, logger: createMemoryLogger(), now: () => 0 });
    const count = stores.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number };
    expect(count.n).toBe(ROWS);
    expect(stores.db.pragma("integrity_check", { simple: true })).toBe("ok");
    stores.close();
  }, 120_000);
});
