// HA's compressed state formats: history/history_during_period rows and subscribe_entities snapshots and diffs.
import type { FakeHaHome, HistoryRow, StateRecord } from "./fake-ha-home.js";
import { type FakeContext, secondsFromMicros } from "./ha-wire-format.js";

export interface HistoryQuery {
  startMicros: number;
  endMicros: number;
  entityIds: string[];
  includeStartTimeState: boolean;
  significantChangesOnly: boolean;
  minimalResponse: boolean;
  noAttributes: boolean;
}

/**
 * The recorder's answer: per entity in the order asked, the state at start_time first (its lu
 * clamped to start_time, no lc), then the rows in the period. Entities with nothing are left out.
 * Only committed rows are read: what the recorder still holds in its session is not there yet.
 */
export function historyDuringPeriod(home: FakeHaHome, query: HistoryQuery): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  const committed = home.committedUntilMicros();
  for (const entityId of query.entityIds) {
    const rows = (home.history.get(entityId) ?? []).filter((r) => r.luMicros <= committed);
    const before = rows.filter((r) => r.luMicros <= query.startMicros);
    let inPeriod = rows.filter((r) => r.luMicros > query.startMicros && r.luMicros <= query.endMicros);
    if (query.significantChangesOnly) inPeriod = inPeriod.filter((r) => r.lcMicros === r.luMicros);
    const out: Record<string, unknown>[] = [];
    const startRow = query.includeStartTimeState ? before[before.length - 1] : undefined;
    let previous: string | undefined;
    if (startRow) {
      out.push({
        s: startRow.state,
        a: query.noAttributes ? {} : startRow.attributes,
        lu: secondsFromMicros(query.startMicros),
      });
      previous = startRow.state;
    }
    for (const row of inPeriod) {
      if (query.minimalResponse && out.length > 0) {
        // Minimal rows are state changes only, timed by last_changed.
        if (row.state === previous) continue;
        out.push({ s: row.state, lu: secondsFromMicros(row.lcMicros) });
      } else {
        out.push(fullRow(row, query.noAttributes));
      }
      previous = row.state;
    }
    if (out.length > 0) result[entityId] = out;
  }
  return result;
}

function fullRow(row: HistoryRow, noAttributes: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    s: row.state,
    a: noAttributes ? {} : row.attributes,
    lu: secondsFromMicros(row.luMicros),
  };
  if (row.lcMicros !== row.luMicros) out.lc = secondsFromMicros(row.lcMicros);
  return out;
}

/** The context as compressed states carry it: the bare id when parent and user are both null. */
function compressedContext(context: FakeContext): string | FakeContext {
  return context.parent_id === null && context.user_id === null ? context.id : context;
}

export function compressedState(record: StateRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    s: record.state,
    a: record.attributes,
    c: compressedContext(record.context),
    lc: secondsFromMicros(record.lcMicros),
  };
  if (record.luMicros !== record.lcMicros) out.lu = secondsFromMicros(record.luMicros);
  return out;
}

interface WireState {
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context: FakeContext;
}

/**
 * A subscribe_entities diff for one state_changed: {"+": changed fields} with only the changed
 * attributes, and the context as a bare id when only the id moved, else its changed keys.
 */
export function entityDiff(
  home: FakeHaHome,
  entityId: string,
  oldState: WireState | null,
  newState: WireState | null,
): Record<string, unknown> {
  if (newState === null) return { r: [entityId] };
  const record = home.states.get(entityId);
  if (oldState === null || !record) return { a: { [entityId]: record ? compressedState(record) : {} } };
  const plus: Record<string, unknown> = {};
  if (oldState.state !== newState.state) plus.s = newState.state;
  if (oldState.last_changed !== newState.last_changed) plus.lc = secondsFromMicros(record.lcMicros);
  else plus.lu = secondsFromMicros(record.luMicros);
  const contextDiff: Record<string, unknown> = {};
  for (const key of ["parent_id", "user_id", "id"] as const) {
    if (oldState.context[key] !== newState.context[key]) contextDiff[key] = newState.context[key];
  }
  const onlyId = Object.keys(contextDiff).length === 1 && "id" in contextDiff;
  if (Object.keys(contextDiff).length > 0) plus.c = onlyId ? newState.context.id : contextDiff;
  const changedAttributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(newState.attributes)) {
    if (JSON.stringify(oldState.attributes[key]) !== JSON.stringify(value)) changedAttributes[key] = value;
  }
  if (Object.keys(changedAttributes).length > 0) plus.a = changedAttributes;
  const change: Record<string, unknown> = { "+": plus };
  const removed = Object.keys(oldState.attributes).filter((k) => !(k in newState.attributes));
  if (removed.length > 0) change["-"] = { a: removed };
  return { c: { [entityId]: change } };
}
