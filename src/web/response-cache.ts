// Serves the same answer to the many panels that ask the same read question within a second.
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../core/clock.js";

export interface ResponseCacheOptions {
  clock: Clock;
  /** How long an answer is reused. */
  ttlMs: number;
  /** Paths answered fresh every time (health checks, streams, user SQL). */
  bypass: readonly string[];
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  at: number;
  body: string;
  type: string;
}

/**
 * The panel's read routes are computed synchronously on the event loop from SQLite; fifty panels
 * polling the same summary would compute it fifty times a second. A GET answered 200 is kept
 * for ttlMs by its URL; any write (POST, PUT, DELETE) that succeeds clears everything, so a
 * dismissed pattern never shows as active afterwards.
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const max = options.maxEntries ?? 200;
  const bypass = new Set(options.bypass);
  return async (c, next) => {
    if (c.req.method !== "GET") {
      await next();
      if (c.res.status < 400) entries.clear();
      return;
    }
    if (bypass.has(c.req.path)) return next();
    const key = c.req.url;
    const now = options.clock.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < options.ttlMs) {
      return c.body(hit.body, 200, { "Content-Type": hit.type, "X-Cache": "hit" });
    }
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (c.res.status !== 200 || !type.startsWith("application/json")) return;
    const body = await c.res.clone().text();
    entries.delete(key);
    entries.set(key, { at: now, body, type });
    if (entries.size > max) entries.delete(entries.keys().next().value!);
  };
}
