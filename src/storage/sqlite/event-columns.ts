// Reads a span of L1 as columns: one SQLite row of JSON arrays instead of one JavaScript row per event.
import type { HomeEvent } from "../../core/home-event.js";
import { type EventDictionaries, eventFromIds } from "./event-from-ids.js";
import { type HeldDayEvents, HeldDayEventsBuilder } from "./held-day-events.js";
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";

/**
 * better-sqlite3 spends about a microsecond per row returned; a 200K-event day read row by row
 * costs 200-250 ms of CPU before any work is done. SQLite can hand the same span over as one row
 * of seven JSON arrays, which JSON.parse reads natively: about a third of that time.
 */
const SQL = `SELECT json_group_array(ts) AS ts, json_group_array(entity) AS entity,
  json_group_array(state) AS state, json_group_array(prev) AS prev, json_group_array(user) AS user,
  json_group_array(parent) AS parent, json_group_array(source) AS source
  FROM (SELECT ts, entity, state, prev, user, parent, source FROM events
        WHERE ts >= ? AND ts < ? ORDER BY ts, entity, state)`;

interface ColumnsRow {
  ts: string;
  entity: string;
  state: string;
  prev: string;
  user: string;
  parent: string;
  source: string;
}

/**
 * A span is read an hour at a time. Read whole, a 100K-event day came over as seven JSON texts of
 * 0.3-1.4 MB (built by SQLite in malloc'd memory, then copied into V8) parsed into seven arrays of
 * 100K values: 13 MB of large objects at once on top of the day's events, the peak of the nightly
 * rollup under node's default heap. An hour's texts and arrays are a 24th of that and die young.
 */
export const COLUMNS_SLICE_MS = 3_600_000;

export class EventColumnsReader {
  private readonly stmt: SqliteStatement;
  private readonly count: SqliteStatement;

  constructor(
    db: SqliteDb,
    private readonly sliceMs = COLUMNS_SLICE_MS,
  ) {
    this.stmt = db.prepare(SQL);
    this.count = db.prepare("SELECT count(*) AS n FROM events WHERE ts >= ? AND ts < ?");
  }

  /** Events in [from, to) ordered by time, then entity name (as EventStore.query promises). */
  read(from: number, to: number, dict: EventDictionaries): HomeEvent[] {
    const events: HomeEvent[] = [];
    this.eachRow(from, to, (ts, entity, state, source, prev, user, parent) => {
      // Rows with an id no dictionary has are left out and counted (event-from-ids.ts).
      const e = eventFromIds(dict, ts, entity, state, source, prev, user, parent);
      if (e) events.push(e);
    });
    return orderByTimeThenName(events);
  }

  /** The same events as `read`, held as columns and made one at a time as they are taken (a rollup's day). */
  hold(from: number, to: number, dict: EventDictionaries): HeldDayEvents {
    const { n } = this.count.get(from, to) as { n: number };
    const day = new HeldDayEventsBuilder(dict, n);
    this.eachRow(from, to, (ts, entity, state, source, prev, user, parent) =>
      day.add(ts, entity, state, source, prev, user, parent),
    );
    return day.build();
  }

  /** Each row's ids in [from, to), in key order, an hour's slice at a time. */
  private eachRow(from: number, to: number, take: TakeRow): void {
    for (let start = from; start < to; start += this.sliceMs)
      this.readSlice(start, Math.min(to, start + this.sliceMs), take);
  }

  private readSlice(from: number, to: number, take: TakeRow): void {
    const row = this.stmt.get(from, to) as ColumnsRow;
    const ts = JSON.parse(row.ts) as number[];
    const entity = JSON.parse(row.entity) as number[];
    const state = JSON.parse(row.state) as number[];
    const prev = JSON.parse(row.prev) as (number | null)[];
    const user = JSON.parse(row.user) as (number | null)[];
    const parent = JSON.parse(row.parent) as (number | null)[];
    const source = JSON.parse(row.source) as number[];
    for (let i = 0; i < ts.length; i++) take(ts[i], entity[i], state[i], source[i], prev[i], user[i], parent[i]);
  }
}

type TakeRow = (
  ts: number,
  entity: number,
  state: number,
  source: number,
  prev: number | null,
  user: number | null,
  parent: number | null,
) => void;

/**
 * The key orders a millisecond's events by entity id; every path wants entity names. Only runs of
 * equal times are sorted (stable, so one entity's events keep the key's order); should SQLite
 * ever hand the rows over out of time order, the whole list is sorted the same way.
 */
export function orderByTimeThenName(events: HomeEvent[]): HomeEvent[] {
  const byName = (a: HomeEvent, b: HomeEvent) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0);
  for (let i = 1; i < events.length; i++) {
    if (events[i].ts < events[i - 1].ts) return events.sort((a, b) => a.ts - b.ts || byName(a, b));
  }
  for (let start = 0; start < events.length; ) {
    let end = start + 1;
    while (end < events.length && events[end].ts === events[start].ts) end++;
    if (end - start > 1) {
      const run = events.slice(start, end).sort(byName);
      for (let k = 0; k < run.length; k++) events[start + k] = run[k];
    }
    start = end;
  }
  return events;
}
