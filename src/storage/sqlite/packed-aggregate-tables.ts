// Creates an L2/L3 kind's table in the packed shape, converting a table left in the row-per-key shape.
import type { SqliteDb } from "./sqlite-database.js";

/**
 * Kinds without a migration get their table when the app starts. A table created that way by a
 * release before the packed shape (one row per key, JSON text) is converted here the same way
 * migration 0008 converts the tables it knows, so no learned rows are lost. Needs the codec's SQL
 * functions (registerAggregateCodec) on the connection.
 */
export function ensurePackedTable(db: SqliteDb, table: string, column: "day" | "period"): void {
  const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  if (columns.length === 0) {
    db.exec(`CREATE TABLE ${table} (${column} TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL)`);
    return;
  }
  if (!columns.includes("key")) return;
  db.exec(
    `CREATE TABLE ${table}__packed (${column} TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL);
     INSERT INTO ${table}__packed (${column}, rows, data)
       SELECT ${column}, count(*), hp_pack_rows(json_group_array(json_array(key, json(value)) ORDER BY key))
       FROM ${table} GROUP BY ${column};
     DROP TABLE ${table};
     ALTER TABLE ${table}__packed RENAME TO ${table};`,
  );
}
