// Windows of aggregates read from the L2/L3 tables: what the detectors use every night.
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { AggregateKind, PeriodKind, WindowReader } from "./aggregate-kind.js";
import { absorbInto } from "./merge-rows.js";
import { periodsTouching } from "./periods.js";
import { foldWindow, type KindWindow } from "./read-window.js";

export class StoredWindowReader implements WindowReader {
  /** Every row is decoded from its stored blob for the call that asked for it. */
  readonly freshRows = true;

  constructor(private readonly store: AggregateStore) {}

  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V> {
    const acc = new Map<string, V>();
    // Every row is decoded afresh for this window and held by nobody else: fold in place. Rows
    // come one at a time (not a whole day at once) to keep the detection run's peak low.
    for (const row of this.store.dayRows<V>(kind.name, from, to)) absorbInto(kind, acc, row.key, row.value);
    return acc;
  }

  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const out = new Map<string, Map<string, V>>();
    for (const day of this.coveredDays(from, to)) out.set(day, new Map());
    for (const row of this.store.dayRows<V>(kind.name, from, to)) out.get(row.at)?.set(row.key, row.value);
    return out;
  }

  *eachRow<V>(kind: AggregateKind<V>, from: string, to: string): Generator<{ at: string; key: string; value: V }> {
    const covered = new Set(this.coveredDays(from, to));
    for (const row of this.store.dayRows<V>(kind.name, from, to)) if (covered.has(row.at)) yield row;
  }

  /**
   * merged() and byDay() of one window from one read: each day is decoded once. The merged values
   * share parts with the day rows (a key of one day is the same object in both): read them, do
   * not change them.
   */
  window<V>(kind: AggregateKind<V>, from: string, to: string): KindWindow<V> {
    return foldWindow(kind, this.coveredDays(from, to), this.store.dayRowMaps<V>(kind.name, from, to));
  }

  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const periods = periodsTouching(from, to, kind.period);
    const out = new Map<string, Map<string, V>>();
    for (const record of this.store.periodRecords(kind.name, periods)) out.set(record.period, new Map());
    for (const row of this.store.periodRows<V>(kind.name, [...out.keys()])) out.get(row.at)?.set(row.key, row.value);
    return out;
  }

  coveredDays(from: string, to: string): string[] {
    return this.store
      .dayRecords(from, to)
      .filter((r) => r.rolledUpAt !== null && r.l2PurgedAt === null)
      .map((r) => r.day);
  }

  rolledUpDays(from: string, to: string): string[] {
    return this.store
      .dayRecords(from, to)
      .filter((r) => r.rolledUpAt !== null)
      .map((r) => r.day);
  }
}
