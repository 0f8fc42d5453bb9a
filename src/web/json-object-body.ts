// Reads a JSON request body that must be an object, naming the keys a route takes.
import type { Context } from "hono";
import { HttpError } from "../core/errors.js";

/**
 * Reads a JSON request body; malformed JSON or a non-object is a 400 rather than a 500. With
 * `keys`, a key the route does not take is a 400 too, so a misspelt parameter is never ignored.
 */
export async function jsonObjectBody(c: Context, keys?: readonly string[]): Promise<Record<string, unknown>> {
  return objectFrom(await c.req.text(), keys, false);
}

/** The same for a route whose body may be left out: an empty body reads as {}. */
export async function optionalJsonObjectBody(c: Context, keys: readonly string[]): Promise<Record<string, unknown>> {
  return objectFrom(await c.req.text(), keys, true);
}

function objectFrom(text: string, keys: readonly string[] | undefined, optional: boolean): Record<string, unknown> {
  if (optional && text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "request body must be a JSON object");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "request body must be a JSON object");
  }
  if (keys !== undefined) refuseUnknownKeys(body, keys);
  return body as Record<string, unknown>;
}

/** A 400 naming the keys of a body object that the route does not take. */
export function refuseUnknownKeys(body: object, keys: readonly string[]): void {
  const unknown = Object.keys(body).filter((k) => !keys.includes(k));
  if (unknown.length === 0) return;
  const takes = keys.length === 0 ? "this request takes no parameters" : `it takes only ${keys.join(", ")}`;
  throw new HttpError(
    400,
    `unknown ${unknown.length === 1 ? "key" : "keys"} ${unknown.map((k) => `"${k}"`).join(", ")}: ${takes}`,
  );
}
