// The stored form of L2/L3 rows: one kind's rows of one day (or period) as one deflated blob.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { coOccurrenceRowsCodec } from "./co-occurrence-rows-codec.js";
import { arrayElementSpans, objectMemberSpans } from "./json-spans.js";
import { sequenceRowsCodec } from "./sequence-rows-codec.js";
import type { SqliteDb } from "./sqlite-database.js";

/**
 * Most rows are a long tail seen once a day (chains, pairs) whose JSON repeats the same entity
 * ids; one blob per day compresses that repetition away (about 20× on the simulated home) and
 * reads back with one inflate and one JSON.parse instead of one per row. Level 1 costs a few
 * per cent in size and a third of the time of the default level.
 */
const LEVEL = 1;

/**
 * Tables whose rows have a compact form (migration 0010): the blob's text is then
 * {"codec": name, "strings": [...], "rows": [...]}. Every other blob is the JSON list of
 * [key, value] pairs of migration 0008, and either is read whatever the table.
 */
const COMPACT: Readonly<Record<string, string>> = {
  sequence_daily: "sequence/1",
  co_occurrence_daily: "co-occurrence/1",
};

interface RowCodec {
  encode(rows: readonly [string, unknown][]): { strings: string[]; rows: unknown[] } | null;
  decode(strings: readonly string[], rows: readonly unknown[]): [string, unknown][];
  /** Decodes one row at a time, the blob's strings given. */
  decoder(strings: readonly string[]): (row: unknown) => [string, unknown];
}

const CODECS: Readonly<Record<string, RowCodec>> = {
  "sequence/1": sequenceRowsCodec,
  "co-occurrence/1": coOccurrenceRowsCodec,
};

/** Rows sorted by key, deflated: in the table's compact form when it has one and every row fits it. */
export function packRows(rows: ReadonlyMap<string, unknown>, table?: string): Buffer {
  const keys = [...rows.keys()].sort();
  const sorted = keys.map((k): [string, unknown] => [k, rows.get(k)]);
  const codec = table === undefined ? undefined : COMPACT[table];
  const compact = codec === undefined ? null : CODECS[codec].encode(sorted);
  return packText(JSON.stringify(compact === null ? sorted : { codec, ...compact }));
}

/** The rows of one blob, in key order. */
export function unpackRows(blob: Uint8Array): [string, unknown][] {
  return parseRows(unpackText(blob));
}

/**
 * The rows of one blob by key, in key order: what unpackRows gives, put straight into a map
 * without a [key, value] pair per row.
 */
export function unpackRowMap(blob: Uint8Array): Map<string, unknown> {
  const parsed: unknown = JSON.parse(unpackText(blob));
  if (Array.isArray(parsed)) return new Map(parsed as [string, unknown][]);
  const { codec, strings, rows } = (parsed ?? {}) as { codec?: unknown; strings?: unknown; rows?: unknown };
  const decode = knownCodec(codec, strings, Array.isArray(rows)).decoder(strings as string[]);
  const list = rows as unknown[];
  const out = new Map<string, unknown>();
  for (let r = 0; r < list.length; r++) {
    const [key, value] = decode(list[r]);
    out.set(key, value);
  }
  return out;
}

/**
 * The rows of one blob, in key order, each parsed and decoded when the caller asks for it: the
 * rows of a day a caller drops as it goes (most of a day's chains, for a detector) never all
 * exist at once, and what each row leaves behind is young garbage, not a whole day's parse
 * promoted to the old generation. The same rows as unpackRows.
 */
export function* eachPackedRow(blob: Uint8Array): Generator<[string, unknown]> {
  const text = unpackText(blob);
  const first = /\S/.exec(text)?.[0];
  if (first === "[") {
    for (const [start, end] of arrayElementSpans(text)) yield JSON.parse(text.slice(start, end)) as [string, unknown];
    return;
  }
  if (first !== "{") throw notRows(undefined);
  const members = objectMemberSpans(text);
  const part = (name: string): unknown => {
    const span = members.get(name);
    return span === undefined ? undefined : JSON.parse(text.slice(span[0], span[1]));
  };
  const codec = part("codec");
  const strings = part("strings");
  const rows = members.get("rows");
  const known = knownCodec(codec, strings, rows !== undefined && text.charCodeAt(rows[0]) === 0x5b);
  const decode = known.decoder(strings as string[]);
  for (const [start, end] of arrayElementSpans(text, (rows as readonly [number, number])[0]))
    yield decode(JSON.parse(text.slice(start, end)));
}

function parseRows(text: string): [string, unknown][] {
  const parsed: unknown = JSON.parse(text);
  if (Array.isArray(parsed)) return parsed as [string, unknown][];
  const { codec, strings, rows } = (parsed ?? {}) as { codec?: unknown; strings?: unknown; rows?: unknown };
  return knownCodec(codec, strings, Array.isArray(rows)).decode(strings as string[], rows as unknown[]);
}

function knownCodec(codec: unknown, strings: unknown, rowsAreList: boolean): RowCodec {
  const known = typeof codec === "string" && Object.hasOwn(CODECS, codec) ? CODECS[codec] : undefined;
  if (!known || !Array.isArray(strings) || !rowsAreList) throw notRows(codec);
  return known;
}

function notRows(codec: unknown): Error {
  return new Error(`an aggregate blob holds neither a list of rows nor a known compact form (${String(codec)})`);
}

function packText(json: string): Buffer {
  return deflateRawSync(Buffer.from(json, "utf8"), { level: LEVEL });
}

function unpackText(blob: Uint8Array): string {
  return inflateRawSync(blob).toString("utf8");
}

/**
 * SQL functions the L2/L3 migrations convert rows with (SQLite has no deflate of its own):
 * hp_pack_rows(json text) → blob of the JSON list, hp_unpack_rows(blob) → JSON text of the list
 * (from either form), hp_repack_rows(blob, table) → blob in the table's compact form if it has one.
 */
export function registerAggregateCodec(db: SqliteDb): void {
  db.function("hp_pack_rows", { deterministic: true }, (json: unknown) => {
    if (typeof json !== "string") throw new TypeError("hp_pack_rows takes JSON text");
    return packText(json);
  });
  db.function("hp_unpack_rows", { deterministic: true }, (blob: unknown) => {
    if (!(blob instanceof Uint8Array)) throw new TypeError("hp_unpack_rows takes a blob");
    const text = unpackText(blob);
    return text.startsWith("[") ? text : JSON.stringify(parseRows(text));
  });
  db.function("hp_repack_rows", { deterministic: true }, (blob: unknown, table: unknown) => {
    if (!(blob instanceof Uint8Array) || typeof table !== "string")
      throw new TypeError("hp_repack_rows takes a blob and a table name");
    return packRows(new Map(unpackRows(blob)), table);
  });
}
