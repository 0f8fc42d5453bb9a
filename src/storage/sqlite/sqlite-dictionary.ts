// Maps repeated strings (states, sources, users, contexts) to small integers, cached in memory.
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";

export class SqliteDictionary {
  private readonly ids = new Map<string, number>();
  private readonly values = new Map<number, string>();
  private readonly insert: SqliteStatement;
  private readonly select: SqliteStatement;
  private readonly selectValue: SqliteStatement;

  constructor(
    db: SqliteDb,
    readonly table: string,
    readonly column: string,
  ) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO ${table} (${column}) VALUES (?)`);
    this.select = db.prepare(`SELECT id FROM ${table} WHERE ${column} = ?`);
    this.selectValue = db.prepare(`SELECT ${column} AS v FROM ${table} WHERE id = ?`);
  }

  /** The id of a value, adding it when new. Call inside the caller's transaction. */
  idOf(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      this.insert.run(value);
      id = (this.select.get(value) as { id: number }).id;
      this.remember(value, id);
    }
    return id;
  }

  /** The value of an id, or undefined when the dictionary has no such id (a dangling reference). */
  find(id: number): string | undefined {
    let value = this.values.get(id);
    if (value === undefined) {
      const row = this.selectValue.get(id) as { v: string } | undefined;
      if (!row) return undefined;
      value = row.v;
      this.remember(value, id);
    }
    return value;
  }

  /** Drops the cache, e.g. after a transaction that added ids was rolled back. */
  forget(): void {
    this.ids.clear();
    this.values.clear();
  }

  private remember(value: string, id: number): void {
    // Context ids are unique per change: keep the cache bounded.
    if (this.ids.size > 50_000) this.forget();
    this.ids.set(value, id);
    this.values.set(id, value);
  }
}
