// L1 raw events in SQLite: integer-keyed rows, one transaction per batch, duplicates dropped by key.
import { domainOf, type HomeEvent } from "../../core/home-event.js";
import type { AppendResult, EventQuery, EventStats, EventStore } from "../event-store.js";
import { DanglingRows } from "./dangling-rows.js";
import { keepingIntegrityFlag } from "./dangling-rows-pass.js";
import { EventColumnsReader } from "./event-columns.js";
import { type EventDictionaries, eventFromIds, streamedEventFromIds } from "./event-from-ids.js";
import type { HeldDayEvents } from "./held-day-events.js";
import { type AttributeSeen, keepNewest, LatestEntityAttribute } from "./latest-entity-attribute.js";
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";
import { SqliteDictionary } from "./sqlite-dictionary.js";

const HOUR = 3_600_000;
/** Spans up to this long are read as columns (a day's rollup, the naive path's days). */
const COLUMNS_SPAN = 2 * 24 * HOUR;
/** How much older history one DELETE of deleteBefore removes. */
const PURGE_STEP_MS = 24 * HOUR;

interface Row {
  ts: number;
  entity: number;
  state: number;
  prev: number | null;
  user: number | null;
  parent: number | null;
  source: number;
}

export class SqliteEventStore implements EventStore {
  private readonly entities: SqliteDictionary;
  private readonly states: SqliteDictionary;
  private readonly sources: SqliteDictionary;
  private readonly users: SqliteDictionary;
  private readonly contexts: SqliteDictionary;
  private readonly appendTx: (events: readonly HomeEvent[]) => AppendResult;
  private readonly statements = new Map<string, SqliteStatement>();
  /**
   * The entity's device class and unit (how its states are shown): the newest record's wins (an
   * import of older history arriving after live events must not undo them); equal times: the later write.
   */
  private readonly deviceClasses: LatestEntityAttribute;
  private readonly units: LatestEntityAttribute;
  private readonly columns: EventColumnsReader;
  private readonly dictionaries: EventDictionaries;

  constructor(
    private readonly db: SqliteDb,
    /** Where rows left out for an unknown id are counted (the stores' one counter, shown in health). */
    readonly dangling: DanglingRows = new DanglingRows(),
  ) {
    this.entities = new SqliteDictionary(db, "entities", "entity_id");
    this.states = new SqliteDictionary(db, "states", "value");
    this.sources = new SqliteDictionary(db, "sources", "name");
    this.users = new SqliteDictionary(db, "users", "user_id");
    this.contexts = new SqliteDictionary(db, "contexts", "context_id");
    this.columns = new EventColumnsReader(db);
    this.deviceClasses = new LatestEntityAttribute(db, "device_class");
    this.units = new LatestEntityAttribute(db, "unit");
    this.dictionaries = {
      entity: (id) => this.entities.find(id),
      state: (id) => this.states.find(id),
      source: (id) => this.sources.find(id),
      user: (id) => this.users.find(id),
      parent: (id) => this.contexts.find(id),
      unknown: () => dangling.skippedOnRead(),
    };
    const insert = db.prepare(
      "INSERT OR IGNORE INTO events (ts, entity, state, prev, user, parent, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const touch = db.prepare("UPDATE entities SET last_ts = max(coalesce(last_ts, 0), ?) WHERE id = ?");
    const count = db.prepare(
      "INSERT INTO event_counts (hour, entity, source, n) VALUES (?, ?, ?, ?) ON CONFLICT (hour, entity, source) DO UPDATE SET n = n + excluded.n",
    );
    this.appendTx = db.transaction((events: readonly HomeEvent[]) => {
      let inserted = 0;
      const newest = new Map<number, number>();
      // Per hour, entity and source, added once per batch (migration 0006; deletes count down by trigger).
      const counts = new Map<string, { hour: number; entity: number; source: number; n: number }>();
      // The entity's device class and unit: the batch's newest per entity.
      const classes = new Map<number, AttributeSeen>();
      const units = new Map<number, AttributeSeen>();
      for (const e of events) {
        const entity = this.entities.idOf(e.entity);
        const source = this.sources.idOf(e.source);
        keepNewest(classes, entity, e.deviceClass, e.ts);
        keepNewest(units, entity, e.unit, e.ts);
        const info = insert.run(
          e.ts,
          entity,
          this.states.idOf(e.state),
          e.previous === undefined ? null : this.states.idOf(e.previous),
          e.user ? this.users.idOf(e.user) : null,
          e.parent ? this.contexts.idOf(e.parent) : null,
          source,
        );
        if (info.changes > 0) {
          inserted++;
          const hour = Math.trunc(e.ts / HOUR) * HOUR; // as SQLite divides in the delete trigger
          const key = `${hour}|${entity}|${source}`;
          const c = counts.get(key);
          if (c) c.n++;
          else counts.set(key, { hour, entity, source, n: 1 });
          if ((newest.get(entity) ?? 0) < e.ts) newest.set(entity, e.ts);
        }
      }
      for (const [entity, seen] of classes) this.deviceClasses.write(entity, seen);
      for (const [entity, seen] of units) this.units.write(entity, seen);
      for (const [entity, ts] of newest) touch.run(ts, entity);
      for (const c of counts.values()) count.run(c.hour, c.entity, c.source, c.n);
      return { inserted, duplicates: events.length - inserted };
    });
  }

  append(events: readonly HomeEvent[]): AppendResult {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    try {
      return this.appendTx(events);
    } catch (err) {
      // The transaction rolled back: ids cached during it may not exist.
      for (const d of [this.entities, this.states, this.sources, this.users, this.contexts]) d.forget();
      this.deviceClasses.forget();
      this.units.forget();
      throw err;
    }
  }

  /**
   * Puts archived events back into L1 (an import reopening an archived day), each replacing an
   * event of the same time, entity and state stored since: the archived one was stored first,
   * and ingest keeps the first of two such events. Returns how many it replaced.
   */
  restoreArchived(events: readonly HomeEvent[]): number {
    return this.db.transaction(() => {
      const replaced = this.deleteKeys(events);
      this.append(events);
      return replaced;
    })();
  }

  /** Deletes the events with the same time, entity and state as these; returns how many went. */
  deleteMatching(events: readonly HomeEvent[]): number {
    return this.db.transaction(() => this.deleteKeys(events))();
  }

  private deleteKeys(events: readonly HomeEvent[]): number {
    const remove = this.statement("DELETE FROM events WHERE ts = ? AND entity = ? AND state = ?");
    const stateId = this.statement("SELECT id FROM states WHERE value = ?");
    let deleted = 0;
    for (const e of events) {
      const entity = this.entityId(e.entity);
      const state = stateId.get(e.state) as { id: number } | undefined;
      if (entity !== undefined && state) deleted += remove.run(e.ts, entity, state.id).changes;
    }
    // The delete trigger counted the hours down; those now empty go, as after a purge.
    if (deleted > 0) this.db.prepare("DELETE FROM event_counts WHERE n <= 0").run();
    return deleted;
  }

  /**
   * Forgets an entity: its events, its row in the entity dictionary (and with it the registry's
   * name and area), and states no event refers to any more. Returns how many events went.
   */
  deleteEntity(entityId: string): number {
    return this.forgetting(() => {
      const id = this.entityId(entityId);
      if (id === undefined) return 0;
      const events = this.db.prepare("DELETE FROM events WHERE entity = ?").run(id).changes;
      // The delete trigger counted its hours down to 0: those rows would name an id that is gone.
      this.db.prepare("DELETE FROM event_counts WHERE entity = ?").run(id);
      this.db.prepare("DELETE FROM entities WHERE id = ?").run(id);
      this.dropUnusedStates();
      return events;
    });
  }

  /** Forgets a person: the events they caused and their id in the user dictionary. */
  deleteUser(userId: string): number {
    return this.forgetting(() => {
      const row = this.db.prepare("SELECT id FROM users WHERE user_id = ?").get(userId) as { id: number } | undefined;
      if (!row) return 0;
      const events = this.db.prepare("DELETE FROM events WHERE user = ?").run(row.id).changes;
      this.db.prepare("DELETE FROM users WHERE id = ?").run(row.id);
      this.dropUnusedStates();
      return events;
    });
  }

  private forgetting(fn: () => number): number {
    try {
      // Nothing of the subject is left to dangle: the next open need not look (migration 0011).
      return this.db.transaction(() => keepingIntegrityFlag(this.db, fn))();
    } finally {
      // Cached ids may point at rows that are gone: the next event looks them up again.
      for (const d of [this.entities, this.states, this.sources, this.users, this.contexts]) d.forget();
      this.deviceClasses.forget();
      this.units.forget();
    }
  }

  private dropUnusedStates(): void {
    this.db
      .prepare(
        "DELETE FROM states WHERE id NOT IN (SELECT state FROM events) AND id NOT IN (SELECT prev FROM events WHERE prev IS NOT NULL)",
      )
      .run();
  }

  query(q: EventQuery): HomeEvent[] {
    if (!q.entities && !q.byPerson && q.limit === undefined && q.to - q.from <= COLUMNS_SPAN)
      return this.columns.read(q.from, q.to, this.dictionaries);
    const params: number[] = [q.from, q.to];
    let sql = "SELECT ts, entity, state, prev, user, parent, source FROM events WHERE ts >= ? AND ts < ?";
    if (q.entities) {
      const ids = q.entities.map((e) => this.entityId(e)).filter((id): id is number => id !== undefined);
      if (ids.length === 0) return [];
      sql += ` AND entity IN (${ids.map(() => "?").join(",")})`;
      params.push(...ids);
    }
    if (q.byPerson) sql += " AND user IS NOT NULL";
    sql += " ORDER BY ts";
    if (q.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(q.limit))}`;
    const rows = this.statement(sql).all(...params) as Row[];
    const events = this.toEvents(rows);
    // Within one millisecond the key orders by entity id; callers expect entity name order.
    return events.sort((a, b) => a.ts - b.ts || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
  }

  /**
   * The events `query` returns for [from, to), held as columns and made as they are taken: a
   * rollup's day, which every L2 kind reads in turn (held-day-events.ts).
   */
  dayEvents(from: number, to: number): HeldDayEvents {
    return this.columns.hold(from, to, this.dictionaries);
  }

  /**
   * Streams events in [from, to) without holding them all, for exports of big days. Each event is
   * made by streamedEventFromIds, whose events V8 keeps in the young generation (see there).
   */
  *iterate(from: number, to: number): IterableIterator<HomeEvent> {
    const stmt = this.db.prepare(
      "SELECT ts, entity, state, prev, user, parent, source FROM events WHERE ts >= ? AND ts < ? ORDER BY ts",
    );
    for (const r of stmt.iterate(from, to) as IterableIterator<Row>) {
      const e = streamedEventFromIds(this.dictionaries, r.ts, r.entity, r.state, r.source, r.prev, r.user, r.parent);
      if (e) yield e;
    }
  }

  /**
   * Each entity's newest event in [from, to) (a rollup's carry-in states), without reading every
   * event of the span into JavaScript. Ties at the same millisecond go to the highest key, as
   * the last event of `query` order would. An entity whose newest rows have an id no dictionary
   * has keeps its newest good one (the rows left out are counted).
   */
  lastPerEntity(from: number, to: number): HomeEvent[] {
    // The per-hour counters (migration 0006) say in which hour each entity was last seen: only
    // those hours are read, not two days of a busy home's events (400K rows at 200K a day).
    const newestHour = this.statement(
      "SELECT entity, max(hour) AS hour FROM event_counts WHERE hour >= ? AND hour < ? AND n > 0 GROUP BY entity",
    ).all(Math.trunc(from / HOUR) * HOUR, to) as { entity: number; hour: number }[];
    const hourOf = new Map(newestHour.map((r) => [r.entity, r.hour]));
    const byEntity = new Map<number, Row[]>();
    for (const hour of [...new Set(hourOf.values())]) {
      for (const r of this.lastRows(Math.max(from, hour), Math.min(to, hour + HOUR))) {
        if (hourOf.get(r.entity) === hour) pushTo(byEntity, r);
      }
    }
    // An hour that ends after `to` (a zone whose midnight is not on the hour) may hold only later
    // events of an entity: then every entity is read the long way.
    const missed = newestHour.some((r) => r.hour >= from && !byEntity.has(r.entity));
    if (missed) {
      byEntity.clear();
      for (const r of this.lastRows(from, to)) pushTo(byEntity, r);
    }
    const events: HomeEvent[] = [];
    for (const entity of [...byEntity.keys()].sort((a, b) => a - b)) {
      const e = this.newestGood(byEntity.get(entity) ?? [], from);
      if (e) events.push(e);
    }
    return events;
  }

  /**
   * The event of the last of an entity's newest rows (one millisecond's, in key order) that has
   * every id in its dictionaries; when none has, the newest good one of its older rows.
   */
  private newestGood(newest: readonly Row[], from: number): HomeEvent | undefined {
    for (let i = newest.length - 1; i >= 0; i--) {
      const e = this.toEvent(newest[i]);
      if (e) return e;
    }
    const oldest = newest[0];
    // No row of an entity the dictionary lacks can be good: nothing older to look for.
    if (oldest === undefined || this.entities.find(oldest.entity) === undefined) return undefined;
    return this.newestGoodBefore(oldest, from);
  }

  /**
   * The entity's newest good event in [from, before), read an hour at a time, newest hour first,
   * in the hours its counters say it has events: one entity's rows of an hour per step, never
   * the whole span. Runs only for an entity whose newest rows all have unknown ids.
   */
  private newestGoodBefore(before: Row, from: number): HomeEvent | undefined {
    const hours = this.statement(
      "SELECT DISTINCT hour FROM event_counts WHERE entity = ? AND hour >= ? AND hour <= ? AND n > 0 ORDER BY hour DESC",
    ).all(before.entity, Math.trunc(from / HOUR) * HOUR, before.ts) as { hour: number }[];
    const rowsOfHour = this.statement(
      `SELECT ts, entity, state, prev, user, parent, source FROM events
       WHERE ts >= ? AND ts <= ? AND entity = ? ORDER BY ts DESC, state DESC`,
    );
    for (const { hour } of hours) {
      const rows = rowsOfHour.all(Math.max(from, hour), Math.min(before.ts, hour + HOUR - 1), before.entity) as Row[];
      for (const r of rows) {
        // The rows of `before`'s millisecond from its key up were read already.
        if (r.ts === before.ts && r.state >= before.state) continue;
        const e = this.toEvent(r);
        if (e) return e;
      }
    }
    return undefined;
  }

  /** From the per-hour counters (migration 0006): one index range, no pass over the events. */
  countInSpan(from: number, to: number): number {
    return (
      this.statement("SELECT coalesce(sum(n), 0) AS n FROM event_counts WHERE hour >= ? AND hour < ?").get(
        Math.trunc(from / HOUR) * HOUR,
        to,
      ) as { n: number }
    ).n;
  }

  /** Each entity's newest rows in [from, to), ties at one millisecond in key order (the last wins). */
  private lastRows(from: number, to: number): Row[] {
    return this.statement(
      `SELECT e.ts, e.entity, e.state, e.prev, e.user, e.parent, e.source
       FROM (SELECT entity, max(ts) AS ts FROM events WHERE ts >= ? AND ts < ? GROUP BY entity) AS last
       JOIN events AS e ON e.ts = last.ts AND e.entity = last.entity
       ORDER BY e.entity, e.state`,
    ).all(from, to) as Row[];
  }

  lastEventTimes(): Map<string, number> {
    const rows = this.db.prepare("SELECT entity_id, last_ts FROM entities WHERE last_ts IS NOT NULL").all() as {
      entity_id: string;
      last_ts: number;
    }[];
    return new Map(rows.map((r) => [r.entity_id, r.last_ts]));
  }

  countByHour(from: number, to: number): { hour: number; count: number }[] {
    // Whole hours come from the counters the triggers keep (migration 0006); a range that starts
    // or ends inside an hour needs the events themselves.
    const sql =
      from % HOUR === 0 && to % HOUR === 0
        ? "SELECT hour, sum(n) AS count FROM event_counts WHERE hour >= ? AND hour < ? GROUP BY hour HAVING count > 0 ORDER BY hour"
        : "SELECT (ts / 3600000) * 3600000 AS hour, count(*) AS count FROM events WHERE ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1";
    return this.db.prepare(sql).all(from, to) as { hour: number; count: number }[];
  }

  /** From the per-hour counters and the ends of the time index: no pass over the events. */
  stats(): EventStats {
    const { total } = this.db.prepare("SELECT coalesce(sum(n), 0) AS total FROM event_counts").get() as {
      total: number;
    };
    // Each min/max alone is one index lookup; together in one SELECT they would scan the table.
    const { oldest, newest } = this.db
      .prepare("SELECT (SELECT min(ts) FROM events) AS oldest, (SELECT max(ts) FROM events) AS newest")
      .get() as { oldest: number | null; newest: number | null };
    const bySource: Record<string, number> = {};
    for (const r of this.db
      .prepare("SELECT source, sum(n) AS n FROM event_counts GROUP BY source HAVING n > 0")
      .all() as { source: number; n: number }[]) {
      const source = this.sources.find(r.source);
      if (source === undefined) this.dangling.skippedOnRead();
      else bySource[source] = r.n;
    }
    const byDomain: Record<string, number> = {};
    for (const [entity, n] of Object.entries(this.countByEntity())) {
      const domain = domainOf(entity);
      byDomain[domain] = (byDomain[domain] ?? 0) + n;
    }
    return { total, oldest, newest, bySource, byDomain };
  }

  countByEntity(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.db
      .prepare("SELECT entity, sum(n) AS n FROM event_counts GROUP BY entity HAVING n > 0")
      .all() as { entity: number; n: number }[]) {
      const entity = this.entities.find(r.entity);
      if (entity === undefined) this.dangling.skippedOnRead();
      else counts[entity] = r.n;
    }
    return counts;
  }

  deleteBefore(before: number): number {
    // A day at a time, in one transaction: SQLite gathers the keys of a DELETE with triggers in a
    // temporary table (in memory here), and the 9.8M events of an imported year took 180 MB.
    return this.db.transaction(() => {
      const oldest = (this.db.prepare("SELECT min(ts) AS ts FROM events").get() as { ts: number | null }).ts;
      let deleted = 0;
      if (oldest !== null && oldest < before) {
        const remove = this.db.prepare("DELETE FROM events WHERE ts < ?");
        for (let upTo = Math.min(before, oldest + PURGE_STEP_MS); ; upTo = Math.min(before, upTo + PURGE_STEP_MS)) {
          deleted += remove.run(upTo).changes;
          if (upTo >= before) break;
        }
      }
      // The delete trigger counted the hours down; those now empty go.
      this.db.prepare("DELETE FROM event_counts WHERE n <= 0").run();
      return deleted;
    })();
  }

  private entityId(entity: string): number | undefined {
    const row = this.statement("SELECT id FROM entities WHERE entity_id = ?").get(entity) as { id: number } | undefined;
    return row?.id;
  }

  /** Prepared once per SQL text (query's texts differ only by how many entities and the limit). */
  private statement(sql: string): SqliteStatement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** The row's event, or undefined (counted) when one of its ids is in no dictionary. */
  private toEvent(r: Row): HomeEvent | undefined {
    return eventFromIds(this.dictionaries, r.ts, r.entity, r.state, r.source, r.prev, r.user, r.parent);
  }

  private toEvents(rows: readonly Row[]): HomeEvent[] {
    const events: HomeEvent[] = [];
    for (const r of rows) {
      const e = this.toEvent(r);
      if (e) events.push(e);
    }
    return events;
  }
}

function pushTo(byEntity: Map<number, Row[]>, r: Row): void {
  const rows = byEntity.get(r.entity);
  if (rows) rows.push(r);
  else byEntity.set(r.entity, [r]);
}
