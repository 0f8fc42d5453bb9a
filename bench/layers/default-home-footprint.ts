// L2 per day on the default simulated home (the demo's home): the issue-15 size goal, measured in its own process.
import { addDays } from "../../src/core/local-time.js";
import { createSimulatedHome } from "../../src/sources/simulator/index.js";
import { tableBytes } from "../../src/storage/sqlite/sqlite-space.js";
import { openBenchHome } from "./bench-home.js";

export interface DefaultHomeFootprint {
  days: number;
  eventsPerDay: number;
  /** L2 tables on disk (pages incl. index) per rolled-up day, and per kind. */
  l2BytesPerDay: number;
  l2RowsPerDay: number;
  byKind: { kind: string; bytesPerDay: number }[];
  /** L1 events table (and its dictionaries) per day. */
  l1BytesPerDay: number;
  peakRssMb: number;
}

const FIRST_DAY = "2026-01-05";

/** The demo's home (default size and rate, seed 1, Europe/Berlin), `days` days ingested and rolled up. */
export function measureDefaultHome(days = 14): DefaultHomeFootprint {
  const home = createSimulatedHome({ seed: 1, timeZone: "Europe/Berlin" });
  const bench = openBenchHome({
    registry: { areas: home.areas, devices: home.devices, entities: home.entities },
    rawRetentionDays: 60,
    firstDay: FIRST_DAY,
  });
  let events = 0;
  for (const day of home.generate(FIRST_DAY, days)) {
    for (let i = 0; i < day.events.length; i += 5000) bench.stores.events.append(day.events.slice(i, i + 5000));
    events += day.events.length;
    bench.clock.set(bench.time.toEpoch(addDays(day.day, 1), 10));
    bench.layers.rollup.rollupDay(day.day);
  }
  bench.stores.db.pragma("wal_checkpoint(TRUNCATE)");
  const tables = tableBytes(bench.stores.db) ?? new Map<string, number>();
  const kinds = bench.layers.rollup.dailyKinds.map((k) => k.name);
  const byKind = kinds.map((kind) => ({ kind, bytesPerDay: Math.round((tables.get(kind) ?? 0) / days) }));
  const rows = kinds.reduce(
    (n, t) => n + (bench.stores.db.prepare(`SELECT coalesce(sum(rows), 0) AS n FROM ${t}`).get() as { n: number }).n,
    0,
  );
  const l1 = ["events", "entities", "states", "sources", "users", "contexts"].reduce(
    (n, t) => n + (tables.get(t) ?? 0),
    0,
  );
  const result: DefaultHomeFootprint = {
    days,
    eventsPerDay: Math.round(events / days),
    l2BytesPerDay: Math.round(byKind.reduce((n, k) => n + k.bytesPerDay, 0)),
    l2RowsPerDay: Math.round(rows / days),
    byKind,
    l1BytesPerDay: Math.round(l1 / days),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  void bench.dispose();
  return result;
}
