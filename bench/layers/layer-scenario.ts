// One benchmark configuration, run in its own process: N simulated days at a rate, ingested, rolled up nightly, measured.

import type { AppEvents } from "../../src/app-events.js";
import { TypedBus } from "../../src/core/event-bus.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createEntityFilter } from "../../src/ingest/entity-filter.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { measureSqlite, tableBytes } from "../../src/storage/sqlite/sqlite-space.js";
import { type BenchHome, type BenchRegistry, openBenchHome } from "./bench-home.js";
import { FEED_BATCH, type FeedMessage, readEventFeed } from "./event-feed.js";
import { type KindCosts, measureKindCosts } from "./kind-costs.js";
import { compareNightly, type NightlyComparison } from "./nightly-comparison.js";
import { StepPeaks } from "./step-peak.js";

export interface ScenarioConfig {
  name: string;
  eventsPerDay: number;
  days: number;
  rawRetentionDays: number;
  /** Days after which sizes are measured. */
  checkpoints: number[];
  /** Compare the nightly cycle with the naive path at the end (needs raw retention ≥ 30 days). */
  compareNaive: boolean;
  /** Also measure one day through the full ingest pipeline, and with synchronous=FULL. */
  ingestVariants: boolean;
  /** Node flags for the scenario's process (e.g. a capped heap). */
  nodeFlags?: string[];
  /** Environment added for the scenario's process (e.g. MALLOC_ARENA_MAX, as the service runs). */
  env?: Record<string, string>;
}

export interface SizeCheckpoint {
  afterDays: number;
  sqliteBytes: number;
  walBytes: number;
  archiveBytes: number;
  totalBytes: number;
  l1Rows: number;
  l1TableBytes: number;
  l1DictionaryBytes: number;
  bytesPerRawEvent: number;
  bytesPerRawEventWithDictionaries: number;
  l2Bytes: number;
  l2Rows: number;
  l3Bytes: number;
  archiveFiles: number;
  archiveBytesPerEvent: number;
}

export interface ScenarioResult {
  config: ScenarioConfig;
  totalEvents: number;
  generateMs: number;
  ingest: { events: number; ms: number; perSecond: number; batch: number };
  ingestPipeline?: { events: number; ms: number; perSecond: number };
  ingestSyncFull?: { events: number; ms: number; perSecond: number };
  /** Wall time per closed day, and the CPU time of this process for it (steadier on a shared machine). */
  rollup: {
    days: number;
    medianMs: number;
    maxMs: number;
    medianEvents: number;
    medianCpuMs: number;
    maxCpuMs: number;
  };
  archive: { medianMs: number; maxMs: number };
  retention: { medianMs: number; maxMs: number };
  checkpoints: SizeCheckpoint[];
  nightly?: NightlyComparison;
  /** The data dir this process left for the comparison, which runs in a process of its own (runComparison). */
  pendingComparison?: PendingComparison;
  /** Per L2 kind, on the last day (runs that compare with the naive path). */
  kindCosts?: KindCosts;
  peakRssMb: number;
  /** Peak resident memory during each step (VmHWM reset before it), the most of that kind of step, in MB. */
  rssAfter: { open: number; generate: number; ingest: number; rollup: number; archive: number; retention: number };
  wallMs: number;
}

const FIRST_DAY = "2026-01-05";

export interface PendingComparison {
  dir: string;
  lastDay: string;
  clockMs: number;
  rawRetentionDays: number;
}

export async function runScenario(config: ScenarioConfig, script: string): Promise<ScenarioResult> {
  const wall = performance.now();
  const feed = readEventFeed(script, config.eventsPerDay, FIRST_DAY, config.days);
  const registry = await firstRegistry(feed.messages);
  const bench = openBenchHome({ registry, rawRetentionDays: config.rawRetentionDays, firstDay: FIRST_DAY });
  const { layers, stores, time, clock } = bench;
  let generateMs = 0;
  let ingestMs = 0;
  let totalEvents = 0;
  const rollupMs: number[] = [];
  const rollupCpuMs: number[] = [];
  const rollupEvents: number[] = [];
  const archiveMs: number[] = [];
  const retentionMs: number[] = [];
  const checkpoints: SizeCheckpoint[] = [];
  let dayIndex = 0;
  const steps = new StepPeaks(["open", "generate", "ingest", "rollup", "archive", "retention"] as const);
  steps.record("open");
  const sample = (step: keyof typeof steps.peaks) => steps.record(step);
  feed.nextDay();
  for (;;) {
    let t = performance.now();
    const next = await feed.messages.next();
    generateMs += performance.now() - t;
    if (next.done) break;
    const message = next.value;
    sample("generate");
    if (message.type === "batch") {
      t = performance.now();
      totalEvents += stores.events.append(message.events).inserted;
      ingestMs += performance.now() - t;
      sample("ingest");
      continue;
    }
    if (message.type !== "dayEnd") continue;

    // Ten minutes after the next local midnight: the nightly cycle, step by step as LayerCycle runs it.
    clock.set(time.toEpoch(addDays(message.day, 1), 10));
    t = performance.now();
    const cpu = process.cpuUsage();
    const rolled = await layers.rollup.rollupPending("nightly");
    rollupMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    rollupCpuMs.push((used.user + used.system) / 1000);
    rollupEvents.push(rolled.rolledUp.reduce((n, d) => n + d.events, 0));
    if (rolled.failed.length > 0) throw new Error(`rollup failed: ${JSON.stringify(rolled.failed)}`);
    sample("rollup");
    t = performance.now();
    const archived = await layers.archiver.archivePending();
    archiveMs.push(performance.now() - t);
    if (archived.failed.length > 0) throw new Error(`archive failed: ${JSON.stringify(archived.failed)}`);
    sample("archive");
    t = performance.now();
    layers.retention.run();
    retentionMs.push(performance.now() - t);
    sample("retention");
    layers.budget.enforce();

    dayIndex++;
    if (config.checkpoints.includes(dayIndex)) checkpoints.push(measureSizes(bench, dayIndex));
    feed.nextDay();
    if (dayIndex % 10 === 0) process.stderr.write(`  ${config.name}: ${dayIndex}/${config.days} days\n`);
  }

  const result: ScenarioResult = {
    config,
    totalEvents,
    generateMs: Math.round(generateMs),
    ingest: {
      events: totalEvents,
      ms: Math.round(ingestMs),
      perSecond: Math.round(totalEvents / (ingestMs / 1000)),
      batch: FEED_BATCH,
    },
    rollup: {
      days: rollupMs.length,
      medianMs: median(rollupMs),
      maxMs: Math.round(Math.max(...rollupMs)),
      medianEvents: median(rollupEvents),
      medianCpuMs: median(rollupCpuMs),
      maxCpuMs: Math.round(Math.max(...rollupCpuMs)),
    },
    archive: { medianMs: median(archiveMs), maxMs: Math.round(Math.max(...archiveMs)) },
    retention: { medianMs: median(retentionMs), maxMs: Math.round(Math.max(...retentionMs)) },
    checkpoints,
    peakRssMb: 0,
    rssAfter: steps.peaks,
    wallMs: 0,
  };
  result.peakRssMb = steps.peakMb();
  // The comparison holds both paths' 30-day windows of every kind, which the service never does:
  // it runs in a process of its own on the data dir left here, so that this process runs with the
  // service's flags and its peak is the service's work alone.
  if (config.compareNaive)
    result.pendingComparison = {
      dir: bench.dir,
      lastDay: addDays(FIRST_DAY, config.days - 1),
      clockMs: clock.now(),
      rawRetentionDays: config.rawRetentionDays,
    };
  await bench.dispose({ keepDir: config.compareNaive });
  if (config.ingestVariants) {
    result.ingestPipeline = await pipelineDay(script, config.eventsPerDay, false);
    result.ingestSyncFull = await pipelineDay(script, config.eventsPerDay, true);
  }
  result.wallMs = Math.round(performance.now() - wall);
  return result;
}

/** The nightly cycle against the naive path, and the per-kind costs, on a data dir a scenario left; removes it after. */
export async function runComparison(
  pending: PendingComparison,
  name: string,
): Promise<{ nightly: NightlyComparison; kindCosts: KindCosts }> {
  const bench = openBenchHome({
    reopen: { dir: pending.dir, clockMs: pending.clockMs },
    rawRetentionDays: pending.rawRetentionDays,
  });
  try {
    process.stderr.write(`  ${name}: nightly cycle against the naive path\n`);
    const nightly = compareNightly(bench, pending.lastDay);
    const kindCosts = measureKindCosts(bench, pending.lastDay, 30);
    return { nightly, kindCosts };
  } finally {
    await bench.dispose();
  }
}

async function firstRegistry(feed: AsyncGenerator<FeedMessage>): Promise<BenchRegistry> {
  const first = await feed.next();
  if (first.done || first.value.type !== "registry") throw new Error("the event feed did not start with the registry");
  return first.value;
}

function measureSizes(bench: BenchHome, afterDays: number): SizeCheckpoint {
  const { stores, layers } = bench;
  const sqlite = measureSqlite(stores.db, stores.file);
  const tables = tableBytes(stores.db) ?? new Map<string, number>();
  const l1Rows = (stores.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  const l1TableBytes = tables.get("events") ?? 0;
  const l1DictionaryBytes = ["entities", "states", "sources", "users", "contexts"].reduce(
    (n, t) => n + (tables.get(t) ?? 0),
    0,
  );
  const daily = layers.rollup.dailyKinds.map((k) => k.name);
  const l2Bytes = daily.reduce((n, t) => n + (tables.get(t) ?? 0), 0);
  const l2Rows = daily.reduce(
    (n, t) => n + (stores.db.prepare(`SELECT coalesce(sum(rows), 0) AS n FROM ${t}`).get() as { n: number }).n,
    0,
  );
  const l3Bytes = ["session_weekly", "day_type_weekly", "contextual_monthly", "seasonal_monthly"].reduce(
    (n, t) => n + (tables.get(t) ?? 0),
    0,
  );
  const files = layers.archive.list();
  const archiveBytes = files.reduce((n, f) => n + f.bytes, 0);
  const archivedEvents = layers.aggregates
    .dayRecords()
    .filter((r) => r.archivedAt !== null)
    .reduce((n, r) => n + (r.eventCount ?? 0), 0);
  return {
    afterDays,
    sqliteBytes: sqlite.fileBytes,
    walBytes: sqlite.walBytes,
    archiveBytes,
    totalBytes: sqlite.fileBytes + sqlite.walBytes + archiveBytes,
    l1Rows,
    l1TableBytes,
    l1DictionaryBytes,
    bytesPerRawEvent: round1(l1TableBytes / Math.max(1, l1Rows)),
    bytesPerRawEventWithDictionaries: round1((l1TableBytes + l1DictionaryBytes) / Math.max(1, l1Rows)),
    l2Bytes,
    l2Rows,
    l3Bytes,
    archiveFiles: files.length,
    archiveBytesPerEvent: round1(archiveBytes / Math.max(1, archivedEvents)),
  };
}

/** One day through normalize → filter → batch → append (the live path), on a fresh data dir. */
async function pipelineDay(
  script: string,
  eventsPerDay: number,
  syncFull: boolean,
): Promise<{ events: number; ms: number; perSecond: number }> {
  const feed = readEventFeed(script, eventsPerDay, FIRST_DAY, 1);
  const bench = openBenchHome({
    registry: await firstRegistry(feed.messages),
    rawRetentionDays: 7,
    firstDay: FIRST_DAY,
  });
  if (syncFull) bench.stores.db.pragma("synchronous = FULL");
  const events: HomeEvent[] = [];
  feed.nextDay();
  for await (const m of feed.messages) {
    if (m.type === "batch") events.push(...m.events);
    if (m.type === "dayEnd") feed.nextDay();
  }
  const logger = createMemoryLogger("error");
  const pipeline = new IngestPipeline({
    store: bench.stores.events,
    cursors: bench.stores.cursors,
    clock: bench.clock,
    logger,
    filter: createEntityFilter({
      include_domains: [],
      exclude_domains: [],
      include_entities: [],
      exclude_entities: [],
    }),
    bus: new TypedBus<AppEvents>(logger),
    maxBatch: FEED_BATCH,
  });
  const t = performance.now();
  for (const e of events) pipeline.push(e);
  pipeline.close();
  const ms = performance.now() - t;
  const stored = pipeline.counters().stored;
  await bench.dispose();
  return { events: stored, ms: Math.round(ms), perSecond: Math.round(stored / (ms / 1000)) };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  return Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
