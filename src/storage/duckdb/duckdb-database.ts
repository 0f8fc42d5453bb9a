// Opens DuckDB (the only file that imports @duckdb/node-api): bulk appends, guarded queries, JSON-safe results.
import type { DuckDBConnection, DuckDBInstance, DuckDBTypeId } from "@duckdb/node-api";

export type DuckColumnType = "bigint" | "integer" | "double" | "varchar";

export interface DuckQueryResult {
  columns: { name: string; type: string }[];
  /** Rows as arrays in column order, JSON-safe: integers as numbers when exact, else strings. */
  rows: unknown[][];
  /** True when the query had more rows than maxRows and only the first ones are returned. */
  truncated: boolean;
}

export interface DuckOpenOptions {
  /** e.g. "256MB": bounded memory on a Pi. */
  memoryLimit?: string;
  threads?: number;
  /** Where data beyond the memory limit may spill; without one, such a statement fails. */
  spillDir?: string;
}

/** The statement kinds DuckDB reports for a SQL text, without running it. */
export type DuckStatementKind = "select" | "explain" | "other";

export class DuckDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** An in-memory DuckDB: callers load or attach what they query. */
  static async open(options: DuckOpenOptions = {}): Promise<DuckDb> {
    // Loaded on first use: the library alone adds about 28 MB of resident memory, which a process
    // that never archives or queries (the CLI's migrate, import) should not pay.
    const { DuckDBInstance } = await loadDuckDb();
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: options.memoryLimit ?? "256MB",
      threads: String(options.threads ?? 2),
      // Without a spill folder a statement that does not fit in memory fails instead.
      temp_directory: options.spillDir ?? "",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    });
    return new DuckDb(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Appends rows to a table through DuckDB's appender; returns the row count. */
  async append(table: string, types: readonly DuckColumnType[], rows: Iterable<readonly unknown[]>): Promise<number> {
    const appender = await this.connection.createAppender(table);
    let count = 0;
    try {
      for (const row of rows) {
        for (let i = 0; i < types.length; i++) {
          const v = row[i];
          if (v === null || v === undefined) appender.appendNull();
          else if (types[i] === "bigint") appender.appendBigInt(BigInt(v as number));
          else if (types[i] === "integer") appender.appendInteger(v as number);
          else if (types[i] === "double") appender.appendDouble(v as number);
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
        count++;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return count;
  }

  /**
   * How many statements a SQL text holds and whether it is a SELECT (or EXPLAIN of one), from the
   * parser alone: no table is looked up, so "DROP TABLE x" is told apart from a SELECT of a missing
   * table. Throws DuckDB's message on SQL it cannot parse.
   */
  async parsedStatements(sql: string): Promise<{ count: number; select: boolean }> {
    const { count } = await this.connection.extractStatements(sql);
    const query = sql.replace(/^\s*explain(\s+analy[sz]e)?\s/i, "");
    // json_serialize_sql parses without binding and serializes SELECT statements only.
    const reader = await this.connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [query]);
    const parsed = JSON.parse(String(reader.getRows()[0][0])) as { error: boolean };
    return { count, select: !parsed.error };
  }

  /** Kinds of the statements in a SQL text (parsed and bound, not run). Throws DuckDB's message on bad SQL. */
  async statementKinds(sql: string): Promise<DuckStatementKind[]> {
    const { StatementType } = await loadDuckDb();
    const extracted = await this.connection.extractStatements(sql);
    const kinds: DuckStatementKind[] = [];
    for (let i = 0; i < extracted.count; i++) {
      const prepared = await extracted.prepare(i);
      const type = prepared.statementType;
      kinds.push(type === StatementType.SELECT ? "select" : type === StatementType.EXPLAIN ? "explain" : "other");
      prepared.destroySync();
    }
    return kinds;
  }

  /** Runs one query, reading at most maxRows rows, interrupted after timeoutMs. */
  async query(sql: string, limits: { maxRows: number; timeoutMs: number }): Promise<DuckQueryResult> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.connection.interrupt();
    }, limits.timeoutMs);
    try {
      const reader = await this.connection.streamAndReadUntil(sql, limits.maxRows + 1);
      const wide = wideIntegerTypes(await loadDuckDb());
      const names = reader.columnNames();
      const typeIds = names.map((_, i) => reader.columnTypeId(i));
      const types = names.map((_, i) => reader.columnType(i).toString());
      const all = reader.getRowsJson();
      const truncated = all.length > limits.maxRows;
      const rows = all.slice(0, limits.maxRows).map((row) => row.map((v, i) => exactNumber(v, wide.has(typeIds[i]))));
      return { columns: names.map((name, i) => ({ name, type: types[i] })), rows, truncated };
    } catch (err) {
      if (timedOut) throw new Error(`query took longer than ${limits.timeoutMs} ms and was stopped`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

type DuckDbModule = typeof import("@duckdb/node-api");

function loadDuckDb(): Promise<DuckDbModule> {
  return import("@duckdb/node-api");
}

function wideIntegerTypes(duck: DuckDbModule): Set<DuckDBTypeId> {
  const { DuckDBTypeId: T } = duck;
  return new Set<DuckDBTypeId>([T.BIGINT, T.UBIGINT, T.HUGEINT, T.UHUGEINT]);
}

/** DuckDB's JSON form writes 64-bit integers as strings; counts and epoch times read better as numbers. */
function exactNumber(value: unknown, wide: boolean): unknown {
  if (typeof value === "string" && wide) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return value;
}
