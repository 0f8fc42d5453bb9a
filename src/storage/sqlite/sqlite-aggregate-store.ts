// L2/L3 aggregate tables and the layer_days state in SQLite: one table per kind, one packed blob per day or period.
import type {
  AggregateRow,
  AggregateStore,
  DayRecord,
  PackedDay,
  PeriodRecord,
  RollupRun,
} from "../aggregate-store.js";
import { eachPackedRow, packRows, registerAggregateCodec, unpackRowMap } from "./aggregate-codec.js";
import { ensurePackedTable } from "./packed-aggregate-tables.js";
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

interface DayRow {
  day: string;
  status: "clean" | "dirty";
  rolled_up_at: number | null;
  event_count: number | null;
  dirty_since: number | null;
  archived_at: number | null;
  archive_bytes: number | null;
  raw_purged_at: number | null;
  l2_purged_at: number | null;
}

/** A kind's table name goes into SQL text: only plain lower-case identifiers are accepted. */
export function checkTableName(name: string): string {
  if (!TABLE_NAME.test(name)) throw new Error(`not a valid aggregate table name: ${JSON.stringify(name)}`);
  return name;
}

export class SqliteAggregateStore implements AggregateStore {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDb) {
    registerAggregateCodec(db);
  }

  ensureKindTables(daily: readonly string[], periodic: readonly string[]): void {
    this.db.transaction(() => {
      for (const name of daily) ensurePackedTable(this.db, checkTableName(name), "day");
      for (const name of periodic) ensurePackedTable(this.db, checkTableName(name), "period");
    })();
  }

  atomically<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    // IMMEDIATE: take the write lock before reading, so what was read is what gets replaced
    // even when another process (the CLI) writes the same database.
    return this.db.transaction(fn).immediate();
  }

  replaceDay(kind: string, day: string, rows: ReadonlyMap<string, unknown>): void {
    this.replacePackedDay(kind, day, this.packDay(kind, rows));
  }

  packDay(kind: string, rows: ReadonlyMap<string, unknown>): PackedDay {
    return { rows: rows.size, data: rows.size > 0 ? packRows(rows, checkTableName(kind)) : null };
  }

  replacePackedDay(kind: string, day: string, packed: PackedDay): void {
    const table = checkTableName(kind);
    this.stmt(`DELETE FROM ${table} WHERE day = ?`).run(day);
    if (packed.rows > 0 && packed.data !== null) {
      this.stmt(`INSERT INTO ${table} (day, rows, data) VALUES (?, ?, ?)`).run(day, packed.rows, packed.data);
    }
  }

  *dayRows<V>(kind: string, from: string, to: string): IterableIterator<AggregateRow<V>> {
    // One day's blob inflated at a time and its rows decoded one by one as the caller takes them:
    // a caller that keeps a few rows of each day never has a whole day's rows built at once.
    const stmt = this.stmt(`SELECT day, data FROM ${checkTableName(kind)} WHERE day >= ? AND day <= ? ORDER BY day`);
    for (const r of stmt.iterate(from, to) as IterableIterator<{ day: string; data: Uint8Array }>) {
      for (const [key, value] of eachPackedRow(r.data)) yield { at: r.day, key, value: value as V };
    }
  }

  *dayRowMaps<V>(kind: string, from: string, to: string): IterableIterator<[day: string, rows: Map<string, V>]> {
    const stmt = this.stmt(`SELECT day, data FROM ${checkTableName(kind)} WHERE day >= ? AND day <= ? ORDER BY day`);
    for (const r of stmt.iterate(from, to) as IterableIterator<{ day: string; data: Uint8Array }>) {
      yield [r.day, unpackRowMap(r.data) as Map<string, V>];
    }
  }

  deleteDaysBefore(kind: string, day: string): number {
    const table = checkTableName(kind);
    const { n } = this.stmt(`SELECT coalesce(sum(rows), 0) AS n FROM ${table} WHERE day < ?`).get(day) as { n: number };
    this.stmt(`DELETE FROM ${table} WHERE day < ?`).run(day);
    return n;
  }

  /** Rows and stored bytes of a kind's table: what the blobs hold, for reports and the bench. */
  kindSize(kind: string): { rows: number; blobs: number; dataBytes: number } {
    return this.stmt(
      `SELECT coalesce(sum(rows), 0) AS rows, count(*) AS blobs, coalesce(sum(length(data)), 0) AS dataBytes FROM ${checkTableName(kind)}`,
    ).get() as { rows: number; blobs: number; dataBytes: number };
  }

  replacePeriod(
    kind: string,
    period: string,
    rows: ReadonlyMap<string, unknown>,
    meta: Omit<PeriodRecord, "kind" | "period">,
  ): void {
    const table = checkTableName(kind);
    this.stmt(`DELETE FROM ${table} WHERE period = ?`).run(period);
    if (rows.size > 0) {
      this.stmt(`INSERT INTO ${table} (period, rows, data) VALUES (?, ?, ?)`).run(
        period,
        rows.size,
        packRows(rows, table),
      );
    }
    this.stmt(
      `INSERT INTO layer_periods (kind, period, first_day, last_day, day_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, period) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day,
       day_count = excluded.day_count, updated_at = excluded.updated_at`,
    ).run(kind, period, meta.firstDay, meta.lastDay, meta.dayCount, meta.updatedAt);
  }

  *periodRows<V>(kind: string, periods: readonly string[]): IterableIterator<AggregateRow<V>> {
    const stmt = this.stmt(`SELECT data FROM ${checkTableName(kind)} WHERE period = ?`);
    for (const period of [...periods].sort()) {
      const r = stmt.get(period) as { data: Uint8Array } | undefined;
      if (r) for (const [key, value] of eachPackedRow(r.data)) yield { at: period, key, value: value as V };
    }
  }

  periodRecords(kind: string, periods?: readonly string[]): PeriodRecord[] {
    const rows = this.stmt("SELECT * FROM layer_periods WHERE kind = ? ORDER BY period").all(kind) as {
      kind: string;
      period: string;
      first_day: string;
      last_day: string;
      day_count: number;
      updated_at: number;
    }[];
    const wanted = periods ? new Set(periods) : null;
    return rows
      .filter((r) => !wanted || wanted.has(r.period))
      .map((r) => ({
        kind: r.kind,
        period: r.period,
        firstDay: r.first_day,
        lastDay: r.last_day,
        dayCount: r.day_count,
        updatedAt: r.updated_at,
      }));
  }

  deletePeriodsBefore(kind: string, period: string): number {
    const table = checkTableName(kind);
    const { n } = this.stmt(`SELECT coalesce(sum(rows), 0) AS n FROM ${table} WHERE period < ?`).get(period) as {
      n: number;
    };
    this.stmt(`DELETE FROM ${table} WHERE period < ?`).run(period);
    this.stmt("DELETE FROM layer_periods WHERE kind = ? AND period < ?").run(kind, period);
    return n;
  }

  dayRecords(from = "0000-00-00", to = "9999-99-99"): DayRecord[] {
    const rows = this.stmt("SELECT * FROM layer_days WHERE day >= ? AND day <= ? ORDER BY day").all(
      from,
      to,
    ) as DayRow[];
    return rows.map(toRecord);
  }

  dayRecord(day: string): DayRecord | undefined {
    const row = this.stmt("SELECT * FROM layer_days WHERE day = ?").get(day) as DayRow | undefined;
    return row && toRecord(row);
  }

  markRolledUp(day: string, eventCount: number, at: number): void {
    this.stmt(
      `INSERT INTO layer_days (day, status, rolled_up_at, event_count, dirty_since) VALUES (?, 'clean', ?, ?, NULL)
       ON CONFLICT (day) DO UPDATE SET status = 'clean', rolled_up_at = excluded.rolled_up_at,
       event_count = excluded.event_count, dirty_since = NULL, l2_purged_at = NULL, archived_at = NULL`,
    ).run(day, at, eventCount);
  }

  markDirty(days: readonly string[], at: number): { marked: string[]; purged: string[] } {
    const marked: string[] = [];
    const purged: string[] = [];
    const mark = this.stmt(
      `INSERT INTO layer_days (day, status, dirty_since) VALUES (?, 'dirty', ?)
       ON CONFLICT (day) DO UPDATE SET status = 'dirty', dirty_since = coalesce(layer_days.dirty_since, excluded.dirty_since)`,
    );
    this.atomically(() => {
      for (const day of [...new Set(days)].sort()) {
        if (this.dayRecord(day)?.rawPurgedAt != null) purged.push(day);
        else {
          mark.run(day, at);
          marked.push(day);
        }
      }
    });
    return { marked, purged };
  }

  markArchived(day: string, archive: { bytes: number; at: number } | null): void {
    this.stmt("UPDATE layer_days SET archived_at = ?, archive_bytes = ? WHERE day = ?").run(
      archive?.at ?? null,
      archive?.bytes ?? null,
      day,
    );
  }

  markRawPurged(days: readonly string[], at: number): void {
    const stmt = this.stmt("UPDATE layer_days SET raw_purged_at = ? WHERE day = ? AND raw_purged_at IS NULL");
    this.atomically(() =>
      days.forEach((d) => {
        stmt.run(at, d);
      }),
    );
  }

  markRawRestored(days: readonly string[]): void {
    const stmt = this.stmt("UPDATE layer_days SET raw_purged_at = NULL WHERE day = ?");
    this.atomically(() =>
      days.forEach((d) => {
        stmt.run(d);
      }),
    );
  }

  markL2Purged(days: readonly string[], at: number): void {
    const stmt = this.stmt("UPDATE layer_days SET l2_purged_at = ? WHERE day = ? AND l2_purged_at IS NULL");
    this.atomically(() =>
      days.forEach((d) => {
        stmt.run(at, d);
      }),
    );
  }

  logRun(run: RollupRun): void {
    this.stmt(
      "INSERT INTO rollup_runs (started_at, finished_at, reason, days, events, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      run.startedAt,
      run.finishedAt,
      run.reason,
      JSON.stringify(run.days),
      run.events,
      run.durationMs,
      run.error ?? null,
    );
    // The log is for people looking at recent behaviour, not an audit trail: keep it short.
    this.stmt("DELETE FROM rollup_runs WHERE id <= (SELECT max(id) - 1000 FROM rollup_runs)").run();
  }

  lastRuns(limit: number): RollupRun[] {
    const rows = this.stmt("SELECT * FROM rollup_runs ORDER BY id DESC LIMIT ?").all(limit) as {
      started_at: number;
      finished_at: number;
      reason: string;
      days: string;
      events: number;
      duration_ms: number;
      error: string | null;
    }[];
    return rows.map((r) => ({
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      reason: r.reason,
      days: JSON.parse(r.days) as string[],
      events: r.events,
      durationMs: r.duration_ms,
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  private stmt(sql: string): SqliteStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function toRecord(r: DayRow): DayRecord {
  return {
    day: r.day,
    status: r.status,
    rolledUpAt: r.rolled_up_at,
    eventCount: r.event_count,
    dirtySince: r.dirty_since,
    archivedAt: r.archived_at,
    archiveBytes: r.archive_bytes,
    rawPurgedAt: r.raw_purged_at,
    l2PurgedAt: r.l2_purged_at,
  };
}
