// Bounds what a request body may cost before a route reads it: its size (413) and its type (415).
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** Every body the API accepts is a small JSON object; 1 MB leaves room for the longest SQL text. */
export const MAX_BODY_BYTES = 1024 * 1024;

const TOO_LARGE = `the request body is larger than ${MAX_BODY_BYTES} bytes`;

/**
 * A declared Content-Length over the limit is refused before a byte of the body is read; a
 * chunked body is counted as it arrives and refused once it passes the limit, so at most the
 * limit is ever held. The connection is closed after a 413 rather than drained.
 */
export function requestBodyLimit(maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header("Connection", "close");
      return c.json({ error: TOO_LARGE }, 413);
    },
  });
  return (c, next) => limit(c, next);
}

/**
 * The API's bodies are JSON: any other declared type (text/plain and form posts are what a web
 * page can send without asking) gets 415. Requests without a body, such as the backup scripts'
 * bare POSTs, need no type.
 */
export function jsonBodiesOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (!hasBody(c.req.raw.headers)) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
    return c.json({ error: `send the body as application/json (got ${type || "no content type"})` }, 415);
  };
}

function hasBody(headers: Headers): boolean {
  if (headers.has("transfer-encoding")) return true;
  const length = headers.get("content-length");
  return length !== null && length.trim() !== "0";
}
