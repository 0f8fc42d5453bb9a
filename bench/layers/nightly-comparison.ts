// The nightly cycle on the layers (roll up one day, read every detector window from L2/L3) against
// the naive path (the same windows computed from 30 days of raw events), with the outputs compared.
import { isDeepStrictEqual } from "node:util";
import { addDays } from "../../src/core/local-time.js";
import type { AggregateKind } from "../../src/layers/aggregate-kind.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { mergeDays } from "../../src/layers/merge-rows.js";
import { periodDays, periodOf, periodsTouching } from "../../src/layers/periods.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import type { BenchHome } from "./bench-home.js";

export interface NightlyComparison {
  windowDays: number;
  layeredMs: number;
  layeredRollupMs: number;
  layeredReadMs: number;
  naiveMs: number;
  /** CPU time of this process (user + system) for the same medians: steadier than wall time on a shared machine. */
  layeredCpuMs: number;
  layeredRollupCpuMs: number;
  layeredReadCpuMs: number;
  naiveCpuMs: number;
  cpuSpeedup: number;
  /** Raw days the naive path read (the window, plus earlier days of the L3 periods it touches, for their kinds only). */
  naiveRawDays: number;
  naiveRawEvents: number;
  speedup: number;
  /** Per window: equal on both paths. */
  identical: Record<string, boolean>;
}

interface Windows {
  merged: Map<string, Map<string, unknown>>;
  byDay: Map<string, Map<string, Map<string, unknown>>>;
  byPeriod: Map<string, Map<string, Map<string, unknown>>>;
}

const WARMUP_PASSES = 3;

/** The layered cycle is repeated (median of `repeats`); the naive path, tens of seconds at 200K/day, runs once. */
export function compareNightly(bench: BenchHome, lastDay: string, windowDays = 30, repeats = 3): NightlyComparison {
  const { layers, stores, time, clock } = bench;
  const from = addDays(lastDay, -(windowDays - 1));
  const reader = layers.reader;

  let layered: Windows = emptyWindows();
  const layeredRuns: { total: number; rollup: number; read: number; cpuRollup: number; cpuRead: number }[] = [];
  // The comparison runs in a fresh process: untimed passes first warm the layered path's code, as
  // the thirty nightly rollups before it did when it ran in the scenario's process (after one pass
  // the rollup of a 10K day still took 1.5-2.5 times its steady time).
  for (let i = -WARMUP_PASSES; i < repeats; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    layers.rollup.rollupDay(lastDay);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    layered = emptyWindows();
    for (const kind of L2_KINDS) {
      // One read of each window answers both its merged rows and its rows per day.
      const window = reader.window(kind, from, lastDay);
      layered.merged.set(kind.name, window.merged);
      layered.byDay.set(kind.name, window.byDay);
    }
    for (const kind of L3_KINDS) layered.byPeriod.set(kind.name, reader.byPeriod(kind, from, lastDay));
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    if (i >= 0)
      layeredRuns.push({
        total: t2 - t0,
        rollup: t1 - t0,
        read: t2 - t1,
        cpuRollup: cpu(c1, c0),
        cpuRead: cpu(c2, c1),
      });
  }

  const reference = new ReferenceWindowReader({
    events: stores.events,
    time,
    clock,
    areaOf: (e) => stores.registry.areaOf(e),
  });
  // One untimed day warms the naive path's code; its one run over 30 days warms itself as it goes.
  reference.computeAll(L2_KINDS, reference.coveredDays(lastDay, lastDay));
  let naive: Windows = emptyWindows();
  const naiveRuns: number[] = [];
  const naiveCpu: number[] = [];
  let rawDays = 0;
  for (let i = 0; i < 1; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    naive = emptyWindows();
    const windowDaysList = reference.coveredDays(from, lastDay);
    const all = reference.computeAll(L2_KINDS, windowDaysList);
    for (const kind of L2_KINDS) {
      const days = all.get(kind.name)!;
      naive.byDay.set(kind.name, days);
      naive.merged.set(kind.name, mergeDays(kind, days.values()));
    }
    // L3 periods touching the window also hold their days before it: read those days for the source kinds only.
    const sources = [...new Map(L3_KINDS.map((k) => [k.source.name, k.source])).values()] as AggregateKind<unknown>[];
    let earliest = from;
    for (const k of L3_KINDS) {
      const first = periodDays(periodsTouching(from, lastDay, k.period)[0], k.period).first;
      if (first < earliest) earliest = first;
    }
    const before = earliest < from ? reference.coveredDays(earliest, addDays(from, -1)) : [];
    const earlier = reference.computeAll(sources, before);
    rawDays = windowDaysList.length + before.length;
    for (const k of L3_KINDS) {
      const periods = new Map<string, Map<string, unknown>[]>();
      for (const day of [...before, ...windowDaysList]) {
        const rows = earlier.get(k.source.name)?.get(day) ?? all.get(k.source.name)!.get(day)!;
        const period = periodOf(day, k.period);
        if (!periods.has(period)) periods.set(period, []);
        periods.get(period)!.push(rows);
      }
      naive.byPeriod.set(k.name, new Map([...periods].map(([p, days]) => [p, mergeDays(k.source, days)])));
    }
    naiveRuns.push(performance.now() - t0);
    naiveCpu.push(cpu(process.cpuUsage(), c0));
  }

  const identical: Record<string, boolean> = {};
  for (const kind of L2_KINDS) {
    identical[`${kind.name} merged`] = isDeepStrictEqual(layered.merged.get(kind.name), naive.merged.get(kind.name));
    identical[`${kind.name} byDay`] = isDeepStrictEqual(layered.byDay.get(kind.name), naive.byDay.get(kind.name));
  }
  for (const kind of L3_KINDS)
    identical[`${kind.name} byPeriod`] = isDeepStrictEqual(
      layered.byPeriod.get(kind.name),
      naive.byPeriod.get(kind.name),
    );

  const first = time.dayBounds(addDays(lastDay, -(rawDays - 1))).start;
  const naiveRawEvents = (
    stores.db
      .prepare("SELECT count(*) AS n FROM events WHERE ts >= ? AND ts < ?")
      .get(first, time.dayBounds(lastDay).end) as { n: number }
  ).n;
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const layeredMs = med(layeredRuns.map((r) => r.total));
  const naiveMs = med(naiveRuns);
  const layeredCpuMs = med(layeredRuns.map((r) => r.cpuRollup + r.cpuRead));
  const naiveCpuMs = med(naiveCpu);
  return {
    windowDays,
    layeredMs: Math.round(layeredMs),
    layeredRollupMs: Math.round(med(layeredRuns.map((r) => r.rollup))),
    layeredReadMs: Math.round(med(layeredRuns.map((r) => r.read))),
    naiveMs: Math.round(naiveMs),
    layeredCpuMs: Math.round(layeredCpuMs),
    layeredRollupCpuMs: Math.round(med(layeredRuns.map((r) => r.cpuRollup))),
    layeredReadCpuMs: Math.round(med(layeredRuns.map((r) => r.cpuRead))),
    naiveCpuMs: Math.round(naiveCpuMs),
    cpuSpeedup: Math.round((naiveCpuMs / layeredCpuMs) * 10) / 10,
    naiveRawDays: rawDays,
    naiveRawEvents,
    speedup: Math.round((naiveMs / layeredMs) * 10) / 10,
    identical,
  };
}

/** CPU milliseconds (user + system) between two process.cpuUsage() readings. */
function cpu(later: NodeJS.CpuUsage, earlier: NodeJS.CpuUsage): number {
  return (later.user - earlier.user + later.system - earlier.system) / 1000;
}

function emptyWindows(): Windows {
  return { merged: new Map(), byDay: new Map(), byPeriod: new Map() };
}
