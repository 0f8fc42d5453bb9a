// Rows of Home Assistant's recorder `states` table, whatever database holds them, as a chunk of events: changes of state only.
import type { HomeEvent } from "../../core/home-event.js";
import type { SharedKeptAttributes } from "./kept-attributes.js";
import type { RecordChunk } from "./record-importer.js";

export const HA_RECORDER_SOURCE = "import:ha-recorder";

/** One states row as the recorder queries select it. */
export interface RecorderStateRow {
  state_id: number | string;
  entity_id: string | null;
  state: string | null;
  /** Epoch seconds (*_ts columns) or the older schemas' UTC text. */
  ts: number | string | null;
  /** Only a change of state when last_changed equals last_updated (else an attribute update); 1/0 or a boolean. */
  changed: number | boolean | string;
  previous: string | null;
  user_id: string | null;
  /** The shared attributes row (schema 25+), null in older rows or when none. */
  attributes_id?: number | string | null;
  /**
   * The state's attributes JSON (state_attributes.shared_attrs, before schema 25 states.attributes),
   * selected only when it names a device_class or a unit_of_measurement.
   */
  attributes?: string | null;
}

/**
 * The attributes JSON of a states row `s` joined to its state_attributes row `a` (when the
 * database has that table), only where it names a device_class or a unit: the others stay in the database.
 */
export function recorderAttributesColumns(hasSharedAttributes: boolean, hasOwnAttributes: boolean): string {
  const text = hasSharedAttributes
    ? hasOwnAttributes
      ? "coalesce(a.shared_attrs, s.attributes)"
      : "a.shared_attrs"
    : hasOwnAttributes
      ? "s.attributes"
      : "NULL";
  const id = hasSharedAttributes ? "s.attributes_id" : "NULL";
  if (text === "NULL") return "NULL AS attributes_id, NULL AS attributes";
  const kept = `${text} LIKE '%"device_class"%' OR ${text} LIKE '%"unit_of_measurement"%'`;
  return `${id} AS attributes_id, CASE WHEN ${kept} THEN ${text} END AS attributes`;
}

/** The join recorderAttributesColumns reads from, or nothing without a state_attributes table. */
export function recorderAttributesJoin(hasSharedAttributes: boolean): string {
  return hasSharedAttributes ? "LEFT JOIN state_attributes a ON a.attributes_id = s.attributes_id" : "";
}

/** Epoch ms from *_ts seconds or the older "2023-01-05 06:55:12.345678" UTC text. */
export function recorderEpochMs(ts: number | string | null): number | null {
  // Truncated like the older text times are: both schemas give the same millisecond.
  if (typeof ts === "number") return Math.floor(ts * 1000);
  if (typeof ts !== "string") return null;
  if (/^-?\d+(\.\d+)?$/.test(ts)) return Math.floor(Number(ts) * 1000);
  const iso = ts.includes("T") ? ts : ts.replace(" ", "T");
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The chunk for rows read in state_id order; its position is the last row's state_id. */
export function recorderChunk(rows: readonly RecorderStateRow[], attributesOf?: SharedKeptAttributes): RecordChunk {
  const chunk: RecordChunk = { events: [], rejected: [], records: rows.length, position: "", skipped: {} };
  const skip = (reason: string) => {
    chunk.skipped![reason] = (chunk.skipped![reason] ?? 0) + 1;
  };
  for (const r of rows) {
    // Only an attribute changed: not a change of state.
    if (!r.changed || r.changed === "0") skip("attribute update");
    // Home Assistant records a removed entity as a state row without a state.
    else if (r.state === null) skip("entity removed");
    else {
      const ts = recorderEpochMs(r.ts);
      if (ts === null || r.entity_id === null) {
        chunk.rejected.push({ at: `state_id ${r.state_id}`, reason: "no entity or time" });
        continue;
      }
      const event: HomeEvent = { ts, entity: r.entity_id, state: r.state, source: HA_RECORDER_SOURCE };
      if (r.previous !== null) event.previous = r.previous;
      if (r.user_id) event.user = r.user_id.replace(/-/g, "").toLowerCase();
      // As a live state_changed carries them: the import's last ones are the entity's.
      const kept = r.attributes ? attributesOf?.(r.attributes_id, r.attributes) : undefined;
      if (kept?.deviceClass !== undefined) event.deviceClass = kept.deviceClass;
      if (kept?.unit !== undefined) event.unit = kept.unit;
      chunk.events.push(event);
    }
  }
  chunk.position = String(rows.at(-1)?.state_id ?? "");
  return chunk;
}
