// Parquet's DELTA_BINARY_PACKED encoding of integers: time-ordered timestamps shrink to their gaps' bits.

const BLOCK = 128;
const MINIBLOCKS = 4;
const PER_MINIBLOCK = BLOCK / MINIBLOCKS;

/**
 * Encodes exact integers (|v| < 2^52, as epoch milliseconds are) as the format defines it: a
 * header (block size, miniblocks per block, count, first value), then per block of 128 deltas the
 * smallest delta and four miniblocks of 32 deltas less that minimum, each bit-packed at its own
 * width. The day's timestamps, 8 bytes each in PLAIN, take about 1.5 bytes each this way.
 * Plain JS numbers throughout: the widths can pass 32 bits, so no bitwise operators on values.
 */
export function deltaBinaryPacked(values: ArrayLike<number>): Buffer {
  const out: number[] = [];
  uleb(out, BLOCK);
  uleb(out, MINIBLOCKS);
  uleb(out, values.length);
  uleb(out, zigzag(values[0] ?? 0));
  for (let start = 1; start < values.length; start += BLOCK) {
    const deltas: number[] = [];
    for (let i = start; i < Math.min(start + BLOCK, values.length); i++) deltas.push(values[i] - values[i - 1]);
    const min = Math.min(...deltas);
    uleb(out, zigzag(min));
    const relative = deltas.map((d) => d - min);
    const used = Math.ceil(relative.length / PER_MINIBLOCK);
    const widths: number[] = [];
    for (let m = 0; m < MINIBLOCKS; m++) {
      const part = relative.slice(m * PER_MINIBLOCK, (m + 1) * PER_MINIBLOCK);
      widths.push(m < used ? bitWidth(Math.max(...part)) : 0);
    }
    out.push(...widths);
    // Miniblocks past the last value are left out; the last one used is padded to 32 values.
    for (let m = 0; m < used; m++) {
      const part = relative.slice(m * PER_MINIBLOCK, (m + 1) * PER_MINIBLOCK);
      while (part.length < PER_MINIBLOCK) part.push(0);
      packBits(out, part, widths[m]);
    }
  }
  return Buffer.from(out);
}

/** Values LSB first, each `width` bits, as Parquet's bit-packing lays them out. */
function packBits(out: number[], values: readonly number[], width: number): void {
  const bytes = new Array<number>((values.length * width) / 8).fill(0);
  let bit = 0;
  for (const v of values) {
    let rest = v;
    for (let b = 0; b < width; b++, bit++) {
      if (rest % 2 === 1) bytes[Math.floor(bit / 8)] += 2 ** (bit % 8);
      rest = Math.floor(rest / 2);
    }
  }
  out.push(...bytes);
}

function bitWidth(max: number): number {
  let width = 0;
  while (2 ** width <= max) width++;
  return width;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function uleb(out: number[], n: number): void {
  let rest = n;
  while (rest >= 0x80) {
    out.push((rest % 0x80) + 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}
