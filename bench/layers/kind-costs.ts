// Where one nightly cycle's bytes and milliseconds go, per L2 kind: compute, pack, store, read back.
import { addDays } from "../../src/core/local-time.js";
import { loadDayInput } from "../../src/layers/day-input-loader.js";
import { L2_KINDS } from "../../src/layers/kinds/index.js";
import { packRows } from "../../src/storage/sqlite/aggregate-codec.js";
import { tableBytes } from "../../src/storage/sqlite/sqlite-space.js";
import type { BenchHome } from "./bench-home.js";

export interface KindCost {
  kind: string;
  /** Rows of the last day, and their JSON before packing. */
  rows: number;
  jsonBytes: number;
  /** The day's packed blob. */
  packedBytes: number;
  /** The table on disk (dbstat, pages incl. index) divided by the days it holds. */
  diskBytesPerDay: number;
  computeMs: number;
  packMs: number;
  /** Reading the window back: merged over the days, then per day, then both from one read (what the nightly comparison reads). */
  readMergedMs: number;
  readByDayMs: number;
  readWindowMs: number;
}

export interface KindCosts {
  day: string;
  windowDays: number;
  loadMs: number;
  kinds: KindCost[];
}

/** Measured once on the last day of a run, each step timed on its own (CPU-bound, one thread). */
export function measureKindCosts(bench: BenchHome, lastDay: string, windowDays: number): KindCosts {
  const { stores, time, layers } = bench;
  const from = addDays(lastDay, -(windowDays - 1));
  const t0 = performance.now();
  const input = loadDayInput(stores.events, lastDay, time, (e) => stores.registry.areaOf(e));
  const loadMs = performance.now() - t0;
  const tables = tableBytes(stores.db) ?? new Map<string, number>();
  const days = Math.max(1, layers.reader.coveredDays("0000-00-00", "9999-99-99").length);
  const kinds: KindCost[] = [];
  for (const kind of L2_KINDS) {
    let t = performance.now();
    const rows = kind.computeDay(input);
    const computeMs = performance.now() - t;
    t = performance.now();
    const packed = packRows(rows, kind.name);
    const packMs = performance.now() - t;
    const jsonBytes = Buffer.byteLength(JSON.stringify([...rows]));
    t = performance.now();
    layers.reader.merged(kind, from, lastDay);
    const readMergedMs = performance.now() - t;
    t = performance.now();
    layers.reader.byDay(kind, from, lastDay);
    const readByDayMs = performance.now() - t;
    t = performance.now();
    layers.reader.window(kind, from, lastDay);
    const readWindowMs = performance.now() - t;
    kinds.push({
      kind: kind.name,
      rows: rows.size,
      jsonBytes,
      packedBytes: packed.length,
      diskBytesPerDay: Math.round((tables.get(kind.name) ?? 0) / days),
      computeMs: round(computeMs),
      packMs: round(packMs),
      readMergedMs: round(readMergedMs),
      readByDayMs: round(readByDayMs),
      readWindowMs: round(readWindowMs),
    });
  }
  return { day: lastDay, windowDays, loadMs: round(loadMs), kinds };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
