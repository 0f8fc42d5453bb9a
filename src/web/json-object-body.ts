// Reads a JSON request body that must be an object.
import type { Context } from "hono";
import { HttpError } from "../core/errors.js";

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
