// LTSS's table on PostgreSQL/TimescaleDB (time, entity_id, state, attributes) as a record source.
import type { HomeEvent } from "../../core/home-event.js";
import { connectPostgres } from "./postgres-client.js";
import type { RecordChunk, RecordSource } from "./record-importer.js";
import { describeDatabaseUrl, type SqlClient } from "./sql-client.js";

export const LTSS_SOURCE = "import:ltss";
const DEFAULT_CHUNK = 5_000;

export interface LtssSettings {
  /** postgresql://user:password@host:5432/database */
  connectionString: string;
  table?: string;
  chunkRows?: number;
}

interface LtssRow {
  at: string;
  ms: string;
  entity_id: string | null;
  state: string | null;
  /** The device_class in the row's attributes (Home Assistant's state attributes as JSONB). */
  device_class: string | null;
  /** The unit_of_measurement in the row's attributes. */
  unit: string | null;
}

/**
 * Reads in (time, entity_id) order with keyset pages, so a page never re-reads or skips a row and
 * the position "time|entity" resumes exactly. One page in memory at a time.
 */
export function ltssHistorySource(settings: LtssSettings): RecordSource {
  const table = settings.table ?? "ltss";
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(table))
    throw new Error(`not a table name: ${JSON.stringify(table)}`);
  const chunk = Math.max(1, Math.floor(settings.chunkRows ?? DEFAULT_CHUNK));
  let client: SqlClient | undefined;
  // Times are read and compared as UTC text: the position survives any server time zone.
  const connect = async () => (client ??= await connectPostgres(settings.connectionString));
  const split = (after: string | undefined) => {
    const i = after?.lastIndexOf("|") ?? -1;
    return after && i > 0 ? { at: after.slice(0, i), entity: after.slice(i + 1) } : undefined;
  };
  return {
    target: `${describeDatabaseUrl(settings.connectionString)} (table ${table})`,
    async count(after) {
      const c = await connect();
      const pos = split(after);
      const r = pos
        ? await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${table} WHERE (time, entity_id) > ($1::timestamptz, $2)`,
            [pos.at, pos.entity],
          )
        : await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(r[0]?.n ?? 0);
    },
    async *chunks(after) {
      const c = await connect();
      let pos = split(after);
      // Only the device class and unit of the attributes: the rest stays in the database.
      const columns =
        "time::text AS at, (extract(epoch FROM time) * 1000)::bigint::text AS ms, entity_id, state, attributes ->> 'device_class' AS device_class, attributes ->> 'unit_of_measurement' AS unit";
      for (;;) {
        const r = pos
          ? await c.query<LtssRow>(
              `SELECT ${columns} FROM ${table} WHERE (time, entity_id) > ($1::timestamptz, $2) ORDER BY time, entity_id LIMIT ${chunk}`,
              [pos.at, pos.entity],
            )
          : await c.query<LtssRow>(`SELECT ${columns} FROM ${table} ORDER BY time, entity_id LIMIT ${chunk}`);
        if (r.length === 0) return;
        const out: RecordChunk = { events: [], rejected: [], records: r.length, position: "" };
        for (const row of r) {
          if (row.entity_id === null || row.state === null) {
            out.rejected.push({ at: `${row.at} ${row.entity_id ?? "?"}`, reason: "no entity or state" });
            continue;
          }
          const event: HomeEvent = { ts: Number(row.ms), entity: row.entity_id, state: row.state, source: LTSS_SOURCE };
          // As a live state carries it: rows come in time order, so the entity keeps its latest.
          if (row.device_class) event.deviceClass = row.device_class;
          if (row.unit) event.unit = row.unit;
          out.events.push(event);
        }
        const last = r[r.length - 1]!;
        pos = { at: last.at, entity: last.entity_id ?? "" };
        out.position = `${pos.at}|${pos.entity}`;
        yield out;
        if (r.length < chunk) return;
      }
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.close();
    },
  };
}
