// Checks option values against the Supervisor's schema language and reports every problem.
import { OPTION_SCHEMA, type OptionSpec } from "./option-schema.js";

export interface ValidationResult {
  values: Record<string, unknown>;
  problems: string[];
}

/** Validates raw options (from /data/options.json or the environment), filling defaults. */
export function validateOptions(
  raw: Record<string, unknown>,
  schema: Record<string, OptionSpec> = OPTION_SCHEMA,
): ValidationResult {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in schema)) problems.push(`${key}: unknown option`);
  }
  for (const [key, spec] of Object.entries(schema)) {
    const optional = spec.type.endsWith("?");
    const value = raw[key] === undefined ? spec.default : raw[key];
    if (value === undefined || (optional && (value === null || value === ""))) {
      if (!optional) problems.push(`${key}: required`);
      continue;
    }
    const list = /^\[(.+)\]$/.exec(spec.type);
    if (list) {
      if (!Array.isArray(value)) {
        problems.push(`${key}: expected a list, got ${JSON.stringify(value)}`);
        continue;
      }
      value.forEach((item, i) => {
        const p = checkScalar(list[1], item);
        if (p) problems.push(`${key}[${i}]: ${p}`);
      });
      values[key] = value;
      continue;
    }
    const p = checkScalar(spec.type.replace(/\?$/, ""), value);
    if (p) problems.push(`${key}: ${p}`);
    else values[key] = value;
  }
  return { values, problems };
}

const RANGE = /^(int|float|str|password)(?:\((-?[\d.]*),(-?[\d.]*)\))?$/;

/** One scalar against one Supervisor type; returns a problem or undefined. */
export function checkScalar(type: string, value: unknown): string | undefined {
  const got = JSON.stringify(value);
  if (type === "bool") return typeof value === "boolean" ? undefined : `expected true or false, got ${got}`;
  if (type === "port") {
    return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535
      ? undefined
      : `expected a port 1-65535, got ${got}`;
  }
  if (type === "url") {
    if (typeof value !== "string") return `expected a URL, got ${got}`;
    try {
      new URL(value);
      return undefined;
    } catch {
      return `expected a URL, got ${got}`;
    }
  }
  if (type === "email") {
    return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value)
      ? undefined
      : `expected an e-mail address, got ${got}`;
  }
  const select = /^list\((.+)\)$/.exec(type);
  if (select) {
    const allowed = select[1].split("|");
    return typeof value === "string" && allowed.includes(value)
      ? undefined
      : `expected one of ${allowed.join(", ")}, got ${got}`;
  }
  const match = /^match\((.+)\)$/.exec(type);
  if (match) {
    return typeof value === "string" && new RegExp(`^(?:${match[1]})$`).test(value)
      ? undefined
      : `does not match ${match[1]}: ${got}`;
  }
  const range = RANGE.exec(type);
  if (!range) return `unsupported schema type ${type}`;
  const [, base, lo, hi] = range;
  const min = lo ? Number(lo) : undefined;
  const max = hi ? Number(hi) : undefined;
  if (base === "int" || base === "float") {
    const ok = typeof value === "number" && Number.isFinite(value) && (base === "float" || Number.isInteger(value));
    if (!ok) return `expected ${base === "int" ? "a whole number" : "a number"}, got ${got}`;
    if (min !== undefined && (value as number) < min) return `must be at least ${min}, got ${got}`;
    if (max !== undefined && (value as number) > max) return `must be at most ${max}, got ${got}`;
    return undefined;
  }
  if (typeof value !== "string") return `expected text, got ${got}`;
  if (min !== undefined && value.length < min) return `must be at least ${min} characters`;
  if (max !== undefined && value.length > max) return `must be at most ${max} characters`;
  return undefined;
}
