// Developer tool: keeps a simulated store on disk and measures one nightly cycle's CPU time, step by step.
// build:   node dist-bench/bench/layers/nightly-profile.js build <dir> <events/day> <days>
// measure: node dist-bench/bench/layers/nightly-profile.js measure <dir> [repeats] [--naive] [--rollup-only]
// The same store can be measured by two builds (A/B in turns) without simulating it again; a store
// written before migration 0010 is migrated when opened, so copy it first to keep the old form.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ManualClock } from "../../src/core/clock.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { loadDayInput } from "../../src/layers/day-input-loader.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../../src/layers/layer-services.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { BENCH_ZONE } from "./bench-home.js";
import { readEventFeed } from "./event-feed.js";
import { compareNightly } from "./nightly-comparison.js";

const FIRST_DAY = "2026-01-05";

function open(dir: string, now: number): { stores: SqliteStores; layers: LayerServices; clock: ManualClock } {
  const time = new LocalTime(BENCH_ZONE);
  const clock = new ManualClock(now);
  const logger = createMemoryLogger("error");
  const stores = openSqliteStores({ dataDir: dir, logger, now: () => clock.now() });
  const layers = createLayerServices({
    stores,
    dataDir: dir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger,
    options: { raw_retention_days: 90, daily_retention_days: 90, weekly_retention_weeks: 52, storage_budget_mb: 1e5 },
  });
  return { stores, layers, clock };
}

async function build(dir: string, perDay: number, days: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const time = new LocalTime(BENCH_ZONE);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "run-bench.js");
  const feed = readEventFeed(script, perDay, FIRST_DAY, days);
  const first = await feed.messages.next();
  if (first.done || first.value.type !== "registry") throw new Error("no registry");
  const { stores, layers, clock } = open(dir, time.toEpoch(FIRST_DAY, 0));
  stores.registry.upsertAreas(first.value.areas);
  stores.registry.upsertDevices(first.value.devices);
  stores.registry.upsertEntities(first.value.entities);
  feed.nextDay();
  for await (const m of feed.messages) {
    if (m.type === "batch") stores.events.append(m.events);
    if (m.type !== "dayEnd") continue;
    clock.set(time.toEpoch(addDays(m.day, 1), 10));
    await layers.rollup.rollupPending("nightly");
    process.stderr.write(`${m.day}\n`);
    feed.nextDay();
  }
  await layers.stop();
  stores.close();
}

function cpuMs(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

function measure(dir: string, repeats: number, naive: boolean): void {
  if (!existsSync(dir)) throw new Error(`no store at ${dir}`);
  const time = new LocalTime(BENCH_ZONE);
  const probe = openSqliteStores({ dataDir: dir, logger: createMemoryLogger("error"), now: () => 0 });
  const { last } = probe.db.prepare("SELECT max(day) AS last FROM layer_days").get() as { last: string };
  probe.close();
  const { stores, layers } = open(dir, time.toEpoch(addDays(last, 1), 10));
  const from = addDays(last, -29);
  const reader = layers.reader;
  const areaOf = (e: string) => stores.registry.areaOf(e);
  const out: Record<string, number[]> = {};
  const note = (k: string, ms: number) => {
    out[k] ??= [];
    out[k].push(Math.round(ms));
  };
  const rollupOnly = process.argv.includes("--rollup-only");
  for (let r = 0; r < repeats; r++) {
    note(
      "rollup",
      cpuMs(() => layers.rollup.rollupDay(last)),
    );
    if (rollupOnly) continue;
    note(
      "load",
      cpuMs(() => loadDayInput(stores.events, last, time, areaOf)),
    );
    const input = loadDayInput(stores.events, last, time, areaOf);
    for (const k of L2_KINDS)
      note(
        `compute ${k.name}`,
        cpuMs(() => k.computeDay(input)),
      );
    let reads = 0;
    for (const k of L2_KINDS) {
      const m = cpuMs(() => reader.merged(k, from, last));
      const d = cpuMs(() => reader.byDay(k, from, last));
      note(`merged ${k.name}`, m);
      note(`byDay ${k.name}`, d);
      // Both from one read of each day, as the nightly comparison reads them.
      const w = cpuMs(() => reader.window(k, from, last));
      note(`window ${k.name}`, w);
      reads += w;
    }
    for (const k of L3_KINDS) {
      const p = cpuMs(() => reader.byPeriod(k, from, last));
      note(`byPeriod ${k.name}`, p);
      reads += p;
    }
    note("reads", reads);
  }
  for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(32)} ${v.join(" ")}\n`);
  if (naive) {
    const c = process.cpuUsage();
    const cmp = compareNightly(
      {
        dir,
        stores,
        layers,
        clock: new ManualClock(time.toEpoch(addDays(last, 1), 10)),
        time,
        dispose: async () => {},
      },
      last,
      30,
      1,
    );
    const d = process.cpuUsage(c);
    const bad = Object.entries(cmp.identical).filter(([, ok]) => !ok);
    process.stdout.write(
      `nightly wall: layered ${cmp.layeredMs} naive ${cmp.naiveMs} ratio ${cmp.speedup}; CPU: layered ${cmp.layeredCpuMs} (rollup ${cmp.layeredRollupCpuMs} + reads ${cmp.layeredReadCpuMs}) naive ${cmp.naiveCpuMs} ratio ${cmp.cpuSpeedup}; total ${Math.round((d.user + d.system) / 1000)}; not identical: ${bad.map(([k]) => k).join(", ") || "none"}\n`,
    );
  }
  stores.close();
}

const [cmd, dir, a, b] = process.argv.slice(2);
if (cmd === "build") await build(dir, Number(a), Number(b));
else if (cmd === "measure") measure(dir, Number(a ?? 3), process.argv.includes("--naive"));
else throw new Error("usage: build <dir> <perDay> <days> | measure <dir> [repeats] [--naive]");
