// Refuses what a hostile web page can make a browser send: cross-site writes and DNS-rebound Host names.
import type { Context, MiddlewareHandler } from "hono";

export interface CrossSiteGuardOptions {
  /** Under the Supervisor: the ingress proxy forwards the browser's Host and Origin unchanged. */
  ingressOnly: boolean;
  /** The address the server listens on (config.http.host). */
  listenHost: string;
  /** Names the user allowed besides the listening address and localhost (ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

/** Methods a browser may send cross-site without asking first; they must never change state. */
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * Writes: a browser labels each request with Sec-Fetch-Site (modern ones) and Origin (every one
 * since 2020 for a cross-origin POST, including the text/plain "simple" requests that skip the
 * CORS preflight). Anything but same-origin is refused; without Sec-Fetch-Site, an Origin whose
 * host is not this server's is. Tools such as curl send neither and are not browsers a page can
 * drive.
 *
 * Reads, standalone: with DNS rebinding a page's own name resolves to 127.0.0.1, so the browser
 * treats our answers as same-origin; the Host header still carries the page's name, so only the
 * listening address, localhost and the names the user configured are served.
 *
 * Under the Supervisor, Home Assistant's ingress proxy and the Supervisor's both pass the
 * browser's Host and Origin on unchanged and add X-Forwarded-Host (Home Assistant's name as the
 * browser used it), and only the Supervisor can connect at all: the Host is whatever name the
 * user reaches Home Assistant by, so it is not checked, and an Origin is compared with Host and
 * X-Forwarded-Host.
 */
export function crossSiteGuard(options: CrossSiteGuardOptions): MiddlewareHandler {
  const listen = options.listenHost.toLowerCase().replace(/^\[|\]$/g, "");
  const checksHost = !options.ingressOnly && !WILDCARD_HOSTS.has(listen);
  const allowed = new Set(["localhost", "127.0.0.1", "::1", listen, ...options.allowedHosts.map(hostName)]);
  return async (c, next) => {
    const host = hostName(c.req.header("host") ?? "");
    if (checksHost && !allowed.has(host)) {
      return c.json(
        { error: `This server does not answer to the name "${host}"; add it to ALLOWED_HOSTS to use it.` },
        403,
      );
    }
    if (!SAFE_METHODS.has(c.req.method) && isCrossSite(c, options.ingressOnly ? null : allowed)) {
      return c.json(
        { error: "Changes are only accepted from the Home Patterns panel itself (cross-site request)." },
        403,
      );
    }
    return next();
  };
}

/** With allowed null (ingress), the Origin must match the Host or X-Forwarded-Host the browser used. */
function isCrossSite(c: Context, allowed: ReadonlySet<string> | null): boolean {
  // Set by the browser itself (a page cannot forge it) and untouched by proxies: when present it decides.
  const site = c.req.header("sec-fetch-site")?.toLowerCase();
  if (site !== undefined) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin");
  if (origin === undefined) return false;
  const originHost = originHostName(origin);
  if (originHost === undefined) return true; // "null" from a sandboxed frame or a file: page
  if (allowed) return !allowed.has(originHost);
  const names = [c.req.header("host"), c.req.header("x-forwarded-host")]
    .filter((h): h is string => h !== undefined)
    .flatMap((h) => h.split(","))
    .map(hostName);
  return !names.includes(originHost);
}

/** "Example.com:8099" → "example.com", "[::1]:8099" → "::1". */
function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  return h.replace(/:\d*$/, "");
}

function originHostName(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? hostName(url.host) : undefined;
  } catch {
    return undefined;
  }
}
