// The newest day whose rollup counted events: where judging stops when the history goes quiet.
import type { AggregateStore } from "../storage/aggregate-store.js";

/**
 * The newest rolled-up day up to `upTo` whose rollup counted events. Days after it hold nothing
 * (imported history that ended, a source that stopped): a window ending there judges what was
 * recorded instead of counting the silent days as days every habit was skipped.
 */
export function lastDayWithEvents(store: Pick<AggregateStore, "dayRecords">, upTo: string): string | null {
  let last: string | null = null;
  for (const r of store.dayRecords(undefined, upTo)) {
    if (r.rolledUpAt !== null && (r.eventCount ?? 0) > 0 && (last === null || r.day > last)) last = r.day;
  }
  return last;
}
