// Per-source stream positions in SQLite.
import type { CursorStore } from "../event-store.js";
import type { SqliteDb } from "./sqlite-database.js";

export class SqliteCursorStore implements CursorStore {
  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => number,
  ) {}

  get(source: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM cursors WHERE source = ?").get(source) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  set(source: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO cursors (source, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      )
      .run(source, value, this.now());
  }
}
