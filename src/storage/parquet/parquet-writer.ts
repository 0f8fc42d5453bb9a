// Writes a Parquet file row group by row group, in plain JS: the nightly archive needs no DuckDB in the service.
import { closeSync, openSync, writeSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { ColumnBuffer } from "./column-buffer.js";
import { deltaBinaryPacked } from "./delta-binary-packed.js";
import { type ThriftField, ThriftWriter } from "./thrift-compact.js";

export interface ParquetColumn {
  name: string;
  type: "int64" | "string";
  /** Nullable: written with definition levels; others must never be null. */
  optional: boolean;
}

// Parquet's enums, as the format's Thrift definition numbers them.
const PHYSICAL = { int64: 2, string: 6 } as const;
const REQUIRED = 0;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const ENCODING = { plain: 0, rle: 3, deltaBinaryPacked: 5, rleDictionary: 8 } as const;
const CODEC_GZIP = 2;
const PAGE = { data: 0, dictionary: 2 } as const;
const MAGIC = Buffer.from("PAR1");

/**
 * Loading DuckDB to write the nightly file cost the service about 57 MB of resident memory
 * (its library and its instance), kept for the rest of the process's life. This writer holds one
 * row group at a time, as columns (column-buffer.ts; a row is not kept once its values are
 * taken): strings dictionary-encoded per column chunk, each page gzip-compressed,
 * readable by DuckDB's read_parquet and any other Parquet reader.
 */
export function writeParquetFile(
  file: string,
  columns: readonly ParquetColumn[],
  rows: Iterable<readonly unknown[]>,
  rowGroupSize = 30_720,
): { rows: number } {
  const fd = openSync(file, "w");
  try {
    const out = new FileOut(fd);
    out.write(MAGIC);
    const groups: ThriftField[][] = [];
    const buffers = columns.map((c) => new ColumnBuffer(c.name, c.type, c.optional, rowGroupSize));
    let total = 0;
    let inGroup = 0;
    const flush = () => {
      if (inGroup === 0) return;
      groups.push(writeRowGroup(out, buffers, inGroup));
      total += inGroup;
      inGroup = 0;
      for (const b of buffers) b.clear();
    };
    for (const row of rows) {
      for (let i = 0; i < buffers.length; i++) buffers[i].add(inGroup, row[i]);
      inGroup++;
      if (inGroup >= rowGroupSize) flush();
    }
    flush();
    const footer = new ThriftWriter().struct(fileMetaData(columns, total, groups)).bytes();
    out.write(footer);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length);
    out.write(length);
    out.write(MAGIC);
    return { rows: total };
  } finally {
    closeSync(fd);
  }
}

class FileOut {
  offset = 0;
  constructor(private readonly fd: number) {}
  write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
  }
}

function writeRowGroup(out: FileOut, buffers: readonly ColumnBuffer[], rows: number): ThriftField[] {
  const chunks: ThriftField[][] = [];
  let groupBytes = 0;
  for (const buffer of buffers) {
    const chunk = writeColumnChunk(out, buffer, rows);
    groupBytes += chunk.uncompressed;
    chunks.push(chunk.field);
  }
  return [
    { id: 1, type: "list<struct>", value: chunks },
    { id: 2, type: "i64", value: groupBytes },
    { id: 3, type: "i64", value: rows },
  ];
}

function writeColumnChunk(
  out: FileOut,
  column: ColumnBuffer,
  rows: number,
): { field: ThriftField[]; uncompressed: number } {
  const levels = column.optional ? withLength(rleRuns(column.defined.subarray(0, rows))) : Buffer.alloc(0);
  const start = out.offset;
  let uncompressed = 0;
  let compressed = 0;
  let dictionaryOffset: number | undefined;
  let values: Buffer;
  let encoding: number = ENCODING.plain;
  if (column.type === "string" && column.present > 0) {
    const dictionary = column.dictionary;
    dictionaryOffset = out.offset;
    const dictPage = plainStrings([...dictionary.keys()]);
    const written = writePage(
      out,
      dictPage,
      [
        {
          id: 7,
          type: "struct",
          value: [
            { id: 1, type: "i32", value: dictionary.size },
            { id: 2, type: "i32", value: ENCODING.plain },
          ],
        },
      ],
      PAGE.dictionary,
    );
    uncompressed += written.uncompressed;
    compressed += written.compressed;
    values = dictionaryIds(column.ids.subarray(0, column.present), dictionary.size);
    encoding = ENCODING.rleDictionary;
  } else if (column.type === "string") {
    values = Buffer.alloc(0);
  } else {
    values = deltaBinaryPacked(column.numbers.subarray(0, column.present));
    encoding = ENCODING.deltaBinaryPacked;
  }
  const dataOffset = out.offset;
  const written = writePage(
    out,
    Buffer.concat([levels, values]),
    [
      {
        id: 5,
        type: "struct",
        value: [
          { id: 1, type: "i32", value: rows },
          { id: 2, type: "i32", value: encoding },
          { id: 3, type: "i32", value: ENCODING.rle },
          { id: 4, type: "i32", value: ENCODING.rle },
        ],
      },
    ],
    PAGE.data,
  );
  uncompressed += written.uncompressed;
  compressed += written.compressed;
  const encodings =
    dictionaryOffset === undefined
      ? [...new Set([ENCODING.plain, ENCODING.rle, encoding])]
      : [ENCODING.plain, ENCODING.rle, ENCODING.rleDictionary];
  const meta: ThriftField[] = [
    { id: 1, type: "i32", value: PHYSICAL[column.type] },
    { id: 2, type: "list<i32>", value: encodings },
    { id: 3, type: "list<binary>", value: [column.name] },
    { id: 4, type: "i32", value: CODEC_GZIP },
    { id: 5, type: "i64", value: rows },
    { id: 6, type: "i64", value: uncompressed },
    { id: 7, type: "i64", value: compressed },
    { id: 9, type: "i64", value: dataOffset },
    { id: 11, type: "i64", value: dictionaryOffset },
  ];
  return {
    field: [
      { id: 2, type: "i64", value: start },
      { id: 3, type: "struct", value: meta },
    ],
    uncompressed,
  };
}

/** One page: its header (sizes, and the page kind's own header) then the gzip-compressed body. */
function writePage(
  out: FileOut,
  body: Buffer,
  kindHeader: ThriftField[],
  type: number,
): { uncompressed: number; compressed: number } {
  const packed = gzipSync(body);
  const header = new ThriftWriter()
    .struct([
      { id: 1, type: "i32", value: type },
      { id: 2, type: "i32", value: body.length },
      { id: 3, type: "i32", value: packed.length },
      ...kindHeader,
    ])
    .bytes();
  out.write(header);
  out.write(packed);
  return { uncompressed: header.length + body.length, compressed: header.length + packed.length };
}

function fileMetaData(columns: readonly ParquetColumn[], rows: number, groups: ThriftField[][]): ThriftField[] {
  const schema: ThriftField[][] = [
    [
      { id: 4, type: "binary", value: "schema" },
      { id: 5, type: "i32", value: columns.length },
    ],
    ...columns.map((c): ThriftField[] => [
      { id: 1, type: "i32", value: PHYSICAL[c.type] },
      { id: 3, type: "i32", value: c.optional ? OPTIONAL : REQUIRED },
      { id: 4, type: "binary", value: c.name },
      { id: 6, type: "i32", value: c.type === "string" ? CONVERTED_UTF8 : undefined },
      // LogicalType is a union: field 1 is STRING, an empty struct.
      { id: 10, type: "struct", value: c.type === "string" ? [{ id: 1, type: "struct", value: [] }] : undefined },
    ]),
  ];
  return [
    { id: 1, type: "i32", value: 1 },
    { id: 2, type: "list<struct>", value: schema },
    { id: 3, type: "i64", value: rows },
    { id: 4, type: "list<struct>", value: groups },
    { id: 6, type: "binary", value: "home-patterns parquet writer" },
  ];
}

/** PLAIN byte arrays: each value's 4-byte little-endian length, then its UTF-8 bytes. */
function plainStrings(values: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) {
    const bytes = Buffer.from(v, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/** Dictionary ids: their bit width in one byte, then one bit-packed run of the RLE/bit-packing hybrid. */
function dictionaryIds(ids: Uint32Array, dictionarySize: number): Buffer {
  const width = Math.max(1, Math.ceil(Math.log2(dictionarySize)));
  const groups = Math.ceil(ids.length / 8);
  const header = varint(groups * 2 + 1);
  const packed = Buffer.alloc(groups * width);
  let bit = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    for (let b = 0; b < width; b++, bit++) if ((id >>> b) & 1) packed[bit >>> 3] |= 1 << (bit & 7);
  }
  return Buffer.concat([Buffer.from([width, ...header]), packed]);
}

/** Definition levels (0 or 1) as RLE runs of the hybrid encoding, bit width 1. */
function rleRuns(levels: Uint8Array): Buffer {
  const parts: number[] = [];
  let i = 0;
  while (i < levels.length) {
    let j = i + 1;
    while (j < levels.length && levels[j] === levels[i]) j++;
    parts.push(...varint((j - i) * 2), levels[i]);
    i = j;
  }
  return Buffer.from(parts);
}

/** Levels in a v1 data page are preceded by their byte length, 4 bytes little-endian. */
function withLength(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}
