// Home Assistant's recorder on MariaDB/MySQL or PostgreSQL (its db_url) as a record source: states + states_meta, a keyset page at a time.
import { sharedKeptAttributes } from "./kept-attributes.js";
import type { RecordSource } from "./record-importer.js";
import {
  type RecorderStateRow,
  recorderAttributesColumns,
  recorderAttributesJoin,
  recorderChunk,
} from "./recorder-rows.js";
import { describeDatabaseUrl, type SqlClient } from "./sql-client.js";

const DEFAULT_CHUNK = 5_000;

export interface RecorderServerSettings {
  /** Home Assistant's db_url: mysql://…, mysql+pymysql://…, postgresql://… */
  url: string;
  /** Opens the connection (the one client file of that server). */
  connect: (url: string) => Promise<SqlClient>;
  chunkRows?: number;
}

/** Which server a db_url names, or null when it is none the import reads. */
export function recorderServerKind(url: string): "mysql" | "postgresql" | null {
  if (/^(mysql|mariadb)(\+[a-z0-9]+)?:\/\//i.test(url)) return "mysql";
  if (/^postgres(ql)?(\+[a-z0-9]+)?:\/\//i.test(url)) return "postgresql";
  return null;
}

/**
 * The same rows as from the SQLite recorder (schema 31+, Home Assistant 2023.3 and later, which
 * every running Home Assistant has migrated its server database to): state_id order, so the
 * position is the last state_id read and a page never re-reads or skips a row.
 */
export function haRecorderServerSource(settings: RecorderServerSettings): RecordSource {
  const chunkRows = Math.max(1, Math.floor(settings.chunkRows ?? DEFAULT_CHUNK));
  let client: SqlClient | undefined;
  let schema: RecorderSchema | undefined;
  const open = async (): Promise<{ c: SqlClient; schema: RecorderSchema }> => {
    client ??= await settings.connect(settings.url);
    schema ??= await checkSchema(client);
    return { c: client, schema };
  };
  const p = (c: SqlClient, n: number) => (c.dialect === "postgresql" ? `$${n}` : "?");
  return {
    target: describeDatabaseUrl(settings.url),
    async count(after) {
      const { c } = await open();
      const rows = await c.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM states WHERE state_id > ${p(c, 1)}`,
        [Number(after ?? 0)],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async *chunks(after) {
      const { c, schema } = await open();
      const user =
        c.dialect === "postgresql" ? "encode(s.context_user_id_bin, 'hex')" : "LOWER(HEX(s.context_user_id_bin))";
      const sql = `SELECT s.state_id, m.entity_id, s.state,
          COALESCE(s.last_changed_ts, s.last_updated_ts) AS ts,
          (s.last_changed_ts IS NULL OR s.last_changed_ts = s.last_updated_ts) AS changed,
          o.state AS previous,
          ${user} AS user_id,
          ${recorderAttributesColumns(schema.sharedAttributes, schema.ownAttributes)}
        FROM states s JOIN states_meta m ON m.metadata_id = s.metadata_id
        LEFT JOIN states o ON o.state_id = s.old_state_id
        ${recorderAttributesJoin(schema.sharedAttributes)}
        WHERE s.state_id > ${p(c, 1)} ORDER BY s.state_id LIMIT ${chunkRows}`;
      const attributesOf = sharedKeptAttributes();
      let position = Number(after ?? 0);
      for (;;) {
        const rows = await c.query<RecorderStateRow>(sql, [position]);
        if (rows.length === 0) return;
        const chunk = recorderChunk(rows, attributesOf);
        position = Number(chunk.position);
        yield chunk;
      }
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.close();
    },
  };
}

/** Where the recorder keeps a state's attributes: state_attributes (schema 25+), states.attributes before. */
interface RecorderSchema {
  sharedAttributes: boolean;
  ownAttributes: boolean;
}

/** A clear word for a database that is not a recorder, or one from before 2023.3. */
async function checkSchema(c: SqlClient): Promise<RecorderSchema> {
  const schema = c.dialect === "postgresql" ? "current_schema()" : "DATABASE()";
  const rows = await c.query<{ table_name?: string; column_name?: string; TABLE_NAME?: string; COLUMN_NAME?: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name IN ('states', 'states_meta', 'state_attributes')`,
  );
  const columns = new Set(rows.map((r) => `${r.table_name ?? r.TABLE_NAME}.${r.column_name ?? r.COLUMN_NAME}`));
  if (!columns.has("states.state_id") || !columns.has("states.state"))
    throw new Error("not a Home Assistant recorder database: no states table with state_id and state");
  if (!columns.has("states_meta.entity_id") || !columns.has("states.last_updated_ts"))
    throw new Error(
      "a recorder schema from before Home Assistant 2023.3 (no states_meta): start a current Home Assistant on it once so it migrates the database, then import",
    );
  return {
    sharedAttributes: columns.has("states.attributes_id") && columns.has("state_attributes.shared_attrs"),
    ownAttributes: columns.has("states.attributes"),
  };
}
