// The co-occurrence kind's pairs of one day, in typed arrays: a burst of entities changing together makes millions.

/**
 * Pair numbers for (trigger id, follower id), with each pair's counters in columns. A Map keyed
 * by a number per pair and a JS array per counter took about 170 bytes a pair; this takes about
 * 60 (open addressing over typed arrays, kept at most half full).
 */
export class PairTable {
  size = 0;
  a = new Int32Array(0);
  b = new Int32Array(0);
  /** The trigger's next occurrence not yet credited to this pair. */
  next = new Int32Array(0);
  /** `windows` counts per pair, pair-major. */
  hits = new Int32Array(0);
  delaySumMs = new Float64Array(0);
  automated = new Int32Array(0);
  /** Pair number + 1 in each slot, 0 when free. */
  private slots = new Int32Array(1024);

  constructor(private readonly windows: number) {
    this.grow(256);
  }

  /** The pair's number, a new one (counters at 0) the first time. */
  pairOf(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let i = hash(a, b) & mask;
    for (;;) {
      const s = this.slots[i];
      if (s === 0) break;
      if (this.a[s - 1] === a && this.b[s - 1] === b) return s - 1;
      i = (i + 1) & mask;
    }
    if (this.size === this.a.length) this.grow(this.a.length * 2);
    const p = this.size++;
    this.a[p] = a;
    this.b[p] = b;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[i] = p + 1;
    return p;
  }

  private grow(capacity: number): void {
    const w = this.windows;
    this.a = resized(this.a, capacity);
    this.b = resized(this.b, capacity);
    this.next = resized(this.next, capacity);
    this.hits = resized(this.hits, capacity * w);
    this.automated = resized(this.automated, capacity);
    const delay = new Float64Array(capacity);
    delay.set(this.delaySumMs);
    this.delaySumMs = delay;
  }

  /** Places every pair again, the newest included, in `capacity` slots. */
  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let p = 0; p < this.size; p++) {
      let i = hash(this.a[p], this.b[p]) & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = p + 1;
    }
  }
}

function resized(from: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(capacity);
  to.set(from);
  return to;
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
