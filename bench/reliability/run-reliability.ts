// `npm run reliability`: the fault matrix — kill -9, full disks, hostile requests, load — written to RELIABILITY.md.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageRoot } from "../../src/core/package-root.js";
import { DEFAULT_ANALYTICS_LIMITS } from "../../src/storage/duckdb/analytics-query.js";
import { FULL_LOAD, type LoadBenchResult, loadMarkdown, runLoadBench } from "../load/load-bench.js";
import { diskFullByImport, diskFullByOthers } from "./fault-disk.js";
import { killDuringImport, killDuringRollup } from "./fault-kill.js";
import type { FaultRow } from "./fault-row.js";
import { analyticsRunaways, bodyLimits, crossSite } from "./fault-web.js";
import { sleep, startService } from "./processes.js";

async function webRows(): Promise<FaultRow[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-rel-web-"));
  const service = await startService(dataDir, ["demo", "--history-days", "3"]);
  try {
    await sleep(5_000); // the catch-up rollup and a first detection
    return [
      await analyticsRunaways(service, DEFAULT_ANALYTICS_LIMITS.timeoutMs),
      await bodyLimits(service),
      await crossSite(service),
    ];
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function loadRows(r: LoadBenchResult): FaultRow[] {
  const worst = [...r.routes].sort((a, b) => b.p95 - a.p95)[0]!;
  const health = r.routes.find((x) => x.route === "/api/health");
  const errors = r.routes.reduce((n, x) => n + x.errors, 0);
  return [
    {
      fault: `load: ${r.options.clients} clients on ${r.options.events.toLocaleString("en")} events`,
      tried: `${r.options.clients} clients requesting the panel's ${r.routes.length} routes back to back for ${r.options.durationMs / 1000} s while the demo ingests (details in BENCHMARKS.md, "Panel routes under load")`,
      outcome: `slowest route by p95: ${worst.route} ${worst.p95} ms (goal ≤ 50); /api/health p99 ${health?.p99} ms (goal ≤ 20); event loop max delay ${r.loop.max} ms, ${r.loop.stallsOver50ms} stalls over 50 ms (goal 0); RSS at most ${r.rssMb.peak} MB`,
      lost: errors,
      recoveryMs: null,
      ok: errors === 0 && worst.p95 <= 50 && (health?.p99 ?? 999) <= 20 && r.loop.stallsOver50ms === 0,
    },
  ];
}

function markdown(rows: FaultRow[], started: Date, seconds: number, quick: boolean): string {
  const root = packageRoot();
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    "# Reliability",
    "",
    `Written by \`npm run reliability\`${quick ? " --quick (reduced sizes)" : ""} on ${started.toISOString().slice(0, 16)} UTC, commit ${commit}, ${os.cpus().length} CPUs, Node ${process.version}; the run took ${Math.round(seconds)} s. Each row is a fault tried on the built service (dist/), what came of it, what was lost (must be 0) and how long recovery took. A row marked ✗ misses its goal: the figures say by how much.`,
    "",
    "| | fault | what was tried | what happened | lost | recovery |",
    "| --- | --- | --- | --- | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.ok ? "✓" : "✗"} | ${cell(r.fault)} | ${cell(r.tried)} | ${cell(r.outcome)} | ${r.lost} | ${r.recoveryMs === null ? "—" : `${(r.recoveryMs / 1000).toFixed(1)} s`} |`,
    ),
    "",
    "## How it is measured",
    "",
    "- kill -9: the `import` and `rollup` commands run as child processes and get SIGKILL after a random delay (seeded, so a run repeats), within the time a whole run takes; `PRAGMA integrity_check` after each kill. The import is then run once more to the end and the stored events are counted against the file's; the rollup is run to the end and every L2/L3 row and day record is compared with a copy of the same data folder rolled up without a kill. Recovery is that last run's duration.",
    '- Disk full: a tmpfs mounted for the run (needs root; rows say "not run" otherwise). By the service: the import writes until the filesystem is full; the filesystem is then grown and the import run again. By others: the demo service runs on the tmpfs with 3 archived history days, another file takes all free space, is removed later; archive days are counted before, during and after, and recovery is the time from removing the file until /api/health reports the storage budget ok and new events are stored again.',
    "- Analytics, bodies and cross-site requests go to the demo service (127.0.0.1, no token) as raw HTTP requests; the service's resident memory is sampled every 50 ms from /proc and /api/health is asked every 100 ms meanwhile. For these rows, lost counts late answers (past the time limit + 1 s), failed health checks, and writes that got through.",
    "- Load: bench/load/load-bench.ts (the service in-process, the clients in their own process).",
    "",
  ].join("\n");
}

/** Biome lays out the tables as the tree's other Markdown (npm run check fails otherwise). */
function formatMarkdown(file: string): void {
  try {
    execFileSync(path.join(packageRoot(), "node_modules/.bin/biome"), ["format", "--write", file], { stdio: "ignore" });
  } catch {
    process.stderr.write(`could not format ${file} with Biome: run npm run format\n`);
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const started = new Date();
  const t0 = performance.now();
  const rows: FaultRow[] = [];
  const target = path.join(packageRoot(), quick ? "RELIABILITY.quick.md" : "RELIABILITY.md");
  const step = async (name: string, fn: () => Promise<FaultRow | FaultRow[]>) => {
    process.stderr.write(`reliability: ${name}\n`);
    const t = performance.now();
    try {
      const out = await fn();
      rows.push(...(Array.isArray(out) ? out : [out]));
    } catch (err) {
      rows.push({
        fault: name,
        tried: "the step failed",
        outcome: String(err).slice(0, 300),
        lost: "?",
        recoveryMs: null,
        ok: false,
      });
    }
    process.stderr.write(`reliability: ${name} took ${Math.round((performance.now() - t) / 1000)} s\n`);
    // Written after every step, so a run stopped part-way still leaves what it measured.
    writeFileSync(target, markdown(rows, started, (performance.now() - t0) / 1000, quick));
  };
  await step("kill -9 during import", () =>
    killDuringImport({ events: quick ? 100_000 : 500_000, kills: quick ? 3 : 10, seed: 1 }),
  );
  await step("kill -9 during rollup", () =>
    killDuringRollup({ days: quick ? 2 : 4, perDay: quick ? 20_000 : 100_000, kills: quick ? 3 : 6, seed: 2 }),
  );
  await step("disk full by the service", () =>
    diskFullByImport({ events: quick ? 1_500_000 : 2_000_000, diskMb: 30, limitMs: 120_000 }),
  );
  await step("disk full by others", () => diskFullByOthers({ diskMb: 60, fullForMs: quick ? 20_000 : 70_000 }));
  await step("hostile requests", webRows);
  let loadDetails = "";
  await step("load", async () => {
    const result = await runLoadBench(quick ? { ...FULL_LOAD, events: 300_000, durationMs: 10_000 } : FULL_LOAD);
    loadDetails = loadMarkdown(result).replace(/^## /, "## Load details: ");
    return loadRows(result);
  });
  writeFileSync(target, `${markdown(rows, started, (performance.now() - t0) / 1000, quick)}\n${loadDetails}`);
  formatMarkdown(target);
  process.stderr.write(`wrote ${target}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`reliability failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
