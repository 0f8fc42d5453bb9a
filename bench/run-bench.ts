// `npm run bench`: runs each layer benchmark configuration in its own process and writes BENCHMARKS.md.
// `npm run bench -- --only 10k-30d,200k-30d` runs the named configurations alone and writes
// BENCHMARKS.only.md (no default-home or load section), leaving BENCHMARKS.md as it is.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_MALLOC_ARENA_MAX, SERVICE_NODE_FLAGS } from "../src/cli/memory-flags.js";
import { packageRoot } from "../src/core/package-root.js";
import { importSectionOf } from "./import/import-section.js";
import { benchmarksMarkdown, machineInfo } from "./layers/benchmarks-markdown.js";
import { type DefaultHomeFootprint, measureDefaultHome } from "./layers/default-home-footprint.js";
import { writeEventFeed } from "./layers/event-feed.js";
import { footprintMarkdown, HAND_MEASURED } from "./layers/footprint-markdown.js";
import {
  type PendingComparison,
  runComparison,
  runScenario,
  type ScenarioConfig,
  type ScenarioResult,
} from "./layers/layer-scenario.js";
import { FULL_LOAD, loadMarkdown, runLoadBench } from "./load/load-bench.js";

/** How the service runs (package.json start, addon/run.sh, the systemd unit, the CLI): every measured process runs so. */
const SERVICE_FLAGS = [...SERVICE_NODE_FLAGS];
const SERVICE_ENV = { MALLOC_ARENA_MAX: SERVICE_MALLOC_ARENA_MAX };

const FULL: ScenarioConfig[] = [
  {
    name: "10k-30d",
    eventsPerDay: 10_000,
    days: 30,
    rawRetentionDays: 60,
    checkpoints: [30],
    compareNaive: true,
    ingestVariants: false,
    nodeFlags: SERVICE_FLAGS,
    env: SERVICE_ENV,
  },
  {
    name: "100k-30d",
    eventsPerDay: 100_000,
    days: 30,
    rawRetentionDays: 60,
    checkpoints: [30],
    compareNaive: true,
    ingestVariants: true,
    nodeFlags: SERVICE_FLAGS,
    env: SERVICE_ENV,
  },
  {
    name: "200k-30d",
    eventsPerDay: 200_000,
    days: 30,
    rawRetentionDays: 60,
    checkpoints: [30],
    compareNaive: true,
    ingestVariants: false,
    nodeFlags: SERVICE_FLAGS,
    env: SERVICE_ENV,
  },
  {
    name: "10k-90d",
    eventsPerDay: 10_000,
    days: 90,
    rawRetentionDays: 7,
    checkpoints: [30, 90],
    compareNaive: false,
    ingestVariants: false,
    nodeFlags: SERVICE_FLAGS,
    env: SERVICE_ENV,
  },
  {
    name: "100k-90d",
    eventsPerDay: 100_000,
    days: 90,
    rawRetentionDays: 7,
    checkpoints: [30, 90],
    compareNaive: false,
    ingestVariants: false,
    nodeFlags: SERVICE_FLAGS,
    env: SERVICE_ENV,
  },
  {
    name: "100k-14d-heap128",
    eventsPerDay: 100_000,
    days: 14,
    rawRetentionDays: 7,
    checkpoints: [],
    compareNaive: false,
    ingestVariants: false,
    nodeFlags: ["--max-old-space-size=128"],
  },
];

/** `--quick`: the same shapes, small, to check the harness in seconds. */
const QUICK: ScenarioConfig[] = FULL.map((c) => ({
  ...c,
  eventsPerDay: Math.round(c.eventsPerDay / 20),
  days: c.days === 90 ? 9 : 4,
  rawRetentionDays: c.rawRetentionDays === 7 ? 3 : 60,
  checkpoints: c.days === 90 ? [4, 9] : [4],
}));

const NOTES = [
  "Events come from the project's simulator (src/sources/simulator, the large home of about 120 entities, seed 1, Europe/Berlin), starting 2026-01-05; its chatty sensors fill each day up to the events/day rate. The 90-day runs cross the 23-hour day of 2026-03-29.",
  "Each configuration runs in its own Node process, one after the other. The simulator runs in a separate feeding process and streams batches of 5,000 events as JSON lines, one batch at a time: the next is sent when the measured process has taken the one before, as a live source hands events over (until 2026-12-07 the feed wrote a whole day ahead, 17 MB of JSON text at 100K/day, and the measured process's line reader held what it had not parsed yet: in 4 alternating runs of 100k-14d-heap128, load average 9-11, that run's peak went 152-162 -> 148-151 MB), so the measured process holds what the service holds (SQLite, the layers, DuckDB for the archive) and not the simulator; 'generating a day' in the memory table is the time spent waiting for and parsing the feed.",
  "Ingest: SqliteEventStore.append in batches of 5,000 events, one transaction each, WAL with synchronous=NORMAL (a committed batch survives a process crash; on power loss the last commit may be lost). The pipeline variant pushes one day event by event through IngestPipeline (normalize, filter, dedupe, batch).",
  "Nightly cycle per simulated day: the clock is set to 00:10 local of the next day, then rollup of the closed day, Parquet export, retention and the budget check, as LayerCycle runs them. Rollup times are per closed day and include reading L1, the carry-in, all ten L2 kinds, the four L3 periods and the commit.",
  "Nightly vs naive (at the end of the 30-day runs, raw events kept for all 30 days): layered = roll up the last day again + read every window from L2/L3 (merged and per-day rows of every L2 kind over 30 days, both from one read of each day: StoredWindowReader.window; the L3 periods touching those days); naive = the same windows computed from raw events in one pass (each raw event of the 30 days read once and given to every kind, plus the earlier days of the touched weeks and months for the L3 source kinds). Both outputs are compared with util.isDeepStrictEqual. Layered: median of 3 repeats after 3 untimed passes; naive: one run after one untimed day (the comparison runs in a fresh process, so both paths' code is warmed first: with a single untimed pass the re-roll of a 10K day took 100-180 ms of wall time against 55-60 ms once warm).",
  "Peak RSS: the largest VmHWM of any step, VmHWM being reset (/proc/self/clear_refs) before each step so that each step's own peak shows in the memory table, not only what it left behind. The measured process runs with the service's flags (--max-semi-space-size=1 --max-old-space-size=192, MALLOC_ARENA_MAX=2, as npm start, addon/run.sh, the systemd unit and, since issue 15, the home-patterns command run it). The nightly-vs-naive comparison, which holds both paths' 30-day windows of every kind in memory as the service never does, runs afterwards in a process of its own with node's defaults, on the data dir the measured process left (until 2026-12-07 it ran inside the 30-day runs' measured process, which therefore ran with node's defaults: V8 then grew a 48 MB young generation, and their peaks, 174 / 222 / 327 MB at 10K / 100K / 200K in the run of bd49ff7, were not the service's). The heap128 run is 14 days at 100K/day with node --max-old-space-size=128 and the default young generation. Where the resident memory goes (100k-90d, service flags, /proc/PID/smaps): the node binary's pages ~46 MB, SQLite's page cache (4 MB since issue 15; 16 MB filled with just-written pages before), the V8 heap 20-30 MB between steps and +25 MB while a 100K-event day is rolled up. DuckDB (29 MB library + ~28 MB instance, mapped for the rest of the process's life once loaded) no longer loads for the Parquet export.",
  "Sizes: SQLite page_count × page_size, the WAL file, and the Parquet files; per table with the dbstat virtual table. Bytes per raw event = the events table (WITHOUT ROWID, its primary key is the table) ÷ its rows; '+dict' adds the entity, state, source, user and context dictionaries.",
  "Where the time and the bytes go (issue 15; the per-kind tables below are this run's): L2 rows are stored as one deflated blob per kind and day, about 120 KB a day for the large home at any rate (0.1.0: 1.6 MB as one row per key); since migration 0010 the chains and pairs (sequence_daily, co_occurrence_daily) are stored in a compact form (numbers in arrays, entity ids and states once per blob, keys rebuilt from the fields) at less than half their JSON's size. A window read decodes each day afresh and folds it in place into one value per key (AggregateKind.absorb) instead of a new object per key and day. CPU A/B on the same 30-day store of the large home at 10K events/day, main (bddafff) and this code alternating, load average 12-22 on the 2 cores: reading every window 1,196-1,414 ms before, 583-821 ms after; the layered night 1,325-1,391 ms before, 698-747 ms after; the naive month 2,835-3,369 ms either way. Since then (issue 15, branch nightly) a window is read once for both its merged and its per-day rows (src/layers/read-window.ts): each day is inflated, parsed and decoded once instead of twice, a key's first row is shared by both until a second day has it, merge then makes the merged value and later days are absorbed into it (absorb never changes the rows it is given: test/layers/absorb-inputs.test.ts); merged count maps keep their integer keys in dictionary form as JSON.parse does (a co_occurrence hits map {30, 120, 600} built by assignment took 7.4 KB of elements instead of 0.2 KB; the 30-day co_occurrence window 44.9 MB of heap instead of 18.1 MB). CPU A/B, main (590b522) and this code in turns on the same machine, load average 10-18 on the 2 cores (other engineers' work): compareNightly on stored 30-day stores of the large home (3 rounds each), reading every window 624-803 ms before, 456-533 ms after at every rate (10K/day 687-734 -> 502-525, 100K 628-803 -> 482-530, 200K 624-772 -> 456-533); the nightly CPU ratio 3.0-3.4× -> 3.5-4.0× at 10K, 6.0-6.9× -> 7.3-7.9× at 100K, 8.5-9.0× -> 9.0-10.2× at 200K. In two alternating runs of this bench (--only 10k-30d,100k-30d,200k-30d), where the load made the figures of one run vary more than the change: CPU 3.2×, 2.9× -> 4.1×, 3.8× (10K), 8.3×, 8.1× -> 7.9×, 8.8× (100K), 9.7×, 11.0× -> 10.4×, 11.3× (200K); wall 3.9×, 2.4× -> 4.1×, 3.9×, 14.8×, 6.3× -> 8.0×, 9.3×, 8.7×, 12.7× -> 11.3×, 12.1×. What a read still costs is materializing every row of the 30 days as objects (inflate, JSON.parse, the compact codec: about half) and the garbage collector copying those rows, all of which survive, out of the young generation (30-40% of the read's CPU in a profile).",
  "A rollup of a 200K-event day spent most of its CPU reading L1: the carry-in states took a GROUP BY over two days of events (400K rows) and the day itself came through better-sqlite3 one row at a time. Now the carry-in reads only the hours in which each entity was last seen (from the per-hour counters) and a day is read as one row of JSON arrays (json_group_array) parsed natively: loading the day 470-740 ms -> 130-170 ms of CPU. The naive path reads its days through the same query, so it got faster too (200K/day: naive month 19.8-20.8 s -> 13.6-15.5 s of CPU). CPU A/B of the rollup inside the nightly comparison (median of 3, same store, same load as above): 898-942 ms before, 480-561 ms after; 200K nightly ratio 8.9-9.5× -> 11.5-11.7× in CPU time. The nightly rollup (rollupPending) now also yields the event loop after reading the day and after each kind, so the service answers between them.",
  "Is 20× reachable as the goal is defined? No, not by faster reads. The layered night is the rollup of one day plus the reads, and the rollup alone is a naive day's work (read the day from L1, compute every kind) plus packing and writing 11 blobs and the L3 update; in this comparison the day is rolled up again, so the periods touching it are recomputed from their L2 days, where the real nightly adds the new day to them. Measured in the runs above (load 10-18) and the quiet run of 2026-12-07 (load ~2), with a naive day = the naive month ÷ its 30 raw days: 10K/day the rollup 103-189 ms of CPU against a naive day of 71-93 ms (1.1-2.4 naive days), 100K 337-406 ms against 236-261 ms (1.3-1.7), 200K 568-834 ms against 419-489 ms (1.2-1.8). So even with reads that cost nothing the CPU ratio is 30 naive days ÷ the rollup's: 12-27× at 10K, 18-23× at 100K, 16-25× at 200K (the column 'CPU speedup if reads cost nothing' in the nightly table, per run), about the goal and no more; since the rollup includes a naive day, no read speed-up can take the ratio past 30×. 20× leaves the whole night 30 ÷ 20 = 1.5 naive days: the rollup takes most of that before any window is read, and reading the windows costs 420-600 ms of CPU at any rate (L2 is about 120 KB a day whatever the rate, while a naive day grows with it): 5-8 naive days at 10K, about 2 at 100K, about 1 at 200K. 20× would need, at 200K/day, the rollup and the reads together within 1.5 naive days where they take 2.2-3 today; at 10K/day, reads under 10% of today's with a rollup that costs no more than a naive day; as defined (the same windows, read in full, against a one-pass naive month), it is out of reach at 10K/day.",
  "Window reads profiled and trimmed (2026-12-07, issue 15, branch seqread): node --cpu-prof of every 30-day window read 15 times from a stored 10K/day store (bench/layers/nightly-profile.js build) put the read's CPU in the garbage collector (33%: the scavenger copying rows that all survive, mark-compact as windows pile up), JSON.parse (16%), folding days into maps (13%: Map.get and set on 50,000 fresh keys), adding count maps whose integer keys V8 keeps as dictionaries (9%), inflate (6%), the chain decoder (5%) and new merged count maps (5%). Changed: a chain's or pair's key is one join of per-blob \"entity|state\" texts kept in arrays (was a join of every entity, state and separator, the step objects in a Map); a day's blob is decoded straight into the map the window keeps (no [key, value] pair per row, no copy into a new Map); two empty user-count maps merge into {} (no dictionary). Decoding the 30 sequence_daily blobs 107-122 -> 90-99 ms (min of 12); the heap holding every window after a full GC 94.5 -> 86.1 MB (sequence_daily 54.1 -> 48.9). CPU A/B, main (ebcfe28) and this code in turns on the same three stores, compareNightly as the bench's --compare child runs it (median of 3 after 3 warm-ups), 5 rounds, load average 2.8-10.2 on the 2 cores, windows identical 26/26 in every run: reading every window 360-490 -> 340-435 ms at 10K/day, 356-414 -> 339-381 at 100K, 371-457 -> 312-387 at 200K (lower in 12 of 15 pairs, median pair 29 ms or 8% less); the layered night 510-618 -> 444-577 (10K), 728-890 -> 741-963 (100K), 989-1,156 -> 915-1,031 (200K), where the rollup alone varied 115-722 ms with the load; the nightly CPU ratio 3.7-4.0× -> 3.9-4.6× (10K), 8.1-9.6× -> 8.3-9.3× (100K), 10.5-12.4× -> 11.8-13.3× (200K). A small gain, not a step toward 20×: what a read still costs is building some 90,000 rows of 600-900 bytes each (the value, count maps of 80-320 bytes each as JSON.parse makes them, arrays, the key); building the sequence window's rows from numbers already parsed, with no JSON at all, took 52-72 ms alone. Tried and not kept: chains as columns of numbers in the blob (decoding 8% faster, not worth a stored-format change and its migration); one key and step list per chain shared by all days through a window-wide trie (slower: 221-229 against 189-196 ms for the sequence window); merged count maps of small integer keys in V8's fast elements (contextual_daily's window about 20% faster, the sequence window 3.7 MB larger).",
  "CPU time: the nightly comparison and the rollups also record this process's CPU time (process.cpuUsage, user + system, all of its threads, so the garbage collector's helper threads count too). With other processes on the cores the wall-clock figures of one run vary several-fold, the CPU figures by 10-30%; the nightly goal counts as met only when both ratios reach 20×.",
  "Not run: 200K events/day over 90 days (18M events); the 200K rate is measured over 30 days and the 90-day size at 100K/day, to keep the whole bench under 10 minutes on this machine.",
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const configs = quick ? QUICK : FULL;
  const feedFlag = args.indexOf("--feed");
  if (feedFlag >= 0) {
    await writeEventFeed(Number(args[feedFlag + 1]), args[feedFlag + 2], Number(args[feedFlag + 3]));
    return;
  }
  if (args.includes("--default-home")) {
    process.stdout.write(`${JSON.stringify(measureDefaultHome(quick ? 3 : 14))}\n`);
    return;
  }
  const compareFlag = args.indexOf("--compare");
  if (compareFlag >= 0) {
    const pending = JSON.parse(args[compareFlag + 1]) as PendingComparison;
    process.stdout.write(`${JSON.stringify(await runComparison(pending, args[compareFlag + 2]))}\n`);
    return;
  }
  const scenarioFlag = args.indexOf("--scenario");
  if (scenarioFlag >= 0) {
    const config = configs.find((c) => c.name === args[scenarioFlag + 1]);
    if (!config) throw new Error(`no scenario named ${args[scenarioFlag + 1]}`);
    process.stdout.write(`${JSON.stringify(await runScenario(config, fileURLToPath(import.meta.url)))}\n`);
    return;
  }
  const only = args.includes("--only") ? (args[args.indexOf("--only") + 1] ?? "").split(",") : null;
  const unknown = only?.filter((name) => !configs.some((c) => c.name === name)) ?? [];
  if (only && (only.length === 0 || unknown.length > 0))
    throw new Error(`--only takes configuration names from: ${configs.map((c) => c.name).join(", ")}`);
  const loadStart = os.loadavg();
  const results: ScenarioResult[] = [];
  for (const config of configs.filter((c) => !only || only.includes(c.name))) {
    process.stderr.write(`bench ${config.name}: ${config.eventsPerDay} events/day × ${config.days} days\n`);
    results.push(await runChild(config, quick));
  }
  let home: DefaultHomeFootprint | null = null;
  if (!only) {
    process.stderr.write("bench default home: L2 per day\n");
    home = await runJsonChild<DefaultHomeFootprint>(["--default-home", ...(quick ? ["--quick"] : [])], []);
  }
  const root = packageRoot();
  const commit = gitCommit(root);
  const heading = [
    ...(quick ? ["QUICK RUN (--quick): reduced sizes, not the benchmark."] : []),
    ...(only
      ? [`ONLY ${only.join(", ")} (--only): the other configurations, the default home and the load were not run.`]
      : []),
  ];
  const markdown = `${benchmarksMarkdown(machineInfo(commit, new Date()), results, [...heading, ...NOTES])}\n${footprintMarkdown(
    results,
    home,
    only ? [] : HAND_MEASURED,
    { start: loadStart, end: os.loadavg() },
    only ? "" : readFileSync(path.join(root, "bench", "memory", "measured-by-hand.md"), "utf8"),
  )}`;
  if (only) {
    const target = path.join(root, quick ? "BENCHMARKS.only.quick.md" : "BENCHMARKS.only.md");
    writeFileSync(target, `${markdown.trimEnd()}\n`);
    process.stderr.write(`wrote ${target}\n`);
    return;
  }
  process.stderr.write("bench load: the panel's routes under 50 clients\n");
  const load = await runLoadBench(quick ? { ...FULL_LOAD, events: 200_000, durationMs: 8_000 } : FULL_LOAD);
  const target = path.join(root, quick ? "BENCHMARKS.quick.md" : "BENCHMARKS.md");
  // The 10M-row import is measured apart (npm run bench:import, too long for this run): keep its section.
  const imported = existsSync(target) ? importSectionOf(readFileSync(target, "utf8")) : undefined;
  writeFileSync(target, `${markdown.trimEnd()}\n\n${loadMarkdown(load)}${imported ? `\n\n${imported}\n` : ""}`);
  process.stderr.write(`wrote ${target}\n`);
}

/**
 * Runs a configuration in its own process; then, when it compares with the naive path, the
 * comparison on the data dir it left, in another process with node's defaults (both paths' 30-day
 * windows of every kind need the room the service's flags do not give).
 */
async function runChild(config: ScenarioConfig, quick: boolean): Promise<ScenarioResult> {
  const result = await runJsonChild<ScenarioResult>(
    ["--scenario", config.name, ...(quick ? ["--quick"] : [])],
    config.nodeFlags ?? [],
    config.env,
  );
  const pending = result.pendingComparison;
  if (!pending) return result;
  try {
    const compared = await runJsonChild<Pick<ScenarioResult, "nightly" | "kindCosts">>(
      ["--compare", JSON.stringify(pending), config.name],
      [],
    );
    return { ...result, ...compared, pendingComparison: undefined };
  } finally {
    rmSync(pending.dir, { recursive: true, force: true });
  }
}

/** Runs this script again in its own process and reads the JSON line it ends with. */
function runJsonChild<T>(args: string[], nodeFlags: string[], env?: Record<string, string>): Promise<T> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, self, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1)!) as T);
      } catch (err) {
        reject(err);
      }
    });
  });
}

function gitCommit(root: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
