// The stored form of L2/L3 rows: one kind's rows of one day (or period) as one deflated JSON blob.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { SqliteDb } from "./sqlite-database.js";

/**
 * Most rows are a long tail seen once a day (chains, pairs) whose JSON repeats the same entity
 * ids; one blob per day compresses that repetition away (about 20× on the simulated home) and
 * reads back with one inflate and one JSON.parse instead of one per row. Level 1 costs a few
 * per cent in size and a third of the time of the default level.
 */
const LEVEL = 1;

/** Rows sorted by key, as `[[key, value], ...]` JSON, deflated. */
export function packRows(rows: ReadonlyMap<string, unknown>): Buffer {
  const keys = [...rows.keys()].sort();
  return packText(JSON.stringify(keys.map((k) => [k, rows.get(k)])));
}

/** The rows of one blob, in key order. */
export function unpackRows(blob: Uint8Array): [string, unknown][] {
  const rows: unknown = JSON.parse(unpackText(blob));
  if (!Array.isArray(rows)) throw new Error("an aggregate blob does not hold a list of rows");
  return rows as [string, unknown][];
}

function packText(json: string): Buffer {
  return deflateRawSync(Buffer.from(json, "utf8"), { level: LEVEL });
}

function unpackText(blob: Uint8Array): string {
  return inflateRawSync(blob).toString("utf8");
}

/**
 * SQL functions the L2/L3 migration converts rows with (SQLite has no deflate of its own):
 * hp_pack_rows(json text) → blob and hp_unpack_rows(blob) → json text.
 */
export function registerAggregateCodec(db: SqliteDb): void {
  db.function("hp_pack_rows", { deterministic: true }, (json: unknown) => {
    if (typeof json !== "string") throw new TypeError("hp_pack_rows takes JSON text");
    return packText(json);
  });
  db.function("hp_unpack_rows", { deterministic: true }, (blob: unknown) => {
    if (!(blob instanceof Uint8Array)) throw new TypeError("hp_unpack_rows takes a blob");
    return unpackText(blob);
  });
}
