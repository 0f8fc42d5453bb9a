// Pieces the compact row forms share: a blob's string table and the checks that a row fits.

/** Strings of one blob, each stored once and referred to by its index. */
export class StringTable {
  private readonly ids = new Map<string, number>();

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.ids.size;
      this.ids.set(s, i);
    }
    return i;
  }

  strings(): string[] {
    return [...this.ids.keys()];
  }
}

/** Replaces string ids by their strings in place (the list parsed from the blob is the one kept). */
export function stringsOf(ids: number[], strings: readonly string[]): string[] {
  const out = ids as unknown as string[];
  for (let i = 0; i < ids.length; i++) out[i] = strings[ids[i]];
  return out;
}

export const isFiniteNumber = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

export function isCounts(c: unknown): c is Record<string, number> {
  return typeof c === "object" && c !== null && !Array.isArray(c) && Object.values(c).every(isFiniteNumber);
}

/** An object with exactly these own keys. */
export function hasExactKeys(v: unknown, keys: readonly string[]): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
}
