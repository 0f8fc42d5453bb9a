// A small seeded random number generator (mulberry32) and the draws the simulator needs.

/** Hashes text to 32 bits (FNV-1a followed by a murmur3 finaliser so close keys spread apart). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A deterministic stream of numbers. Every part of the simulation takes its own stream, keyed
 * by seed, day and purpose, so adding noise never shifts when a routine happens.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for a purpose: the same keys always give the same stream. */
  static for(...keys: (string | number)[]): Prng {
    return new Prng(hashText(keys.join("|")));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; weights need not sum to one. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Standard normal draw (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal around mean, clamped to mean ± tolerance; sd is tolerance / 2 so ~95 % fall inside unclamped. */
  around(mean: number, tolerance: number): number {
    const x = mean + (tolerance / 2) * this.gaussian();
    return Math.min(mean + tolerance, Math.max(mean - tolerance, x));
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** n sorted uniform draws in [min, max) (a typed array: it sorts numerically and fast). */
  sortedUniform(n: number, min: number, max: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = min + (max - min) * this.next();
    return out.sort();
  }
}

const CROCKFORD = Array.from("0123456789ABCDEFGHJKMNPQRSTVWXYZ", (c) => c.charCodeAt(0));

/** A ULID-shaped id (as Home Assistant context ids are): 10 time characters, 16 random ones. */
export function contextId(ts: number, rng: Prng): string {
  const codes = new Array<number>(26);
  let t = Math.max(0, Math.floor(ts));
  for (let i = 9; i >= 0; i--) {
    codes[i] = CROCKFORD[t % 32];
    t = Math.floor(t / 32);
  }
  // 16 characters of 5 bits from three 32-bit draws.
  let bits = 0;
  let word = 0;
  for (let i = 10; i < 26; i++) {
    if (bits < 5) {
      word = Math.floor(rng.next() * 4294967296);
      bits = 32;
    }
    codes[i] = CROCKFORD[word & 31];
    word >>>= 5;
    bits -= 5;
  }
  return String.fromCharCode(...codes);
}

/** A 32-character hex id, the shape of Home Assistant user ids. */
export function hexId(rng: Prng): string {
  let out = "";
  for (let i = 0; i < 32; i++) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}
