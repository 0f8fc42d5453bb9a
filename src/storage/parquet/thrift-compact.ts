// Thrift's compact protocol, the writing half only: how Parquet encodes its page headers and footer.

/** A Thrift struct as a list of fields; `undefined` values are left out (optional fields). */
export type ThriftField =
  | { id: number; type: "i32" | "i64"; value: number | undefined }
  | { id: number; type: "bool"; value: boolean | undefined }
  | { id: number; type: "binary"; value: string | undefined }
  | { id: number; type: "struct"; value: ThriftField[] | undefined }
  | { id: number; type: "list<i32>"; value: number[] | undefined }
  | { id: number; type: "list<binary>"; value: string[] | undefined }
  | { id: number; type: "list<struct>"; value: ThriftField[][] | undefined };

const TYPE = { true: 1, false: 2, i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;

/** Grows as bytes are written; read the result with bytes(). */
export class ThriftWriter {
  private buf = Buffer.alloc(256);
  private length = 0;

  struct(fields: readonly ThriftField[]): this {
    let last = 0;
    for (const f of [...fields].sort((a, b) => a.id - b.id)) {
      if (f.value === undefined) continue;
      const type = fieldType(f);
      this.fieldHeader(f.id, last, type);
      last = f.id;
      this.value(f);
    }
    this.byte(0);
    return this;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  private value(f: ThriftField): void {
    switch (f.type) {
      case "bool":
        return; // carried in the field header
      case "i32":
      case "i64":
        this.zigzag(f.value as number);
        return;
      case "binary":
        this.binary(f.value as string);
        return;
      case "struct":
        this.struct(f.value as ThriftField[]);
        return;
      case "list<i32>":
        this.listHeader((f.value as number[]).length, TYPE.i32);
        for (const v of f.value as number[]) this.zigzag(v);
        return;
      case "list<binary>":
        this.listHeader((f.value as string[]).length, TYPE.binary);
        for (const v of f.value as string[]) this.binary(v);
        return;
      case "list<struct>":
        this.listHeader((f.value as ThriftField[][]).length, TYPE.struct);
        for (const v of f.value as ThriftField[][]) this.struct(v);
        return;
    }
  }

  private fieldHeader(id: number, last: number, type: number): void {
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
  }

  private listHeader(size: number, elementType: number): void {
    if (size < 15) this.byte((size << 4) | elementType);
    else {
      this.byte(0xf0 | elementType);
      this.varint(size);
    }
  }

  private binary(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.varint(bytes.length);
    this.ensure(bytes.length);
    bytes.copy(this.buf, this.length);
    this.length += bytes.length;
  }

  /** Zigzag over exact integers: file offsets pass 2^32, so no 32-bit bit operations here. */
  private zigzag(n: number): void {
    const v = BigInt(n);
    this.varintBig(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }

  private varint(n: number): void {
    this.varintBig(BigInt(n));
  }

  private varintBig(v: bigint): void {
    let rest = v;
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

function fieldType(f: ThriftField): number {
  switch (f.type) {
    case "bool":
      return f.value ? TYPE.true : TYPE.false;
    case "i32":
      return TYPE.i32;
    case "i64":
      return TYPE.i64;
    case "binary":
      return TYPE.binary;
    case "struct":
      return TYPE.struct;
    default:
      return TYPE.list;
  }
}
