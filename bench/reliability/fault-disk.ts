// A full disk, filled by the service's own import or by someone else, on a small tmpfs: what is kept, how it recovers.
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeHistoryCsv } from "./fault-kill.js";
import type { FaultRow } from "./fault-row.js";
import { runCli, sleep, startService } from "./processes.js";
import { storeState } from "./store-check.js";

const DAY = 86_400_000;

/** Mounts a tmpfs of sizeMb at a new folder; undefined when this process may not mount (not root). */
export function smallDisk(sizeMb: number): { dir: string; grow(mb: number): void; unmount(): void } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-rel-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir]);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    grow: (mb) => execFileSync("mount", ["-o", `remount,size=${mb}m`, dir]),
    unmount: () => {
      execFileSync("umount", ["-l", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const notRun = (fault: string, why: string): FaultRow => ({
  fault,
  tried: "not run",
  outcome: why,
  lost: "not run",
  recoveryMs: null,
  ok: false,
});

export async function diskFullByImport(o: { events: number; diskMb: number; limitMs: number }): Promise<FaultRow> {
  const fault = `disk full by the service (import onto a ${o.diskMb} MB filesystem)`;
  const disk = smallDisk(o.diskMb);
  if (!disk) return notRun(fault, "needs root to mount a tmpfs");
  const work = mkdtempSync(path.join(os.tmpdir(), "hp-rel-csv-"));
  try {
    const csv = path.join(work, "history.csv");
    writeHistoryCsv(csv, o.events, 200, Date.now() - 5 * DAY, 4 * DAY);
    const dataDir = path.join(disk.dir, "data");
    const full = await runCli(dataDir, ["import", "--format", "ha-history-csv", csv], { killAfterMs: o.limitMs });
    const during = storeState(dataDir);
    const lines = full.output.split("\n").length;
    const bytes = /\[(\d+) bytes of output\]/.exec(full.output)?.[1] ?? "?";
    const lastLine =
      full.output
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("["))
        .at(-1)
        ?.slice(0, 160) ?? "";
    disk.grow(400);
    const rerun = await runCli(dataDir, ["import", "--format", "ha-history-csv", csv]);
    const after = storeState(dataDir);
    const lost = o.events - after.events;
    return {
      fault,
      tried: `import of a ${o.events.toLocaleString("en")}-event history CSV with the data folder on a ${o.diskMb} MB tmpfs (stopped after ${o.limitMs / 1000} s if still running), then the filesystem grown to 400 MB and the import run again`,
      outcome: `first run: ${full.killed ? `still running after ${o.limitMs / 1000} s, killed` : `exit ${full.code} after ${Math.round(full.ms / 100) / 10} s`}, ${bytes} bytes of output (${lines} lines; last: "${lastLine}"), ${during.events.toLocaleString("en")} events stored, integrity ${during.integrity}; re-run: exit ${rerun.code}, ${after.events.toLocaleString("en")} events, integrity ${after.integrity}`,
      lost,
      recoveryMs: Math.round(rerun.ms),
      ok: lost === 0 && after.integrity === "ok" && !full.killed && full.code !== 0,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    disk.unmount();
  }
}

/** Writes zeros to a file until the filesystem is full; returns the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(1024 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch {
    // ENOSPC: full. Then the last few KB.
    try {
      for (;;) written += writeSync(fd, chunk.subarray(0, 4096));
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

interface Loose {
  total?: number;
  days?: { pending?: string[] };
  stores?: { name: string; status: string; detail: string }[];
}

async function json(url: string): Promise<Loose> {
  const res = await fetch(url);
  return (await res.json()) as Loose;
}

export async function diskFullByOthers(o: { diskMb: number; fullForMs: number }): Promise<FaultRow> {
  const fault = `disk full by others (another file fills a ${o.diskMb} MB filesystem)`;
  const disk = smallDisk(o.diskMb);
  if (!disk) return notRun(fault, "needs root to mount a tmpfs");
  const dataDir = path.join(disk.dir, "data");
  mkdirSync(dataDir);
  const service = await startService(dataDir, ["demo", "--history-days", "3"]);
  try {
    // The catch-up rollup archives the closed history days; wait until it has.
    for (let i = 0; i < 120; i++) {
      const storage = await json(`${service.url}/api/storage`);
      if (storage.days?.pending?.length === 0 && storeState(dataDir).archiveFiles > 0) break;
      await sleep(1_000);
    }
    const before = storeState(dataDir);
    const filled = fillUp(path.join(disk.dir, "someone-elses-file"));
    await sleep(o.fullForMs);
    const whileFull = await json(`${service.url}/api/health`);
    const budget = whileFull.stores?.find((s) => s.name === "storage budget");
    const archivedWhileFull = storeState(dataDir).archiveFiles;
    rmSync(path.join(disk.dir, "someone-elses-file"));
    const freedAt = performance.now();
    const totalAtFree = (await json(`${service.url}/api/stats`)).total ?? 0;
    let recoveryMs: number | null = null;
    for (let i = 0; i < 600; i++) {
      const health = await json(`${service.url}/api/health`);
      const stats = await json(`${service.url}/api/stats`);
      const ok = health.stores?.find((s) => s.name === "storage budget")?.status === "ok";
      if (ok && (stats.total ?? 0) > totalAtFree) {
        recoveryMs = Math.round(performance.now() - freedAt);
        break;
      }
      await sleep(100);
    }
    await service.stop();
    const after = storeState(dataDir);
    const lostDays = before.archiveFiles - Math.min(after.archiveFiles, archivedWhileFull);
    return {
      fault,
      tried: `the demo service (3 days of history archived: ${before.archiveFiles} Parquet days, ${before.events.toLocaleString("en")} L1 events) on a ${o.diskMb} MB tmpfs; another file filled the rest (${Math.round(filled / 1048576)} MB) for ${o.fullForMs / 1000} s, then was removed`,
      outcome: `while full: /api/health storage budget "${budget?.status}: ${budget?.detail}", ${archivedWhileFull} archive days left; after: ${after.archiveFiles} archive days, ${after.events.toLocaleString("en")} L1 events, integrity ${after.integrity}; ${recoveryMs === null ? "did not resume within 60 s" : "storing again"}`,
      lost: lostDays,
      recoveryMs,
      ok: lostDays === 0 && recoveryMs !== null && after.integrity === "ok",
    };
  } finally {
    await service.stop();
    disk.unmount();
  }
}
