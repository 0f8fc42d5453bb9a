// Closed L1 days kept as one Parquet file each (<dataDir>/archive/day=YYYY-MM-DD.parquet), written by DuckDB.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { HomeEvent } from "../../core/home-event.js";
import { writeParquetFile } from "../parquet/parquet-writer.js";
import { type DuckColumnType, DuckDb } from "./duckdb-database.js";

/** Columns of an archived event, in file order. `ts` is epoch ms; `day` is the local day. */
export const ARCHIVE_COLUMNS: readonly { name: string; sql: string; type: DuckColumnType; optional: boolean }[] = [
  { name: "ts", sql: "BIGINT", type: "bigint", optional: false },
  { name: "day", sql: "VARCHAR", type: "varchar", optional: false },
  { name: "entity", sql: "VARCHAR", type: "varchar", optional: false },
  { name: "state", sql: "VARCHAR", type: "varchar", optional: false },
  { name: "previous", sql: "VARCHAR", type: "varchar", optional: true },
  { name: "user_id", sql: "VARCHAR", type: "varchar", optional: true },
  { name: "parent", sql: "VARCHAR", type: "varchar", optional: true },
  { name: "source", sql: "VARCHAR", type: "varchar", optional: false },
];

export const ARCHIVE_TABLE_DDL = `(${ARCHIVE_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(", ")})`;

export function archiveRow(day: string, e: HomeEvent): unknown[] {
  return [e.ts, day, e.entity, e.state, e.previous ?? null, e.user ?? null, e.parent ?? null, e.source];
}

export interface ArchiveFile {
  day: string;
  file: string;
  bytes: number;
}

const FILE = /^day=(\d{4}-\d{2}-\d{2})\.parquet$/;

export class ParquetArchive {
  constructor(readonly dir: string) {}

  fileOf(day: string): string {
    return path.join(this.dir, `day=${day}.parquet`);
  }

  /** Writes a day's events (replacing an earlier export of it); the file appears whole or not at all. */
  async exportDay(day: string, events: Iterable<HomeEvent>): Promise<{ rows: number; bytes: number }> {
    mkdirSync(this.dir, { recursive: true });
    const target = this.fileOf(day);
    const partial = path.join(this.dir, `.day=${day}.parquet.partial`);
    try {
      // Written in plain JS, one row group at a time: DuckDB stays unloaded in the service
      // (about 57 MB resident once loaded, for the rest of the process's life).
      const { rows } = writeParquetFile(
        partial,
        ARCHIVE_COLUMNS.map((c) => ({
          name: c.name,
          type: c.sql === "BIGINT" ? "int64" : "string",
          optional: c.optional,
        })),
        mapIterable(events, (e) => archiveRow(day, e)),
      );
      renameSync(partial, target);
      return { rows, bytes: statSync(target).size };
    } finally {
      rmSync(partial, { force: true });
    }
  }

  /**
   * Rewrites every day file holding rows whose `column` equals `value` without them (forgetting
   * an entity or a person), each file replaced whole. Returns the days rewritten and rows removed.
   */
  async removeRows(
    column: "entity" | "user_id",
    value: string,
  ): Promise<{ days: { day: string; rows: number; bytes: number }[]; rows: number }> {
    const files = this.list();
    if (files.length === 0) return { days: [], rows: 0 };
    const spillDir = path.join(this.dir, ".spill");
    const duck = await DuckDb.open({ threads: 1, memoryLimit: "64MB", spillDir });
    const days: { day: string; rows: number; bytes: number }[] = [];
    let rows = 0;
    try {
      for (const f of files) {
        const match = `${column} = ${sqlString(value)}`;
        const counted = await duck.query(`SELECT count(*) FROM read_parquet(${sqlString(f.file)}) WHERE ${match}`, {
          maxRows: 1,
          timeoutMs: 600_000,
        });
        const n = Number(counted.rows[0]?.[0] ?? 0);
        if (n === 0) continue;
        const partial = path.join(this.dir, `.day=${f.day}.parquet.partial`);
        try {
          await duck.run(
            `COPY (SELECT * FROM read_parquet(${sqlString(f.file)}) WHERE ${column} IS DISTINCT FROM ${sqlString(value)}) ` +
              `TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
          );
          renameSync(partial, f.file);
        } finally {
          rmSync(partial, { force: true });
        }
        days.push({ day: f.day, rows: n, bytes: statSync(f.file).size });
        rows += n;
      }
    } finally {
      duck.close();
      rmSync(spillDir, { recursive: true, force: true });
    }
    return { days, rows };
  }

  /** Archived events whose `column` equals `value`, oldest first (exporting what is stored about them). */
  async rowsWhere(column: "entity" | "user_id", value: string): Promise<Record<string, unknown>[]> {
    const files = this.list();
    if (files.length === 0) return [];
    const duck = await DuckDb.open({ threads: 1, memoryLimit: "64MB" });
    try {
      const list = files.map((f) => sqlString(f.file)).join(", ");
      const result = await duck.query(
        `SELECT * FROM read_parquet([${list}]) WHERE ${column} = ${sqlString(value)} ORDER BY ts`,
        { maxRows: 10_000_000, timeoutMs: 600_000 },
      );
      return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
    } finally {
      duck.close();
    }
  }

  /**
   * Runs fn with a reader of archived days, each day's events in time order, or undefined for a
   * day without a file (an import merging new events into archived days: the command line only,
   * so the service never loads DuckDB for it). DuckDB opens at the first read, once.
   */
  async withDayReader<T>(fn: (readDay: (day: string) => Promise<HomeEvent[] | undefined>) => Promise<T>): Promise<T> {
    let duck: DuckDb | undefined;
    try {
      return await fn(async (day) => {
        if (!this.has(day)) return undefined;
        duck ??= await DuckDb.open({ threads: 1, memoryLimit: "64MB" });
        const result = await duck.query(
          `SELECT ts, entity, state, previous, user_id, parent, source FROM read_parquet(${sqlString(this.fileOf(day))}) ORDER BY ts, entity, state`,
          { maxRows: 50_000_000, timeoutMs: 600_000 },
        );
        return result.rows.map(archivedEvent);
      });
    } finally {
      duck?.close();
    }
  }

  /** Archived days, oldest first. */
  list(): ArchiveFile[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: ArchiveFile[] = [];
    for (const name of names) {
      const m = FILE.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      try {
        out.push({ day: m[1], file, bytes: statSync(file).size });
      } catch {
        // removed between listing and stat: not archived any more
      }
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  has(day: string): boolean {
    try {
      statSync(this.fileOf(day));
      return true;
    } catch {
      return false;
    }
  }

  /** Removes a day's file; returns the bytes freed (0 when there was none). */
  delete(day: string): number {
    const file = this.fileOf(day);
    let bytes = 0;
    try {
      bytes = statSync(file).size;
    } catch {
      return 0;
    }
    rmSync(file, { force: true });
    return bytes;
  }

  totalBytes(): number {
    return this.list().reduce((sum, f) => sum + f.bytes, 0);
  }
}

/** A row read back as the event it was archived from. */
function archivedEvent(row: unknown[]): HomeEvent {
  const [ts, entity, state, previous, user, parent, source] = row;
  return {
    ts: Number(ts),
    entity: String(entity),
    state: String(state),
    ...(previous == null ? {} : { previous: String(previous) }),
    ...(user == null ? {} : { user: String(user) }),
    ...(parent == null ? {} : { parent: String(parent) }),
    source: String(source),
  };
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function* mapIterable<T, U>(items: Iterable<T>, fn: (item: T) => U): IterableIterator<U> {
  for (const item of items) yield fn(item);
}
