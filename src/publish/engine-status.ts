// How an optional external engine (Redis, InfluxDB, Neo4j) reports itself in /api/health.

/**
 * off: its option is not set. ok: working, or idle until there is something to send.
 * degraded: failing for now (unreachable, refused), retrying on its own.
 * error: cannot work until the user changes something (a refused password, missing options).
 */
export type EngineState = "ok" | "degraded" | "error" | "off";

export interface EngineStatus {
  name: string;
  state: EngineState;
  detail: string;
}

/** A URL fit for logs and the panel: the password replaced by ***. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString().replace(/\/$/, "");
  } catch {
    return raw.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
  }
}
