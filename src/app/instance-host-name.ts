// The host name an instance gives the others: the Home Assistant host's own under the Supervisor, where every add-on container has the same one.
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface InstanceHostNameDeps {
  /** Set when running as an add-on (SUPERVISOR_TOKEN): e.g. http://supervisor. */
  supervisor?: { url: string; token: string };
  fetch?: FetchFn;
  /** os.hostname(): an add-on container's is its slug-based name, alike on every host. */
  osHostName: () => string;
  logger: Logger;
}

/**
 * Under the Supervisor, the `hostname` of its `GET /info`, which every add-on may call (no
 * hassio_api needed); else, or when that fails, os.hostname(), saying why in the log.
 */
export async function instanceHostName(deps: InstanceHostNameDeps): Promise<string> {
  if (!deps.supervisor) return deps.osHostName();
  const endpoint = `${deps.supervisor.url.replace(/\/+$/, "")}/info`;
  try {
    return await supervisorHostName(endpoint, deps.supervisor.token, deps.fetch ?? globalThis.fetch);
  } catch (err) {
    const fallback = deps.osHostName();
    deps.logger.warn("cannot read the host's name from the Supervisor; the other instances see this container's", {
      endpoint,
      error: errorMessage(err),
      hostName: fallback,
    });
    return fallback;
  }
}

async function supervisorHostName(endpoint: string, token: string, fetchFn: FetchFn): Promise<string> {
  const response = await fetchFn(endpoint, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  const text = await response.text();
  let body: { result?: unknown; message?: unknown; data?: { hostname?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok || body?.result !== "ok") {
    const message = typeof body?.message === "string" ? body.message : text.trim().slice(0, 200);
    throw new Error(`the Supervisor answered ${response.status}: ${message || "no message"}`);
  }
  const hostname = body.data?.hostname;
  // null when the Supervisor could not read the host's name itself.
  if (typeof hostname !== "string" || hostname.trim() === "") {
    throw new Error(`the Supervisor's answer has no host name: ${JSON.stringify(hostname ?? null)}`);
  }
  return hostname.trim();
}
