// Peak heap and resident memory of each detector run alone over a stored home (where a detection run's peak comes from).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rememberedTimeZone } from "../../src/app/home-time-zone.js";
import { SqliteAutomationRunStore } from "../../src/automations/automation-run-days.js";
import { automationSwitchedOff } from "../../src/automations/automation-switched-off.js";
import { SERVICE_NODE_FLAGS } from "../../src/cli/memory-flags.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createLogger } from "../../src/core/logger.js";
import { createDetectors, detectorSettings } from "../../src/detectors/registry.js";
import type { AggregateKind, PeriodKind, WindowReader } from "../../src/layers/aggregate-kind.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { PATTERN_TYPES, type PatternType } from "../../src/patterns/finding.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

/** The service's flags: what `run` and `npm start` give node. */
const SERVICE_FLAGS = [...SERVICE_NODE_FLAGS];

/**
 * `node dist-bench/bench/memory/detector-memory.js <data dir> <to YYYY-MM-DD> [--live] [--together] [detector...]`
 * Runs each detector (default: all) alone in a child node with the service's flags and
 * MALLOC_ARENA_MAX=2 (with --together, all of them one after the other in one child, as a
 * detection run does), and prints per detector: VmHWM before and after it ran, the largest heap
 * used seen after any window read (each day a detector reads), and with --live the largest live
 * heap after a full collection at those reads (slow: one full collection per read). Read-only:
 * the detectors' findings are counted, not stored. Use a copy of the store (migrations may run).
 */
function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    child(argv[1], argv[2], argv[3].split(",") as PatternType[], argv[4] === "live");
    return;
  }
  const live = argv.includes("--live");
  const together = argv.includes("--together");
  const [dataDir, to, ...rest] = argv.filter((a) => a !== "--live" && a !== "--together");
  if (!dataDir || !/^\d{4}-\d{2}-\d{2}$/.test(to ?? ""))
    throw new Error("usage: detector-memory <data dir> <to YYYY-MM-DD> [--live] [detector...]");
  const unknown = rest.filter((t) => !(PATTERN_TYPES as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`unknown detectors: ${unknown.join(", ")}`);
  const types = rest.length ? (rest as PatternType[]) : [...PATTERN_TYPES];
  const self = fileURLToPath(import.meta.url);
  const flags = live ? [...SERVICE_FLAGS, "--expose-gc"] : SERVICE_FLAGS;
  for (const group of together ? [types.join(",")] : types) {
    const run = spawnSync(process.execPath, [...flags, self, "--child", dataDir, to, group, live ? "live" : ""], {
      env: { ...process.env, MALLOC_ARENA_MAX: "2" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (run.status !== 0) throw new Error(`${group} failed (exit ${run.status})`);
    process.stdout.write(run.stdout);
  }
  process.stdout.write(`load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(", ")}\n`);
}

function child(dataDir: string, to: string, types: readonly PatternType[], live: boolean): void {
  const logger = createLogger("warn", (line) => process.stderr.write(`${line}\n`));
  const stores = openSqliteStores({ dataDir, logger, now: () => Date.now() });
  try {
    const zone = rememberedTimeZone(stores.cursors) ?? "UTC";
    let type: PatternType = types[0];
    let heapPeak = 0;
    let livePeak = 0;
    const sample = (read: string): void => {
      const used = process.memoryUsage().heapUsed;
      heapPeak = Math.max(heapPeak, used);
      if (live) {
        (globalThis as { gc?: () => void }).gc?.();
        const after = process.memoryUsage().heapUsed;
        livePeak = Math.max(livePeak, after);
        if (process.env.DETECTOR_MEMORY_TRACE)
          process.stderr.write(`${type} ${read} used ${mb(used / 1024)} live ${mb(after / 1024)}\n`);
      }
    };
    const reader = sampled(new StoredWindowReader(new SqliteAggregateStore(stores.db)), sample);
    const detectors = createDetectors(
      { detectors: [...types] },
      {
        automationRuns: new SqliteAutomationRunStore(stores.db),
        automationOff: automationSwitchedOff(stores.events),
      },
    );
    for (const detector of detectors) {
      type = detector.type;
      heapPeak = 0;
      livePeak = 0;
      const from = addDays(to, -(detector.windowDays - 1));
      const before = hwm();
      const started = performance.now();
      const input = {
        reader,
        from,
        to,
        time: new LocalTime(zone),
        registry: stores.registry,
        settings: detectorSettings({})(type),
      };
      const findings = detector.detect(input).length;
      const anomalies =
        "detectAnomalies" in detector ? (detector.detectAnomalies as (i: typeof input) => unknown[])(input).length : 0;
      sample("end");
      process.stdout.write(
        `${JSON.stringify({
          detector: type,
          findings,
          anomalies,
          ms: Math.round(performance.now() - started),
          hwmBeforeMb: mb(before),
          hwmAfterMb: mb(hwm()),
          heapUsedPeakMb: mb(heapPeak / 1024),
          ...(live ? { liveHeapPeakMb: mb(livePeak / 1024) } : {}),
          heapTotalMb: mb(process.memoryUsage().heapTotal / 1024),
        })}\n`,
      );
    }
  } finally {
    stores.close();
  }
}

/** A reader that samples memory after every read, and after each day of a row walk (eachRow). */
function sampled(reader: WindowReader, sample: (read: string) => void): WindowReader {
  return {
    freshRows: reader.freshRows,
    merged<V>(kind: AggregateKind<V>, from: string, to: string) {
      const out = reader.merged(kind, from, to);
      sample(`merged ${kind.name} ${from}..${to}`);
      return out;
    },
    byDay<V>(kind: AggregateKind<V>, from: string, to: string) {
      const out = reader.byDay(kind, from, to);
      sample(`byDay ${kind.name} ${from}..${to}`);
      return out;
    },
    byPeriod<V>(kind: PeriodKind<V>, from: string, to: string) {
      const out = reader.byPeriod(kind, from, to);
      sample(`byPeriod ${kind.name} ${from}..${to}`);
      return out;
    },
    ...(reader.eachRow
      ? {
          *eachRow<V>(kind: AggregateKind<V>, from: string, to: string) {
            let day: string | undefined;
            for (const row of reader.eachRow?.(kind, from, to) ?? []) {
              if (day !== undefined && row.at !== day) sample(`eachRow ${kind.name} ${day}`);
              day = row.at;
              yield row;
            }
            if (day !== undefined) sample(`eachRow ${kind.name} ${day}`);
          },
        }
      : {}),
    coveredDays: (from, to) => reader.coveredDays(from, to),
    rolledUpDays: (from, to) => reader.rolledUpDays(from, to),
  };
}

function hwm(): number {
  const line = readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+)/m);
  return line ? Number(line[1]) : 0;
}

function mb(kb: number): number {
  return Math.round(kb / 1024);
}

main();
