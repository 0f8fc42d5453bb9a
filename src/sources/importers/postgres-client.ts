// The one file that imports pg: a PostgreSQL connection for the importers (LTSS, the recorder on PostgreSQL).
import type { SqlClient } from "./sql-client.js";

/**
 * One connection, no pool: the importers read one keyset page at a time. Times are read as UTC
 * text, so positions survive any server time zone. "postgresql+psycopg2://" (Home Assistant's
 * db_url with a driver) is read as "postgresql://".
 */
export async function connectPostgres(url: string): Promise<SqlClient> {
  // Loaded on first use: the service, which never imports from PostgreSQL, does not carry it.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url.replace(/^postgres(ql)?\+[a-z0-9]+:/i, "postgresql:") });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return {
    dialect: "postgresql",
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await client.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    close: () => client.end(),
  };
}
