// Decides who may talk to the web server at all: the Supervisor's ingress proxy, or a bearer token standalone.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";

/** The Supervisor on its Docker network (172.30.32.0/23, host .2): the only ingress peer. */
export const SUPERVISOR_ADDRESS = "172.30.32.2";

/**
 * Paths the container itself may call on its loopback address under the Supervisor: the Docker
 * HEALTHCHECK and the backup_pre/backup_post scripts. Loopback inside the container is reachable
 * only from inside it, i.e. by code that already runs as the add-on.
 */
export const LOOPBACK_PATHS: ReadonlySet<string> = new Set([
  "/api/health",
  "/api/maintenance/checkpoint",
  "/api/maintenance/resume",
]);

/** Needs no token anywhere: a health check must not hold a secret. */
const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(["/api/health"]);

/** The peer address of a request; injectable so tests can pretend to be any address. */
export type RemoteAddressOf = (c: Context) => string | undefined;

/** Reads the socket's peer address the way @hono/node-server passes it (c.env.incoming). */
export const nodeRemoteAddress: RemoteAddressOf = (c) => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
};

export interface IngressGuardOptions {
  /** config.http.ingressOnly: running under the Supervisor. */
  ingressOnly: boolean;
  /** config.http.apiToken: standalone on a network address, every /api call needs it. */
  apiToken?: string;
  remoteAddress?: RemoteAddressOf;
}

/** "::ffff:172.30.32.2" → "172.30.32.2": Node reports IPv4 peers in mapped form on dual-stack sockets. */
export function normalizeAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function isLoopback(address: string | undefined): boolean {
  const a = normalizeAddress(address);
  return a === "::1" || (a !== undefined && /^127\.\d+\.\d+\.\d+$/.test(a));
}

export function isSupervisor(address: string | undefined): boolean {
  return normalizeAddress(address) === SUPERVISOR_ADDRESS;
}

/** Refuses every request the deployment does not allow, before any route runs. */
export function ingressGuard(options: IngressGuardOptions): MiddlewareHandler {
  const remoteAddress = options.remoteAddress ?? nodeRemoteAddress;
  const tokenDigest = options.apiToken ? digest(options.apiToken) : undefined;
  return async (c, next) => {
    const peer = remoteAddress(c);
    const path = c.req.path;
    if (options.ingressOnly) {
      if (isSupervisor(peer)) return next();
      if (isLoopback(peer) && LOOPBACK_PATHS.has(path)) return next();
      return c.json({ error: "Home Patterns only answers Home Assistant's ingress; open it from the sidebar." }, 403);
    }
    if (!tokenDigest) {
      // Without a token the server must be bound to loopback (load-config enforces it); refuse
      // anyone else in case it is not.
      if (isLoopback(peer)) return next();
      return c.json({ error: "Set API_TOKEN to allow connections from other machines." }, 403);
    }
    if (!isApiPath(path) || PUBLIC_API_PATHS.has(path)) return next();
    const presented = presentedToken(c);
    if (presented !== undefined && timingSafeEqual(digest(presented), tokenDigest)) return next();
    c.header("WWW-Authenticate", 'Bearer realm="home-patterns"');
    return c.json({ error: "Missing or wrong API token: send Authorization: Bearer <API_TOKEN>." }, 401);
  };
}

function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/**
 * The bearer token, or for GET requests `?access_token=`: a browser's EventSource cannot set
 * headers, so the panel's live stream has to carry it in the URL.
 */
function presentedToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (match) return match[1];
  if (c.req.method === "GET") return c.req.query("access_token") ?? undefined;
  return undefined;
}

/** Fixed-length digests let timingSafeEqual compare tokens of any length in constant time. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

const SAFE_BASE = /^(\/[A-Za-z0-9._~-]+)+$/;

/**
 * The page's base href: X-Ingress-Path (e.g. /api/hassio_ingress/<token>) plus "/", or "/" when
 * the header is absent or not a plain path. The panel uses only relative URLs under this base.
 */
export function baseHrefFromHeader(ingressPath: string | undefined): string {
  const value = ingressPath?.trim().replace(/\/+$/, "");
  return value && SAFE_BASE.test(value) ? `${value}/` : "/";
}

/** baseHrefFromHeader for a request; safe to put in HTML as it is. */
export function baseHref(c: Context): string {
  return baseHrefFromHeader(c.req.header("x-ingress-path"));
}
