// Forgets a subject in L2 and L3 through the AggregateStore interface, kind by kind, whatever the rows' encoding.
import type { AggregateRow, AggregateStore } from "../storage/aggregate-store.js";
import { type ForgetSubject, names } from "./forget-subject.js";

export interface AggregateForgetKinds {
  daily: readonly string[];
  periodic: readonly string[];
  /** A kind whose rows name entities or people other than in their key or values' text can say so here. */
  rowNames?: (kind: string, row: AggregateRow, subject: ForgetSubject) => boolean;
}

/** The default judgement: the row's key or any string in its value holds the id as a token. */
export function rowNamesSubject(row: AggregateRow, subject: ForgetSubject): boolean {
  return names(row.key, subject.id) || names(JSON.stringify(row.value), subject.id);
}

/**
 * Rewrites each day and period that had a row naming the subject with the rest of its rows, so
 * the store's own encoding (JSON today, dictionary ids tomorrow) is never read directly here.
 * Returns the rows removed per kind.
 */
export function forgetInAggregates(
  store: AggregateStore,
  kinds: AggregateForgetKinds,
  subject: ForgetSubject,
): Record<string, number> {
  const judge = (kind: string, row: AggregateRow) =>
    kinds.rowNames ? kinds.rowNames(kind, row, subject) : rowNamesSubject(row, subject);
  const removed: Record<string, number> = {};
  store.atomically(() => {
    for (const kind of kinds.daily) {
      const byDay = collect(store.dayRows(kind, "0000-00-00", "9999-99-99"), (row) => judge(kind, row));
      for (const [day, { keep, dropped }] of byDay) {
        if (dropped === 0) continue;
        store.replaceDay(kind, day, keep);
        removed[kind] = (removed[kind] ?? 0) + dropped;
      }
    }
    for (const kind of kinds.periodic) {
      const records = store.periodRecords(kind);
      const byPeriod = collect(
        store.periodRows(
          kind,
          records.map((r) => r.period),
        ),
        (row) => judge(kind, row),
      );
      for (const record of records) {
        const entry = byPeriod.get(record.period);
        if (!entry || entry.dropped === 0) continue;
        const { kind: _k, period: _p, ...meta } = record;
        store.replacePeriod(kind, record.period, entry.keep, meta);
        removed[kind] = (removed[kind] ?? 0) + entry.dropped;
      }
    }
  });
  return removed;
}

function collect(
  rows: Iterable<AggregateRow>,
  drop: (row: AggregateRow) => boolean,
): Map<string, { keep: Map<string, unknown>; dropped: number }> {
  const out = new Map<string, { keep: Map<string, unknown>; dropped: number }>();
  for (const row of rows) {
    let entry = out.get(row.at);
    if (!entry) {
      entry = { keep: new Map(), dropped: 0 };
      out.set(row.at, entry);
    }
    if (drop(row)) entry.dropped++;
    else entry.keep.set(row.key, row.value);
  }
  return out;
}
