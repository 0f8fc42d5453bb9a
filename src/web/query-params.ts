// The kinds of query parameter a route can declare: each reads its text strictly, never a silent default.
import { InputError } from "../core/errors.js";
import { apiTimeRefusal, readApiTime } from "./api-time.js";

/** One query parameter a route takes: its value when absent, and how a given text becomes a value. */
export interface QueryParam<T> {
  /** What a value must look like and its default, as DOCS.md's API section says: "an integer between 1 and 20 (default 8)". */
  readonly expects: string;
  /** The value when the parameter is not in the URL. */
  readonly absent: T;
  /** Reads the parameter's text (maybe ""); throws InputError naming `name` when it is malformed. */
  read(raw: string, name: string): T;
}

/** A parameter of its own kind (a status list, a time). */
export function queryParam<T>(param: QueryParam<T>): QueryParam<T> {
  return param;
}

export interface IntRange {
  min: number;
  max: number;
  default: number;
}

/** An integer within [min, max]; absent or empty gives the default. */
export function integerParam(range: IntRange): QueryParam<number> {
  const between = `an integer between ${range.min} and ${range.max}`;
  return {
    expects: `${between} (default ${range.default})`,
    absent: range.default,
    read(raw, name) {
      if (raw === "") return range.default;
      if (!/^-?\d+$/.test(raw)) throw new InputError(`${name} must be ${between}, got "${raw}"`);
      const value = Number(raw);
      // The text as written: 99999999999999999999 is not 100000000000000000000.
      if (value < range.min || value > range.max) throw new InputError(`${name} must be ${between}, got ${raw}`);
      return value;
    },
  };
}

/** One of a fixed list of words; absent or empty gives `fallback`. */
export function choiceParam<T extends string>(allowed: readonly T[]): QueryParam<T | undefined>;
export function choiceParam<T extends string>(allowed: readonly T[], fallback: T): QueryParam<T>;
export function choiceParam<T extends string>(allowed: readonly T[], fallback?: T): QueryParam<T | undefined> {
  return {
    expects: `one of ${allowed.join(", ")}${fallback === undefined ? "" : ` (default ${fallback})`}`,
    absent: fallback,
    read(raw, name) {
      if (raw === "") return fallback;
      if (!(allowed as readonly string[]).includes(raw))
        throw new InputError(`${name} must be one of ${allowed.join(", ")}; got "${raw}"`);
      return raw as T;
    },
  };
}

/** A free text filter (an entity or area id); empty is the same as absent. */
export function filterParam(expects: string): QueryParam<string | undefined> {
  return { expects, absent: undefined, read: (raw) => (raw === "" ? undefined : raw) };
}

/** A text the route checks itself, given as it is (empty included), undefined when absent. */
export function textParam(expects: string): QueryParam<string | undefined> {
  return { expects, absent: undefined, read: (raw) => raw };
}

/** A time as ISO 8601 or epoch milliseconds; empty is the same as absent. */
export function timeParam(): QueryParam<number | undefined> {
  return {
    expects: "an ISO time or epoch milliseconds",
    absent: undefined,
    read(raw, name) {
      if (raw === "") return undefined;
      const time = readApiTime(raw);
      if (!time.ok) throw new InputError(apiTimeRefusal(name, raw, time));
      return time.ms;
    },
  };
}
