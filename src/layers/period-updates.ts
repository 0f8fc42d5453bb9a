// Keeps the L3 periods (weeks, months) up to date as days are rolled up: merged in, or recomputed from L2.
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { PeriodKind } from "./aggregate-kind.js";
import { absorbInto } from "./merge-rows.js";
import { periodDays } from "./periods.js";

/**
 * Brings one L3 period up to date after `day` was rolled up. A day that extends the period past
 * its last day (every night's case) is merged into the stored period: the same fold, in the same
 * order, as recomputing from every day, without reading a month of L2 again. Anything else (a day
 * rolled up again, a gap, a purged day) recomputes.
 */
export function updatePeriod(
  store: AggregateStore,
  pk: PeriodKind<unknown>,
  period: string,
  day: string,
  at: number,
): boolean {
  const existing = store.periodRecords(pk.name, [period])[0];
  if (existing && day > existing.lastDay) {
    const { first, last } = periodDays(period, pk.period);
    const covered = store
      .dayRecords(first, last)
      .filter((r) => r.rolledUpAt !== null && r.l2PurgedAt === null)
      .map((r) => r.day);
    const before = covered.filter((d) => d >= existing.firstDay && d <= existing.lastDay);
    if (before.length === existing.dayCount && covered.length === before.length + 1 && covered.at(-1) === day) {
      const merged = new Map<string, unknown>();
      for (const row of store.periodRows(pk.name, [period])) merged.set(row.key, row.value);
      // Read back as stored, so the day's values are exactly what a recompute would read.
      for (const row of store.dayRows(pk.source.name, day, day)) absorbInto(pk.source, merged, row.key, row.value);
      store.replacePeriod(pk.name, period, merged, {
        firstDay: covered[0],
        lastDay: day,
        dayCount: covered.length,
        updatedAt: at,
      });
      return true;
    }
  }
  return recomputePeriod(store, pk, period, at);
}

/**
 * Recomputes one L3 period from its L2 days. When some day it was merged from has since left L2
 * (retention or the storage budget), the period keeps its rows: recomputing would lose that day.
 */
function recomputePeriod(store: AggregateStore, pk: PeriodKind<unknown>, period: string, at: number): boolean {
  const { first, last } = periodDays(period, pk.period);
  const covered = store
    .dayRecords(first, last)
    .filter((r) => r.rolledUpAt !== null && r.l2PurgedAt === null)
    .map((r) => r.day);
  const existing = store.periodRecords(pk.name, [period])[0];
  if (existing) {
    const stillThere = covered.filter((d) => d >= existing.firstDay && d <= existing.lastDay).length;
    if (stillThere < existing.dayCount) return false;
  }
  if (covered.length === 0) return false;
  const merged = new Map<string, unknown>();
  for (const row of store.dayRows(pk.source.name, first, last)) absorbInto(pk.source, merged, row.key, row.value);
  store.replacePeriod(pk.name, period, merged, {
    firstDay: covered[0],
    lastDay: covered[covered.length - 1],
    dayCount: covered.length,
    updatedAt: at,
  });
  return true;
}
