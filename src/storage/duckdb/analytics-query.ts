// Read-only SQL over the Parquet archive, the events still only in L1, and the L2/L3 aggregates, in a sealed DuckDB.
import { errorMessage, InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { DuckDb, type DuckQueryResult } from "./duckdb-database.js";
import { withQueryableTables } from "./missing-table-hint.js";
import { ARCHIVE_COLUMNS, ARCHIVE_TABLE_DDL, archiveRow, type ParquetArchive, sqlString } from "./parquet-archive.js";

export interface AnalyticsSources {
  archive: ParquetArchive;
  /** L1 events of the days that have no archive file yet (usually just today), with their local day. */
  unarchivedEvents(archivedDays: ReadonlySet<string>): Iterable<{ day: string; event: HomeEvent }>;
  /** L2 kinds (rows per day) and L3 kinds (rows per period) that can be queried by name. */
  dailyKinds: readonly string[];
  periodKinds: readonly string[];
  /** Rows of a kind as stored: day or period, key, JSON text of the value. */
  aggregateRows(kind: string): Iterable<[string, string, string]>;
}

export interface AnalyticsLimits {
  maxRows: number;
  timeoutMs: number;
  memoryLimit: string;
}

export interface AnalyticsResult extends DuckQueryResult {
  durationMs: number;
}

const READ_ONLY = "only SELECT queries are allowed: the analytics database is read-only";

export const DEFAULT_ANALYTICS_LIMITS: AnalyticsLimits = { maxRows: 10_000, timeoutMs: 15_000, memoryLimit: "256MB" };

/**
 * Each query gets a fresh in-memory DuckDB: views are created, then file access is switched off
 * except for the archive folder and the configuration is locked, so the user's SQL can read the
 * archive and nothing else. Only a single SELECT (or EXPLAIN) is accepted.
 */
export class AnalyticsQuery {
  constructor(
    private readonly sources: AnalyticsSources,
    private readonly limits: AnalyticsLimits = DEFAULT_ANALYTICS_LIMITS,
    /** Monotonic milliseconds for durationMs: never the demo's accelerated clock or a wall clock that jumps. */
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** The views a query can use, with what they hold. */
  views(): { name: string; description: string }[] {
    return analyticsViews(this.sources.dailyKinds, this.sources.periodKinds);
  }

  async run(sql: string): Promise<AnalyticsResult> {
    const text = sql.trim().replace(/;\s*$/, "");
    if (text === "") throw new InputError("sql is empty");
    const started = this.elapsedMs();
    const duck = await DuckDb.open({ memoryLimit: this.limits.memoryLimit });
    try {
      // What the statement is, told before any table exists: a DROP of a missing table is refused
      // as a DROP, not answered with "table does not exist".
      let parsed: Awaited<ReturnType<typeof duck.parsedStatements>>;
      try {
        parsed = await duck.parsedStatements(text);
      } catch (err) {
        throw new InputError(this.explained(err));
      }
      if (parsed.count !== 1) throw new InputError("exactly one statement is allowed");
      if (!parsed.select) throw new InputError(READ_ONLY);
      await this.createViews(duck, text);
      let kinds: Awaited<ReturnType<typeof duck.statementKinds>>;
      try {
        kinds = await duck.statementKinds(text);
      } catch (err) {
        throw new InputError(this.explained(err));
      }
      if (kinds.length !== 1) throw new InputError("exactly one statement is allowed");
      if (kinds[0] === "other") throw new InputError(READ_ONLY);
      let result: DuckQueryResult;
      try {
        result = await duck.query(text, { maxRows: this.limits.maxRows, timeoutMs: this.limits.timeoutMs });
      } catch (err) {
        throw new InputError(this.explained(err));
      }
      return { ...result, durationMs: Math.round(this.elapsedMs() - started) };
    } finally {
      duck.close();
    }
  }

  private explained(err: unknown): string {
    return withQueryableTables(
      errorMessage(err),
      this.views().map((v) => v.name),
    );
  }

  private async createViews(duck: DuckDb, sql: string): Promise<void> {
    const archived = this.sources.archive.list();
    const archivedDays = new Set(archived.map((f) => f.day));
    await duck.run(`CREATE TABLE l1_recent ${ARCHIVE_TABLE_DDL}`);
    await duck.append(
      "l1_recent",
      ARCHIVE_COLUMNS.map((c) => c.type),
      mapRows(this.sources.unarchivedEvents(archivedDays), ({ day, event }) => archiveRow(day, event)),
    );
    const columns = ARCHIVE_COLUMNS.map((c) => c.name).join(", ");
    const parts = [`SELECT ${columns} FROM l1_recent`];
    if (archived.length > 0) {
      parts.unshift(`SELECT ${columns} FROM read_parquet([${archived.map((f) => sqlString(f.file)).join(", ")}])`);
    }
    await duck.run(
      `CREATE VIEW events AS SELECT make_timestamp(ts * 1000) AS time, ${columns}, split_part(entity, '.', 1) AS domain FROM (${parts.join(" UNION ALL ")})`,
    );
    // Aggregates are loaded only when the query names them: a 90-day L2 table is not small.
    const words = new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    for (const [kinds, column] of [
      [this.sources.dailyKinds, "day"],
      [this.sources.periodKinds, "period"],
    ] as const) {
      for (const kind of kinds) {
        if (!words.has(kind)) continue;
        await duck.run(`CREATE TABLE ${kind} (${column} VARCHAR, key VARCHAR, value JSON)`);
        await duck.append(kind, ["varchar", "varchar", "varchar"], this.sources.aggregateRows(kind));
      }
    }
    await duck.run(`SET allowed_directories = [${sqlString(`${this.sources.archive.dir}/`)}]`);
    await duck.run("SET enable_external_access = false");
    await duck.run("SET lock_configuration = true");
  }
}

/** The views a query can use, with what they hold. */
export function analyticsViews(
  dailyKinds: readonly string[],
  periodKinds: readonly string[],
): { name: string; description: string }[] {
  return [
    {
      name: "events",
      description: `raw events: the Parquet archive and what is only in L1 yet (${["time", ...ARCHIVE_COLUMNS.map((c) => c.name), "domain"].join(", ")})`,
    },
    ...dailyKinds.map((name) => ({ name, description: "L2 daily aggregate: day, key, value (JSON)" })),
    ...periodKinds.map((name) => ({ name, description: "L3 aggregate: period, key, value (JSON)" })),
  ];
}

function* mapRows<T, U>(items: Iterable<T>, fn: (item: T) => U): IterableIterator<U> {
  for (const item of items) yield fn(item);
}
