// Who accepted, dismissed, created or deleted what: an append-only trail of user actions.

export interface AuditEntry {
  id: number;
  /** Epoch ms, from the injected clock. */
  ts: number;
  /** Home Assistant user id for ingress users; null for the API token, the local user, the system. */
  actorId: string | null;
  /** Display name at the time of the action (names change; the id does not). */
  actorName: string;
  /** How the actor reached us: "ingress", "container", "api_token", "local" or "system". */
  via: string;
  /** Dotted verb, e.g. "pattern.accept", "pattern.dismiss", "automation.create", "anomaly.acknowledge". */
  action: string;
  /** What it was done to, e.g. a pattern key; null for actions on the whole installation. */
  target: string | null;
  /** Anything a later reader needs to understand the action (old and new status, a reason). */
  details: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id">;

/** The fields of an entry that say who did it. */
export type AuditActor = Pick<AuditEntry, "actorId" | "actorName" | "via">;

/** Who acts when no remote user is known (no ingress, no token): the service itself. */
export const UNKNOWN_ACTOR: AuditActor = { actorId: null, actorName: "unknown", via: "system" };

export interface AuditQuery {
  /** Newest first; at most this many (default 100, capped at 1000). */
  limit?: number;
  /** Only entries with an id below this: the cursor for the next page. */
  beforeId?: number;
  target?: string;
  actorId?: string;
  action?: string;
}

export interface AuditLog {
  /** Stores one entry and returns it with its id. */
  record(entry: NewAuditEntry): AuditEntry;
  /** Entries newest first, filtered and paged. */
  list(query?: AuditQuery): AuditEntry[];
  /** Removes entries older than `before` (epoch ms), for retention; returns how many went. */
  deleteBefore(before: number): number;
}

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

/** The page size a query asks for, within bounds. */
export function auditLimit(query: AuditQuery | undefined): number {
  const n = query?.limit ?? AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`limit must be a whole number of at least 1, got ${n}`);
  return Math.min(n, AUDIT_PAGE_MAX);
}
