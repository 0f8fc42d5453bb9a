// Reads query parameters strictly: a bad value is a 400 with a message, never a silent default.
import type { Context } from "hono";
import { HttpError } from "../core/errors.js";

export interface IntRange {
  min: number;
  max: number;
  default: number;
}

/** An integer query parameter within [min, max]; absent or empty gives the default. */
export function intParam(c: Context, name: string, range: IntRange): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return range.default;
  if (!/^-?\d+$/.test(raw))
    throw new HttpError(400, `${name} must be an integer between ${range.min} and ${range.max}, got "${raw}"`);
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    throw new HttpError(400, `${name} must be an integer between ${range.min} and ${range.max}, got ${value}`);
  }
  return value;
}

/** Reads a JSON request body; malformed JSON or a non-object is a 400 rather than a 500. */
export async function jsonObjectBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, "request body must be a JSON object");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}
