// Home Assistant's recorder database (home-assistant_v2.db) as a record source: its states table, new (2023.3+) or older schema.
import { openSqlite, type SqliteDb } from "../../storage/sqlite/sqlite-database.js";
import { sharedKeptAttributes } from "./kept-attributes.js";
import type { RecordSource } from "./record-importer.js";
import {
  type RecorderStateRow,
  recorderAttributesColumns,
  recorderAttributesJoin,
  recorderChunk,
} from "./recorder-rows.js";

export { HA_RECORDER_SOURCE } from "./recorder-rows.js";

/** Rows read per chunk: bounded memory whatever the database's size. */
const DEFAULT_CHUNK = 5_000;

/**
 * Schema 31+ (2023.3 and later) keeps entity ids in states_meta and times as epoch seconds in
 * *_ts columns, user ids as 16-byte blobs; older schemas keep them as text in states. Attributes
 * live in state_attributes since schema 25 (2022.4), before in states.attributes.
 */
function stateQuery(db: SqliteDb, chunk: number): string {
  const columns = new Set((db.prepare("PRAGMA table_info(states)").all() as { name: string }[]).map((c) => c.name));
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'states_meta'").get();
  if (!columns.has("state_id") || !columns.has("state"))
    throw new Error("not a Home Assistant recorder database: no states table with state_id and state");
  const shared =
    columns.has("attributes_id") &&
    (db.prepare("PRAGMA table_info(state_attributes)").all() as { name: string }[]).some(
      (c) => c.name === "shared_attrs",
    );
  const attributes = recorderAttributesColumns(shared, columns.has("attributes"));
  const attributesJoin = recorderAttributesJoin(shared);
  if (hasMeta && columns.has("metadata_id") && columns.has("last_updated_ts")) {
    return `SELECT s.state_id, m.entity_id, s.state,
        coalesce(s.last_changed_ts, s.last_updated_ts) AS ts,
        (s.last_changed_ts IS NULL OR s.last_changed_ts = s.last_updated_ts) AS changed,
        o.state AS previous,
        lower(hex(s.context_user_id_bin)) AS user_id,
        ${attributes}
      FROM states s JOIN states_meta m ON m.metadata_id = s.metadata_id
      LEFT JOIN states o ON o.state_id = s.old_state_id
      ${attributesJoin}
      WHERE s.state_id > ? ORDER BY s.state_id LIMIT ${chunk}`;
  }
  if (columns.has("entity_id") && columns.has("last_updated")) {
    return `SELECT s.state_id, s.entity_id, s.state,
        coalesce(s.last_changed, s.last_updated) AS ts,
        (s.last_changed IS NULL OR s.last_changed = s.last_updated) AS changed,
        o.state AS previous,
        s.context_user_id AS user_id,
        ${attributes}
      FROM states s LEFT JOIN states o ON o.state_id = s.old_state_id
      ${attributesJoin}
      WHERE s.state_id > ? ORDER BY s.state_id LIMIT ${chunk}`;
  }
  throw new Error("unknown Home Assistant recorder schema: states has neither metadata_id nor entity_id");
}

export function haRecorderSource(
  file: string,
  options: { chunkRows?: number /** What messages call it instead of its path. */; label?: string } = {},
): RecordSource {
  const chunkRows = Math.max(1, Math.floor(options.chunkRows ?? DEFAULT_CHUNK));
  let db: SqliteDb | undefined;
  const open = () => (db ??= openSqlite({ file, readonly: true }));
  return {
    target: options.label ?? file,
    async count(after) {
      const d = open();
      stateQuery(d, chunkRows);
      const row = d.prepare("SELECT count(*) AS n FROM states WHERE state_id > ?").get(Number(after ?? 0)) as {
        n: number;
      };
      return row.n;
    },
    async *chunks(after) {
      const d = open();
      const stmt = d.prepare(stateQuery(d, chunkRows));
      const attributesOf = sharedKeptAttributes();
      let position = Number(after ?? 0);
      for (;;) {
        const rows = stmt.all(position) as RecorderStateRow[];
        if (rows.length === 0) return;
        const chunk = recorderChunk(rows, attributesOf);
        position = Number(chunk.position);
        yield chunk;
      }
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
