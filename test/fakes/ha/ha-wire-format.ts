// How Home Assistant 2023.12 writes values on the wire: times, contexts, floats, ids, voluptuous errors.

export interface FakeContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

/** Python's datetime.isoformat() in UTC: microseconds, "+00:00", and no fraction at all when it is zero. */
export function isoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = micros % 1_000_000;
  return fraction === 0 ? `${base}+00:00` : `${base}.${String(fraction).padStart(6, "0")}+00:00`;
}

/** Epoch seconds as a float, as the compressed formats carry them. */
export function secondsFromMicros(micros: number): number {
  return micros / 1_000_000;
}

/** Microseconds of an ISO time a client sent ("...Z" or "+00:00", any fraction); NaN when unreadable. */
export function microsFromIso(iso: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  if (!m) return Number.NaN;
  const whole = Date.parse(`${m[1]}${m[3] ?? "Z"}`);
  const fraction = Number((m[2] ?? "").slice(0, 6).padEnd(6, "0"));
  return whole * 1000 + fraction;
}

/** Python's repr of a float: 42 → "42.0", 17.5 → "17.5". */
export function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** Python's repr of a value inside a voluptuous message. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** HA's slugify for entity ids and area ids: "Home patterns REST test" → "home_patterns_rest_test". */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "unknown"
  );
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Makes 26-character ULIDs like HA's context ids, and 32-hex ids like its registry ids; deterministic per instance. */
export class IdMaker {
  private counter = 0;

  ulid(ms: number): string {
    let time = "";
    let t = Math.max(0, Math.floor(ms));
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[t % 32] + time;
      t = Math.floor(t / 32);
    }
    let random = "";
    let n = ++this.counter * 2_654_435_761;
    for (let i = 0; i < 16; i++) {
      random += CROCKFORD[n % 32];
      n = Math.floor(n / 32) + i * 7919;
    }
    return time + random;
  }

  hex32(): string {
    let out = "";
    let n = ++this.counter;
    while (out.length < 32) {
      n = (n * 1_103_515_245 + 12_345) % 2_147_483_648;
      out += n.toString(16).padStart(8, "0");
    }
    return out.slice(0, 32);
  }
}

/**
 * A voluptuous-style message for a dict checked against allowed and required keys, errors in the
 * order of the message's keys, like "extra keys not allowed @ data['id']. Got 1".
 */
export function schemaProblems(
  message: Record<string, unknown>,
  schema: { required: string[]; optional?: string[]; exact?: Record<string, unknown> },
): string[] {
  const allowed = new Set([...schema.required, ...(schema.optional ?? [])]);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(message)) {
    if (!allowed.has(key)) problems.push(`extra keys not allowed @ data['${key}']. Got ${pythonRepr(value)}`);
    else if (schema.exact && key in schema.exact && schema.exact[key] !== value) {
      problems.push(`not a valid value for dictionary value @ data['${key}']. Got ${pythonRepr(value)}`);
    }
  }
  for (const key of schema.required) {
    if (!(key in message)) problems.push(`required key not provided @ data['${key}']. Got None`);
  }
  return problems;
}
